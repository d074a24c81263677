/**
 * The colours search understands: the product's 16-name vocabulary (colour-vocabulary.ts; the demo shop
 * paints with exactly these, and the offline palette namer names every palette colour after
 * the nearest of them, so artworks.dominant_colour and the vector metadata `colour` hold one
 * of these names), their swatch hex values, and a few unambiguous synonyms.
 */
import { COLOUR_NAMES, COLOURS, type ColourName } from "./colour-vocabulary";

export { COLOUR_NAMES, type ColourName };

export interface Swatch {
  name: ColourName;
  hex: string;
}

function hexOf([r, g, b]: readonly [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

export const SWATCHES: readonly Swatch[] = COLOUR_NAMES.map((name) => ({ name, hex: hexOf(COLOURS[name]) }));

/**
 * Words that mean one of the 16 colours. Only words that are hardly ever a subject are here:
 * "rose", "lemon", "cherry", "wine", "snow" or "rust" name things people search for, so they
 * stay in the text and reach the semantic model instead.
 */
export const COLOUR_SYNONYMS: Readonly<Record<string, ColourName>> = {
  gray: "grey",
  scarlet: "red",
  vermilion: "red",
  maroon: "crimson",
  burgundy: "crimson",
  turquoise: "teal",
  aqua: "teal",
  azure: "blue",
  cobalt: "blue",
  indigo: "navy",
  violet: "purple",
  lavender: "purple",
  lilac: "purple",
  golden: "gold",
  emerald: "green",
  khaki: "olive",
  ivory: "white",
  ebony: "black",
};

const NAMES = new Set<string>(COLOUR_NAMES);

export function isColourName(value: string): value is ColourName {
  return NAMES.has(value);
}

/** The colour a word means, or null ("Blue" -> blue, "gray" -> grey, "sea" -> null). */
export function colourOfWord(word: string): ColourName | null {
  const lower = word.toLowerCase();
  if (isColourName(lower)) return lower;
  // Own keys only: "constructor" or "toString" must not find Object.prototype's (fuzz fix, issue 6).
  return Object.hasOwn(COLOUR_SYNONYMS, lower) ? COLOUR_SYNONYMS[lower]! : null;
}
