/** The generated artist pool: ~60 stable names, a few prolific, most with a handful of works. */
import { Rng } from "./random.ts";
import { FIRST_NAMES, LAST_NAMES } from "./words.ts";

export const ARTIST_COUNT = 60;

export interface Artist {
  name: string;
  slug: string;
  /** Relative likelihood of getting the next work (Zipf-like, so some artists have many works). */
  weight: number;
  /** Multiplies this artist's prices: established names charge more. */
  priceFactor: number;
}

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

let cached: readonly Artist[] | undefined;

export function artistPool(): readonly Artist[] {
  if (cached) return cached;
  const rng = Rng.from("artists");
  const seen = new Set<string>();
  const artists: Artist[] = [];
  while (artists.length < ARTIST_COUNT) {
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const rank = artists.length + 1;
    artists.push({
      name,
      slug: slugify(name),
      weight: 1 / Math.pow(rank, 0.7),
      priceFactor: 0.6 + 1.4 / Math.sqrt(rank),
    });
  }
  cached = artists;
  return artists;
}
