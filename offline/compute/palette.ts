/**
 * Dominant colours of one image: k-means over its pixels in OKLab, near-duplicate clusters
 * merged, each named after the nearest colour of the project's shared vocabulary (the demo
 * shop's 16 names), so "a crimson painting" means the same thing in the crawler, the pipeline
 * and search. The caller decodes and downsamples (e.g. sharp to 64x64); this is pure computation.
 */
import { COLOUR_NAMES, COLOURS, type ColourName } from "../../workers/demo-shop/colours.ts";
import { kmeans } from "./kmeans.ts";
import { type Oklab, type Rgb, oklabToRgb, rgbToOklab } from "./oklab.ts";

export interface PaletteColour {
  /** "#rrggbb" of the cluster's mean colour. */
  hex: string;
  /** Nearest named colour (OKLab distance). */
  name: ColourName;
  /** Share of the image's (opaque) pixels; the palette's weights sum to 1. */
  weight: number;
}

export interface PaletteOptions {
  /** Clusters before merging. */
  k?: number;
  seed?: number;
  /** Centres closer than this (OKLab) are one colour; below the closest named pair (0.096). */
  mergeDistance?: number;
  /** Colours covering less than this share are noise (anti-aliasing, specks) and are dropped. */
  minWeight?: number;
  /** With 4 channels, pixels whose alpha is below this are ignored. */
  alphaThreshold?: number;
}

const NAMED: ReadonlyArray<{ name: ColourName; lab: Oklab }> = COLOUR_NAMES.map((name) => ({
  name,
  lab: rgbToOklab(...COLOURS[name]),
}));

/** Nearest named colour in OKLab; ties go to the earlier name in COLOUR_NAMES. */
export function nameColour(rgb: Rgb): ColourName {
  return nameOklab(rgbToOklab(rgb[0], rgb[1], rgb[2]));
}

function nameOklab(lab: Oklab): ColourName {
  let best = NAMED[0] as (typeof NAMED)[number];
  let bestD = Infinity;
  for (const named of NAMED) {
    const d = (named.lab[0] - lab[0]) ** 2 + (named.lab[1] - lab[1]) ** 2 + (named.lab[2] - lab[2]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = named;
    }
  }
  return best.name;
}

/**
 * `pixels` is interleaved RGB (channels 3) or RGBA (channels 4), 8 bits each. Returns the
 * palette sorted by weight, heaviest first; empty when no pixel is opaque.
 */
export function extractPalette(
  pixels: Uint8Array | Uint8ClampedArray,
  channels: 3 | 4,
  options: PaletteOptions = {},
): PaletteColour[] {
  if (pixels.length % channels !== 0) throw new Error(`extractPalette: ${pixels.length} bytes is not a whole number of ${channels}-channel pixels`);
  const k = options.k ?? 5;
  const mergeDistance = options.mergeDistance ?? 0.05;
  const minWeight = options.minWeight ?? 0.01;
  const alphaThreshold = options.alphaThreshold ?? 128;

  // Identical pixels become one weighted point: flat artwork has few distinct colours, and the
  // order of first appearance keeps the result deterministic.
  const counts = new Map<number, number>();
  for (let o = 0; o < pixels.length; o += channels) {
    if (channels === 4 && (pixels[o + 3] as number) < alphaThreshold) continue;
    const key = ((pixels[o] as number) << 16) | ((pixels[o + 1] as number) << 8) | (pixels[o + 2] as number);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const points = new Float32Array(counts.size * 3);
  const weights = new Float32Array(counts.size);
  let row = 0;
  let total = 0;
  for (const [key, count] of counts) {
    points.set(rgbToOklab(key >>> 16, (key >>> 8) & 255, key & 255), row * 3);
    weights[row] = count;
    total += count;
    row++;
  }

  const result = kmeans(points, counts.size, 3, k, { seed: options.seed ?? 0, weights, restarts: 2 });
  let clusters = Array.from({ length: result.k }, (_, c) => ({
    lab: [result.centres[c * 3] ?? 0, result.centres[c * 3 + 1] ?? 0, result.centres[c * 3 + 2] ?? 0] as Oklab,
    weight: 0,
  }));
  for (let i = 0; i < counts.size; i++) {
    const cluster = clusters[result.assignment[i] as number];
    if (cluster) cluster.weight += (weights[i] as number) / total;
  }
  clusters = mergeClose(clusters.filter((c) => c.weight > 0), mergeDistance);

  // Drop specks, then renormalise so the weights still sum to 1.
  const kept = clusters.filter((c) => c.weight >= minWeight);
  const finalClusters = kept.length > 0 ? kept : clusters;
  const keptTotal = finalClusters.reduce((sum, c) => sum + c.weight, 0);
  return finalClusters
    .map((c) => {
      const rgb = oklabToRgb(c.lab[0], c.lab[1], c.lab[2]);
      return { hex: toHex(rgb), name: nameOklab(c.lab), weight: c.weight / keptTotal };
    })
    .sort((a, b) => b.weight - a.weight || (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
}

/** Repeatedly merge the closest pair of centres while it is within `limit` (weighted mean). */
function mergeClose(clusters: Array<{ lab: Oklab; weight: number }>, limit: number): Array<{ lab: Oklab; weight: number }> {
  const list = clusters.map((c) => ({ lab: [...c.lab] as Oklab, weight: c.weight }));
  for (;;) {
    let bestI = -1;
    let bestJ = -1;
    let bestD = limit;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = (list[i] as (typeof list)[number]).lab;
        const b = (list[j] as (typeof list)[number]).lab;
        const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        if (d < bestD) {
          bestD = d;
          bestI = i;
          bestJ = j;
        }
      }
    }
    if (bestI < 0) return list;
    const a = list[bestI] as (typeof list)[number];
    const b = list[bestJ] as (typeof list)[number];
    const w = a.weight + b.weight;
    a.lab = [0, 1, 2].map((x) => (a.lab[x]! * a.weight + b.lab[x]! * b.weight) / w) as Oklab;
    a.weight = w;
    list.splice(bestJ, 1);
  }
}

function toHex(rgb: readonly number[]): string {
  return "#" + rgb.map((v) => v.toString(16).padStart(2, "0")).join("");
}
