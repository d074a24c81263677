/**
 * The fixed colour vocabulary of the demo shop. Paintings are drawn only with these
 * colours (plus slight shading), so "a blue painting" in the catalogue really is blue
 * and the offline pipeline's colour search can be checked against ground truth.
 */

export const COLOUR_NAMES = [
  "red", "crimson", "orange", "yellow", "gold", "green", "olive", "teal",
  "blue", "navy", "purple", "pink", "brown", "black", "white", "grey",
] as const;

export type ColourName = (typeof COLOUR_NAMES)[number];

export type Rgb = readonly [number, number, number];

/**
 * sRGB values. Every pair is further apart (Euclidean, 0-255 space) than
 * COLOUR_MATCH_DISTANCE + SHADING_MAX_DISTANCE, so a shaded pixel is never near two names.
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

/** A pixel counts as a colour when it lies within this RGB distance of it. */
export const COLOUR_MATCH_DISTANCE = 32;

/** The renderer's shading never moves a pixel further than this from its colour. */
export const SHADING_MAX_DISTANCE = 13;

export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** "crimson" -> "Crimson", for titles. */
export function colourTitle(name: ColourName): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
