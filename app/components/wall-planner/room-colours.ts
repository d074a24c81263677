/**
 * A room photo's dominant colours in the site's colour vocabulary: the photo
 * drawn small on a canvas in the browser, each pixel counted under its nearest
 * named swatch, the names holding a real share of the photo returned.
 */

export interface Swatch {
  name: string;
  hex: string;
}

export interface SwatchShare extends Swatch {
  /** Share of the photo's pixels, 0-1. */
  share: number;
}

const SAMPLE = 48;
const MIN_SHARE = 0.08;
const MAX_COLOURS = 3;

function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Counts pixels (RGBA bytes) under their nearest swatch; the largest shares first. */
export function swatchShares(pixels: Uint8ClampedArray, swatches: readonly Swatch[]): SwatchShare[] {
  const rgb = swatches.map((s) => rgbOf(s.hex));
  const counts = new Array<number>(swatches.length).fill(0);
  let total = 0;
  for (let i = 0; i + 3 < pixels.length; i += 4) {
    if (pixels[i + 3]! < 128) continue;
    let best = 0;
    let bestD = Infinity;
    for (let s = 0; s < rgb.length; s++) {
      const [r, g, b] = rgb[s]!;
      const d = (pixels[i]! - r) ** 2 + (pixels[i + 1]! - g) ** 2 + (pixels[i + 2]! - b) ** 2;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    counts[best]!++;
    total++;
  }
  if (total === 0) return [];
  return swatches
    .map((s, i) => ({ ...s, share: counts[i]! / total }))
    .filter((s) => s.share >= MIN_SHARE)
    .sort((a, b) => b.share - a.share)
    .slice(0, MAX_COLOURS);
}

/** The photo's dominant named colours (in the browser only). */
export function dominantSwatches(image: HTMLImageElement, swatches: readonly Swatch[]): SwatchShare[] {
  const canvas = document.createElement("canvas");
  canvas.width = SAMPLE;
  canvas.height = SAMPLE;
  const ctx = canvas.getContext("2d");
  if (!ctx) return [];
  ctx.drawImage(image, 0, 0, SAMPLE, SAMPLE);
  return swatchShares(ctx.getImageData(0, 0, SAMPLE, SAMPLE).data, swatches);
}
