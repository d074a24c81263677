/**
 * Ground truth: what a correct crawler and pipeline should end up with for this version of the
 * shop. Served at /__demo/ground-truth.json and used directly by tests. Colour shares are
 * measured on the rendered pixels, so the first build renders every painting (about 2 s).
 */
import { COLOUR_MATCH_DISTANCE, type ColourName } from "./colours.ts";
import { goodWorkIds, type FaultPlan, type PlannedFault } from "./faults.ts";
import type { ImageStore } from "./image-store.ts";
import { pageCount, type ShopState } from "./shop-state.ts";
import { artworkSitemapCount } from "./sitemaps.ts";
import {
  STYLES,
  type Currency,
  type DemoCase,
  type ExpectedOutcome,
  type JsonLdShape,
  type Orientation,
  type SizeVariant,
  type Style,
  type Syntax,
} from "./types.ts";
import {
  LISTING_PAGE_SIZE,
  PRESS_KIT_PATH,
  TRADE_PRICES_PATH,
  draftPath,
  imagePath,
  pageImagePath,
  partnerImagePath,
  partnerProductPath,
  productPath,
  salePath,
} from "./urls.ts";

export interface ColourShare {
  name: ColourName;
  /** Measured share of pixels within `colourMatchDistance` of the colour. */
  share: number;
}

export interface GroundTruthWork {
  id: number;
  slug: string;
  path: string;
  url: string;
  /** Other URLs serving the same artwork (the /sale/ duplicate). */
  alternateUrls: string[];
  imageUrl: string;
  /** Other URLs serving identical image bytes. */
  alternateImageUrls: string[];
  title: string;
  artist: string;
  description: string;
  style: Style;
  subject: string;
  mood: string;
  medium: string;
  tags: string[];
  orientation: Orientation;
  currency: Currency;
  sizes: SizeVariant[];
  minPrice: number;
  maxPrice: number;
  syntax: Syntax;
  jsonLdShape: JsonLdShape | null;
  case: DemoCase;
  expected: ExpectedOutcome;
  createdAt: string;
  lastModified: string;
  image: { width: number; height: number };
  colours: { primary: ColourShare; secondary: ColourShare[] };
  /** Where the work is listed: its category and page there. */
  listing: { style: Style; page: number };
}

export interface GroundTruthCase {
  case: DemoCase;
  id: number;
  url: string;
  expected: ExpectedOutcome;
  note: string;
}

export interface GroundTruthPartnerProduct {
  sku: string;
  path: string;
  url: string | null;
  imagePath: string;
  imageUrl: string | null;
  title: string;
  artist: string;
  currency: Currency;
  sizes: SizeVariant[];
  expected: "indexed";
  /** The main-shop work with the same image bytes. */
  duplicateOf: { id: number; url: string };
}

export interface GroundTruth {
  version: 1 | 2;
  publishedAt: string;
  shopName: string;
  origin: string;
  colourMatchDistance: number;
  counts: { works: number; removed: number; drafts: number; partnerProducts: number };
  robots: { crawlDelay: number; disallowed: string[]; allowed: string[] };
  works: GroundTruthWork[];
  cases: GroundTruthCase[];
  /** Works of version 1 missing from this version: their pages answer 410 Gone. */
  removed: Array<{ id: number; slug: string; url: string; expected: "gone" }>;
  /** URLs linked from the shop that robots.txt disallows; a polite crawler never requests them. */
  disallowedLinks: Array<{ url: string; expected: "disallowed" }>;
  listings: Record<Style, { pages: number; paths: string[] }>;
  sitemaps: { index: string; children: string[] };
  partner: { shopName: string; origin: string | null; products: GroundTruthPartnerProduct[] };
  /** Present when the shop injects faults (see faults.ts). */
  faults: GroundTruthFaults | null;
}

export interface GroundTruthFaults {
  seed: string;
  rate: number;
  /** Status of the n-th robots.txt request, cycling. */
  robotsPattern: number[];
  planned: Array<PlannedFault & { url: string }>;
  /** Ids of the works a correct crawler stores despite the faults ("good" works). */
  good: number[];
}

/** Outcomes of works a correct crawler stores (the slow page answers within any sane timeout). */
export const STORED_OUTCOMES: ReadonlySet<ExpectedOutcome> = new Set(["indexed", "indexed-with-browser", "indexed-once", "slow"]);

export const CASE_NOTES: Readonly<Record<DemoCase, string>> = {
  normal: "Extract and index.",
  "not-found": "Listed and in the sitemap, but the page answers 404: record a failure, index nothing.",
  "server-error": "The page always answers 500: back off, retry a bounded number of times, then give up.",
  slow: "The page answers correctly after slowMs: a crawler with a shorter timeout must abort (and may retry later).",
  "malformed-jsonld": "The only structured data is invalid JSON-LD (no microdata, no OpenGraph): extraction fails.",
  "missing-image": "Valid product data, but the image URL answers 404: do not index without an image.",
  "oversized-image": "A valid PNG declaring 30000 x 30000 pixels (~110 KB on the wire): reject by dimensions before decoding.",
  "huge-image": "A valid ~27 MB PNG with Content-Length: reject by byte cap (e.g. 25 MB) without buffering it.",
  "corrupt-image": "Served as image/png but truncated inside IDAT: decoding fails, reject.",
  "redirect-loop": "/artworks/<slug> -> 301 /moved/<slug> -> 301 back: detect the loop, index nothing.",
  "duplicate-url": "Same artwork at /artworks/<slug> and /sale/<slug> (same data, same image URL): index once.",
  "duplicate-image": "Same artwork at /artworks/<slug> and /sale/<slug>, the latter with a different image URL serving identical bytes: index once.",
};

