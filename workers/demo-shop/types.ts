/** The demo shop's data model: what the catalogue generator produces and every page renders. */
import type { ColourName } from "./colours.ts";

export const STYLES = ["colour-field", "stripes", "geometric", "landscape", "botanical", "seascape"] as const;
export type Style = (typeof STYLES)[number];

export type Orientation = "portrait" | "landscape" | "square";
export type Currency = "USD" | "EUR" | "GBP";

/** How a product page carries its data (what a crawler has to parse). */
export type Syntax = "jsonld" | "microdata" | "opengraph" | "client-rendered";

/** Variants of JSON-LD markup, so an extractor meets the shapes real shops use. */
export type JsonLdShape = "offer-list" | "aggregate-offer" | "graph";

/**
 * Deliberate trouble a crawler meets. "normal" works behave; the others are one-off cases
 * documented in README.md.
 */
export type DemoCase =
  | "normal"
  | "not-found"
  | "server-error"
  | "slow"
  | "malformed-jsonld"
  | "missing-image"
  | "oversized-image"
  | "huge-image"
  | "corrupt-image"
  | "redirect-loop"
  | "duplicate-url"
  | "duplicate-image";

/** What a correct crawler ends up with for a work (see README.md for each). */
export type ExpectedOutcome =
  | "indexed"
  | "indexed-with-browser"
  | "indexed-once"
  | "slow"
  | "not-found"
  | "server-error"
  | "no-structured-data"
  | "image-missing"
  | "image-too-large"
  | "image-corrupt"
  | "redirect-loop"
  | "gone"
  | "disallowed";

export interface SizeVariant {
  /** As shown to people, e.g. "30 × 40 cm". */
  label: string;
  widthCm: number;
  heightCm: number;
  /** Integer minor units (cents, pence) of the work's currency. */
  price: number;
  sku: string;
}

export interface DemoArtwork {
  id: number;
  slug: string;
  title: string;
  artist: string;
  artistSlug: string;
  description: string;
  style: Style;
  subject: string;
  mood: string;
  medium: string;
  tags: string[];
  orientation: Orientation;
  sizes: SizeVariant[];
  currency: Currency;
  primaryColour: ColourName;
  secondaryColours: ColourName[];
  /** Pixel size of the served image and the seed of its procedural painting. */
  image: { width: number; height: number; seed: number };
  syntax: Syntax;
  jsonLdShape: JsonLdShape;
  case: DemoCase;
  expected: ExpectedOutcome;
  /** When the work first appeared (ISO, whole seconds); images never change after this. */
  createdAt: string;
  /** When the work's page last changed (ISO, whole seconds). */
  lastModified: string;
  /** Whether the page links to the shop's /private/ area (bait for crawlers ignoring robots.txt). */
  linksToPrivate: boolean;
}

/** A work that exists only under /private/ (robots.txt disallows it). */
export interface DraftArtwork {
  slug: string;
  title: string;
  artist: string;
  style: Style;
  price: number;
  currency: Currency;
}

/** A partner-shop product: a main-shop work resold with its own URL, price and currency. */
export interface PartnerProduct {
  sku: string;
  slug: string;
  sourceId: number;
  title: string;
  artist: string;
  description: string;
  currency: Currency;
  sizes: SizeVariant[];
}

export interface DemoCatalog {
  version: 1 | 2;
  /** When this version of the shop was published (ISO); sitemaps and ground truth use it. */
  publishedAt: string;
  shopName: string;
  artworks: DemoArtwork[];
  /** v1 works missing from this version (empty in v1): their pages answer 410 Gone. */
  removed: DemoArtwork[];
  drafts: DraftArtwork[];
  partner: { shopName: string; products: PartnerProduct[] };
}
