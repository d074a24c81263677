/**
 * Generates one artwork from its index and id. Every field depends only on those (and on the
 * title registry), so a later version can keep old works byte-identical and append new ones.
 */
import { artistPool, slugify } from "./artists.ts";
import { COLOUR_NAMES, colourTitle, type ColourName } from "./colours.ts";
import { dateWithin } from "./dates.ts";
import { Rng, fnv1a } from "./random.ts";
import { planSizes } from "./sizes.ts";
import {
  STYLES,
  type Currency,
  type DemoArtwork,
  type DemoCase,
  type ExpectedOutcome,
  type JsonLdShape,
  type Orientation,
  type Syntax,
} from "./types.ts";
import { MEDIA, MOODS, STYLE_LABELS, STYLE_SENTENCES, SUBJECTS } from "./words.ts";

export const EXPECTED_BY_CASE: Readonly<Record<DemoCase, ExpectedOutcome>> = {
  normal: "indexed",
  "not-found": "not-found",
  "server-error": "server-error",
  slow: "slow",
  "malformed-jsonld": "no-structured-data",
  "missing-image": "image-missing",
  "oversized-image": "image-too-large",
  "huge-image": "image-too-large",
  "corrupt-image": "image-corrupt",
  "redirect-loop": "redirect-loop",
  "duplicate-url": "indexed-once",
  "duplicate-image": "indexed-once",
};

/** Keeps titles (and so slugs) unique: the first "Crimson Tide" is bare, later ones get "No. n". */
export class TitleRegistry {
  private readonly counts = new Map<string, number>();

  claim(base: string): string {
    const n = (this.counts.get(base) ?? 0) + 1;
    this.counts.set(base, n);
    return n === 1 ? base : `${base} No. ${n}`;
  }
}

/** Item `index` of a balanced sequence: each block of `items.length` holds every item once. */
function balancedPick<T>(items: readonly T[], index: number, label: string): T {
  const block = Math.floor(index / items.length);
  const order = Rng.from(label, block).shuffle(items);
  return order[index % items.length] as T;
}

/** Exactly 7 of every 10 consecutive works use JSON-LD; one each microdata, OpenGraph, client-rendered. */
const SYNTAX_BLOCK: readonly Syntax[] = [
  "jsonld", "jsonld", "jsonld", "jsonld", "jsonld", "jsonld", "jsonld", "microdata", "opengraph", "client-rendered",
];

function pickCurrency(rng: Rng): Currency {
  const r = rng.next();
  return r < 0.8 ? "USD" : r < 0.92 ? "EUR" : "GBP";
}

function pickOrientation(rng: Rng): Orientation {
  const r = rng.next();
  return r < 0.4 ? "portrait" : r < 0.8 ? "landscape" : "square";
}

function titleFor(rng: Rng, colour: ColourName, subject: string, mood: string): string {
  switch (rng.int(0, 2)) {
    case 0:
      return `${colourTitle(colour)} ${subject}`;
    case 1:
      return `${subject} in ${colourTitle(colour)}`;
    default:
      return `${mood.charAt(0).toUpperCase()}${mood.slice(1)} ${subject}`;
  }
}

export interface WorkSeed {
  index: number;
  id: number;
  demoCase: DemoCase;
  /** Works appear between createdFrom and createdFrom + createdDays. */
  createdFrom: string;
  createdDays: number;
}

/** Builds one work. Pure given its seed and the registry's state. */
export function generateWork(seed: WorkSeed, titles: TitleRegistry): DemoArtwork {
  const { index, id, demoCase } = seed;
  const rng = Rng.from("work", id);
  const style = balancedPick(STYLES, index, "style");
  const primaryColour = balancedPick(COLOUR_NAMES, index, "primary");
  const secondaryCount = rng.int(1, 3);
  const secondaryColours = rng
    .shuffle(COLOUR_NAMES.filter((c) => c !== primaryColour))
    .slice(0, secondaryCount);
  const subject = rng.pick(SUBJECTS[style]);
  const mood = rng.pick(MOODS);
  const medium = rng.pick(MEDIA[style]);
  const artists = artistPool();
  const artist = artists[rng.weightedIndex(artists.map((a) => a.weight))] ?? artists[0];
  if (!artist) throw new Error("empty artist pool");
  const orientation = pickOrientation(rng);
  const currency = pickCurrency(rng);
  const title = titles.claim(titleFor(rng, primaryColour, subject, mood));
  const slug = slugify(title);

  const isPrint = /print/i.test(medium);
  const baseMajor = Math.exp(rng.range(Math.log(30), Math.log(isPrint ? 220 : 900))) * artist.priceFactor;
  const currencyFactor = currency === "GBP" ? 0.8 : currency === "EUR" ? 0.95 : 1;
  const plan = planSizes(rng, orientation, baseMajor * currencyFactor, `AS-${id}`);
  // A few cheap USD prints end in .50 so parsers cannot assume whole units.
  if (currency === "USD" && rng.chance(0.15)) {
    for (const size of plan.sizes) if (size.price < 10_000) size.price += 50;
  }

  const syntax: Syntax = demoCase === "normal" ? balancedPick(SYNTAX_BLOCK, index, "syntax") : "jsonld";
  const jsonLdShape: JsonLdShape = rng.pick(["offer-list", "aggregate-offer", "graph"] as const);
  const expected: ExpectedOutcome =
    demoCase === "normal" && syntax === "client-rendered" ? "indexed-with-browser" : EXPECTED_BY_CASE[demoCase];
  const createdAt = dateWithin(seed.createdFrom, seed.createdDays, rng.next());
  const colourWords = [primaryColour, ...secondaryColours];
  const description =
    `${title} is a ${mood} ${STYLE_LABELS[style].toLowerCase()} piece by ${artist.name}, ${medium.toLowerCase()}. ` +
    `${STYLE_SENTENCES[style]} Mostly ${primaryColour}, with ${joinWords(secondaryColours)}. ` +
    `Available in ${plan.sizes.length} sizes.`;

  return {
    id,
    slug,
    title,
    artist: artist.name,
    artistSlug: artist.slug,
    description,
    style,
    subject: subject.toLowerCase(),
    mood,
    medium,
    tags: [style, subject.toLowerCase(), mood, ...colourWords, orientation],
    orientation,
    sizes: plan.sizes,
    currency,
    primaryColour,
    secondaryColours,
    image: { width: plan.imageWidth, height: plan.imageHeight, seed: fnv1a(`painting:${id}`) },
    syntax,
    jsonLdShape,
    case: demoCase,
    expected,
    createdAt,
    lastModified: createdAt,
    linksToPrivate: id % 9 === 0,
  };
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

