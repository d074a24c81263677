/**
 * Procedural paintings: a style composer paints palette slots, then slots become RGB with
 * slight shading (a vertical light gradient and a 4x4 canvas-weave texture). The texture is
 * periodic so PNG compression stays cheap, and shading never moves a pixel further than
 * SHADING_MAX_DISTANCE from its named colour.
 */
import { IndexCanvas } from "./canvas.ts";
import { COLOURS, type ColourName } from "./colours.ts";
import { COMPOSERS } from "./painting-styles.ts";
import { Rng } from "./random.ts";
import type { DemoArtwork } from "./types.ts";

export type PaintingSpec = Pick<DemoArtwork, "style" | "primaryColour" | "secondaryColours" | "image">;

export interface RenderedPainting {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, alpha always 255. */
  rgba: Uint8Array;
}

/** Per-channel shading limits; sqrt(3) * (5 + 2) ≈ 12.1 stays within SHADING_MAX_DISTANCE. */
export const GRADIENT_MAX = 5;
export const TEXTURE_MAX = 2;

export function renderPainting(spec: PaintingSpec): RenderedPainting {
  const { width, height, seed } = spec.image;
  const rng = new Rng(seed);
  const canvas = new IndexCanvas(width, height, 0);
  COMPOSERS[spec.style](canvas, rng, spec.secondaryColours.length);

  const palette = [spec.primaryColour, ...spec.secondaryColours].map((name: ColourName) => COLOURS[name]);
  const gradient = rng.range(-GRADIENT_MAX, GRADIENT_MAX);
  const texture = Array.from({ length: 16 }, () => rng.int(-TEXTURE_MAX, TEXTURE_MAX));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const light = Math.round(gradient * ((2 * y) / Math.max(1, height - 1) - 1));
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const colour = palette[canvas.slots[i] ?? 0] ?? palette[0];
      if (!colour) continue;
      const shade = light + (texture[((y & 3) << 2) | (x & 3)] ?? 0);
      const o = i * 4;
      rgba[o] = clamp(colour[0] + shade);
      rgba[o + 1] = clamp(colour[1] + shade);
      rgba[o + 2] = clamp(colour[2] + shade);
      rgba[o + 3] = 255;
    }
  }
  return { width, height, rgba };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
