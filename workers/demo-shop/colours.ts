/**
 * The fixed colour vocabulary of the demo shop. Paintings are drawn only with these
 * colours (plus slight shading), so "a blue painting" in the catalogue really is blue
 * and the offline pipeline's colour search can be checked against ground truth.
 */

import { COLOUR_NAMES, COLOURS, type ColourName, type Rgb } from "../../app/server/search/colour-vocabulary.ts";

/** The vocabulary is the product's (app/server/search/colour-vocabulary.ts); the shop paints with it. */
export { COLOUR_NAMES, COLOURS, type ColourName, type Rgb };

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
