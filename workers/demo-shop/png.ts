/** PNG encoding of rendered paintings with fast-png (pure JS, so it also runs in a Worker). */
import { encode } from "fast-png";
import type { RenderedPainting } from "./painting.ts";

/**
 * Encodes as 8-bit RGB (alpha is always opaque, dropping it saves a quarter of the bytes).
 * Returns a copy backed by a plain ArrayBuffer so it can be a Response body anywhere.
 */
export function encodePaintingPng(painting: RenderedPainting): Uint8Array<ArrayBuffer> {
  const { width, height, rgba } = painting;
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p] ?? 0;
    rgb[q + 1] = rgba[p + 1] ?? 0;
    rgb[q + 2] = rgba[p + 2] ?? 0;
  }
  const encoded = encode({ width, height, data: rgb, channels: 3, depth: 8 });
  const out = new Uint8Array(new ArrayBuffer(encoded.length));
  out.set(encoded);
  return out;
}
