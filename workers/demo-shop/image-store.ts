/**
 * Rendered and encoded paintings, cached by artwork id. An id's image never changes between
 * versions, so one cache serves both versions and the partner shop (which shares bytes).
 * Colour shares are cached separately: the ground truth needs them for every work, and
 * measuring a render is about half the cost of also encoding it. An optional second-level
 * cache (the Node server's is on disk: image-disk-cache.ts) keeps both across processes.
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

/** A rendered work as a cache keeps it: the encoded PNG and the colour shares measured on it. */
export interface CachedImage {
  png: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  shares: Record<string, number>;
}

/** Where rendered works outlive the process; a miss (or an unreadable entry) is null. */
export interface ImageCache {
  read(work: ImageSubject): CachedImage | null;
  write(work: ImageSubject, image: CachedImage): void;
}

export class ImageStore {
  private readonly images = new Map<number, StoredImage>();
  private readonly shares = new Map<number, Record<string, number>>();

  constructor(private readonly cache: ImageCache | null = null) {}

  /** The encoded PNG (rendered on first use, unless the cache has it). */
  get(work: ImageSubject): StoredImage {
    const hit = this.images.get(work.id);
    if (hit) return hit;
    const cached = this.cache?.read(work);
    if (cached) {
      this.shares.set(work.id, cached.shares);
      return this.keep(work.id, cached.png, cached.width, cached.height);
    }
    const painting = renderPainting(work);
    const shares = this.measure(work, painting);
    const png = encodePaintingPng(painting);
    this.cache?.write(work, { png, width: painting.width, height: painting.height, shares });
    return this.keep(work.id, png, painting.width, painting.height);
  }

  /** Measured share of pixels near each of the work's colours (primary first). */
  colourShares(work: ImageSubject): Record<string, number> {
    const known = this.shares.get(work.id);
    if (known) return known;
    // With a cache, render and encode once so the next process reads both instead of rendering.
    if (this.cache) {
      this.get(work);
      return this.shares.get(work.id)!;
    }
    return this.measure(work, renderPainting(work));
  }

  /** Renders and encodes everything up front (the Node demo does this before printing its URL). */
  warm(works: readonly ImageSubject[]): void {
    for (const work of works) this.get(work);
  }

  private keep(id: number, png: Uint8Array<ArrayBuffer>, width: number, height: number): StoredImage {
    const stored: StoredImage = { png, etag: etagFor(png, "img"), width, height };
    this.images.set(id, stored);
    return stored;
  }

  private measure(work: ImageSubject, painting: RenderedPainting): Record<string, number> {
    const names: ColourName[] = [work.primaryColour, ...work.secondaryColours];
    const shares = measureColourShares(painting.rgba, 4, names);
    this.shares.set(work.id, shares);
    return shares;
  }
}
