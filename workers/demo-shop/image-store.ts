/**
 * Rendered and encoded paintings, cached by artwork id. An id's image never changes between
 * versions, so one cache serves both versions and the partner shop (which shares bytes).
 * Colour shares are cached separately: the ground truth needs them for every work, and
 * measuring a render is about half the cost of also encoding it.
 */
import { measureColourShares } from "./colour-share.ts";
import type { ColourName } from "./colours.ts";
import { etagFor } from "./http-cache.ts";
import { renderPainting, type PaintingSpec, type RenderedPainting } from "./painting.ts";
import { encodePaintingPng } from "./png.ts";

export interface StoredImage {
  png: Uint8Array<ArrayBuffer>;
  etag: string;
  width: number;
  height: number;
}

export type ImageSubject = PaintingSpec & { id: number };

export class ImageStore {
  private readonly images = new Map<number, StoredImage>();
  private readonly shares = new Map<number, Record<string, number>>();

  /** The encoded PNG (rendered on first use). */
  get(work: ImageSubject): StoredImage {
    const hit = this.images.get(work.id);
    if (hit) return hit;
    const painting = renderPainting(work);
    this.measure(work, painting);
    const png = encodePaintingPng(painting);
    const stored: StoredImage = { png, etag: etagFor(png, "img"), width: painting.width, height: painting.height };
    this.images.set(work.id, stored);
    return stored;
  }

  /** Measured share of pixels near each of the work's colours (primary first). */
  colourShares(work: ImageSubject): Record<string, number> {
    return this.shares.get(work.id) ?? this.measure(work, renderPainting(work));
  }

  /** Renders and encodes everything up front (the Node demo does this before printing its URL). */
  warm(works: readonly ImageSubject[]): void {
    for (const work of works) this.get(work);
  }

  private measure(work: ImageSubject, painting: RenderedPainting): Record<string, number> {
    const names: ColourName[] = [work.primaryColour, ...work.secondaryColours];
    const shares = measureColourShares(painting.rgba, 4, names);
    this.shares.set(work.id, shares);
    return shares;
  }
}
