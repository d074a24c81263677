import { COLOUR_MATCH_DISTANCE, COLOURS, type ColourName } from "./colours.ts";

/**
 * Measures, for each named colour, the share of pixels within COLOUR_MATCH_DISTANCE of it.
 * This is the "measured" number the ground truth reports and the tests check, so it works on
 * raw pixels (RGB or RGBA) rather than on the renderer's own bookkeeping.
 */
export function measureColourShares(
  pixels: Uint8Array | Uint8ClampedArray | Uint16Array,
  channels: number,
  names: readonly ColourName[],
): Record<string, number> {
  const limit = COLOUR_MATCH_DISTANCE * COLOUR_MATCH_DISTANCE;
  const targets = names.map((name) => COLOURS[name]);
  const counts = new Array<number>(names.length).fill(0);
  const pixelCount = Math.floor(pixels.length / channels);
  for (let p = 0; p < pixelCount; p++) {
    const o = p * channels;
    const r = pixels[o] ?? 0;
    const g = pixels[o + 1] ?? 0;
    const b = pixels[o + 2] ?? 0;
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i] as readonly [number, number, number];
      const dr = r - t[0];
      const dg = g - t[1];
      const db = b - t[2];
      if (dr * dr + dg * dg + db * db <= limit) counts[i] = (counts[i] ?? 0) + 1;
    }
  }
  const shares: Record<string, number> = {};
  names.forEach((name, i) => {
    // Four decimals: enough for tests, and keeps ground-truth JSON stable and short.
    shares[name] = Math.round(((counts[i] ?? 0) / Math.max(1, pixelCount)) * 10000) / 10000;
  });
  return shares;
}