export interface GroundTruthInput {
  state: ShopState;
  images: ImageStore;
  origin: string;
  partnerOrigin: string | null;
  crawlDelay: number;
  faults?: FaultPlan | null;
}

export function buildGroundTruth(input: GroundTruthInput): GroundTruth {
  const { state, images, origin, partnerOrigin, crawlDelay } = input;
  const { catalog } = state;
  const listingOf = new Map<string, { style: Style; page: number }>();
  for (const style of STYLES) {
    state.listings[style].forEach((entry, i) => {
      listingOf.set(entry.path, { style, page: Math.floor(i / LISTING_PAGE_SIZE) + 1 });
    });
  }
  const works = [...catalog.artworks]
    .sort((a, b) => a.id - b.id)
    .map((work): GroundTruthWork => {
      const shares = images.colourShares(work);
      const share = (name: ColourName): ColourShare => ({ name, share: shares[name] ?? 0 });
      const hasSale = work.case === "duplicate-url" || work.case === "duplicate-image";
      const saleImage = pageImagePath(work, salePath(work));
      const prices = work.sizes.map((s) => s.price);
      return {
        id: work.id,
        slug: work.slug,
        path: productPath(work),
        url: `${origin}${productPath(work)}`,
        alternateUrls: hasSale ? [`${origin}${salePath(work)}`] : [],
        imageUrl: `${origin}${imagePath(work)}`,
        alternateImageUrls: hasSale && saleImage !== imagePath(work) ? [`${origin}${saleImage}`] : [],
        title: work.title,
        artist: work.artist,
        description: work.description,
        style: work.style,
        subject: work.subject,
        mood: work.mood,
        medium: work.medium,
        tags: work.tags,
        orientation: work.orientation,
        currency: work.currency,
        sizes: work.sizes,
        minPrice: Math.min(...prices),
        maxPrice: Math.max(...prices),
        syntax: work.syntax,
        jsonLdShape: work.syntax === "jsonld" || work.syntax === "client-rendered" ? work.jsonLdShape : null,
        case: work.case,
        expected: work.expected,
        createdAt: work.createdAt,
        lastModified: work.lastModified,
        image: { width: work.image.width, height: work.image.height },
        colours: { primary: share(work.primaryColour), secondary: work.secondaryColours.map(share) },
        listing: listingOf.get(productPath(work)) ?? { style: work.style, page: 1 },
      };
    });
  const cases = works
    .filter((w) => w.case !== "normal")
    .map((w) => ({ case: w.case, id: w.id, url: w.url, expected: w.expected, note: CASE_NOTES[w.case] }));
  const byId = new Map(works.map((w) => [w.id, w]));
  return {
    version: catalog.version,
    publishedAt: catalog.publishedAt,
    shopName: catalog.shopName,
    origin,
    colourMatchDistance: COLOUR_MATCH_DISTANCE,
    counts: {
      works: works.length,
      removed: catalog.removed.length,
      drafts: catalog.drafts.length,
      partnerProducts: catalog.partner.products.length,
    },
    robots: { crawlDelay, disallowed: ["/private/", "/*?sort="], allowed: [PRESS_KIT_PATH] },
    works,
    cases,
    removed: catalog.removed.map((w) => ({ id: w.id, slug: w.slug, url: `${origin}${productPath(w)}`, expected: "gone" as const })),
    disallowedLinks: [
      ...catalog.drafts.map((d) => ({ url: `${origin}${draftPath(d)}`, expected: "disallowed" as const })),
      { url: `${origin}${TRADE_PRICES_PATH}`, expected: "disallowed" as const },
      ...STYLES.flatMap((style) =>
        ["price-asc", "price-desc"].map((sort) => ({ url: `${origin}/category/${style}?sort=${sort}`, expected: "disallowed" as const })),
      ),
    ],
    listings: Object.fromEntries(
      STYLES.map((style) => [style, { pages: pageCount(state.listings[style]), paths: state.listings[style].map((e) => e.path) }]),
    ) as Record<Style, { pages: number; paths: string[] }>,
    sitemaps: {
      index: `${origin}/sitemap.xml`,
      children: [
        ...Array.from({ length: artworkSitemapCount(state) }, (_, i) => `${origin}/sitemaps/artworks-${i + 1}.xml`),
        `${origin}/sitemaps/categories.xml`,
      ],
    },
    partner: {
      shopName: catalog.partner.shopName,
      origin: partnerOrigin,
      products: catalog.partner.products.map((p) => ({
        sku: p.sku,
        path: partnerProductPath(p),
        url: partnerOrigin ? `${partnerOrigin}${partnerProductPath(p)}` : null,
        imagePath: partnerImagePath(p),
        imageUrl: partnerOrigin ? `${partnerOrigin}${partnerImagePath(p)}` : null,
        title: p.title,
        artist: p.artist,
        currency: p.currency,
        sizes: p.sizes,
        expected: "indexed" as const,
        duplicateOf: { id: p.sourceId, url: byId.get(p.sourceId)?.url ?? `${origin}/artworks/unknown` },
      })),
    },
    faults: input.faults
      ? {
          seed: input.faults.seed,
          rate: input.faults.rate,
          robotsPattern: input.faults.robotsPattern,
          planned: input.faults.faults.map((f) => ({ ...f, url: `${origin}${f.path}` })),
          good: goodWorkIds(input.faults, works.filter((w) => STORED_OUTCOMES.has(w.expected)).map((w) => w.id)),
        }
      : null,
  };
}

