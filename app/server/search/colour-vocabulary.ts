/**
 * The product's colour vocabulary: 16 names and their swatch sRGB values. The offline palette
 * namer names every palette colour after the nearest of these, so artworks.dominant_colour and
 * the vector metadata `colour` hold one of these names, and search filters on them. The demo
 * shop paints with exactly these (workers/demo-shop/colours.ts imports them from here), so its
 * ground truth can be checked against what the site says.
 */

export const COLOUR_NAMES = [
  "red", "crimson", "orange", "yellow", "gold", "green", "olive", "teal",
  "blue", "navy", "purple", "pink", "brown", "black", "white", "grey",
] as const;

export type ColourName = (typeof COLOUR_NAMES)[number];

export type Rgb = readonly [number, number, number];

/**
 * sRGB values. Every pair is far enough apart (Euclidean, 0-255 space) that a slightly shaded
 * pixel is never near two names (the demo shop's renderer relies on this).
 */
export const COLOURS: Readonly<Record<ColourName, Rgb>> = {
  red: [215, 35, 40],
  crimson: [150, 15, 55],
  orange: [240, 120, 25],
  yellow: [250, 225, 60],
  gold: [205, 165, 35],
  green: [50, 155, 60],
  olive: [115, 125, 25],
  teal: [20, 128, 135],
  blue: [40, 100, 210],
  navy: [25, 35, 110],
  purple: [120, 50, 160],
  pink: [240, 140, 185],
  brown: [110, 62, 32],
  black: [22, 22, 24],
  white: [245, 244, 238],
  grey: [130, 130, 130],
};
