/**
 * Version 2 of the shop, derived from version 1 the way a real shop changes between crawls:
 * ~10% of works repriced, ~5% removed, ~5% new. Everything else stays byte-identical, so a
 * crawler's conditional requests keep answering 304 for untouched pages.
 */
import { nicePrice } from "./money.ts";
import { fnv1a } from "./random.ts";
import type { DemoArtwork, DemoCatalog } from "./types.ts";
import { type TitleRegistry, generateWork } from "./work-generator.ts";

export const V2_PUBLISHED_AT = "2025-03-01T09:00:00Z";

export type Version2Fate = "kept" | "repriced" | "removed";

/** What version 2 does to a version-1 work. Broken-case works never change, so each case stays reproducible. */
export function version2Fate(work: DemoArtwork): Version2Fate {
  if (work.case !== "normal") return "kept";
  const roll = fnv1a(`v2-fate:${work.id}`) % 100;
  return roll < 5 ? "removed" : roll < 15 ? "repriced" : "kept";
}

/** Version 2 appends this share of version 1's count as new works. */
export const VERSION2_NEW_SHARE = 0.05;

const PRICE_FACTORS = [0.8, 0.85, 0.9, 1.1, 1.15, 1.25] as const;

function repriced(work: DemoArtwork): DemoArtwork {
  const factor = PRICE_FACTORS[fnv1a(`v2-price:${work.id}`) % PRICE_FACTORS.length] ?? 1.1;
  const sizes = work.sizes.map((size) => {
    let price = nicePrice((size.price / 100) * factor);
    // Rounding can swallow a small change; a repriced work must really differ.
    if (price === size.price) price += factor > 1 ? 500 : -500;
    return { ...size, price };
  });
  // Spread the changes over February so Last-Modified values differ between works.
  const day = 1 + (fnv1a(`v2-day:${work.id}`) % 27);
  const lastModified = `2025-02-${String(day).padStart(2, "0")}T12:00:00Z`;
  return { ...work, sizes, lastModified };
}

export function applyVersion2(v1: DemoCatalog, titles: TitleRegistry): DemoCatalog {
  const kept: DemoArtwork[] = [];
  const removed: DemoArtwork[] = [];
  for (const work of v1.artworks) {
    const fate = version2Fate(work);
    if (fate === "removed") removed.push(work);
    else kept.push(fate === "repriced" ? repriced(work) : work);
  }
  const newCount = Math.round(v1.artworks.length * VERSION2_NEW_SHARE);
  const maxId = Math.max(...v1.artworks.map((w) => w.id));
  for (let k = 0; k < newCount; k++) {
    kept.push(
      generateWork(
        {
          index: v1.artworks.length + k,
          id: maxId + 1 + k,
          demoCase: "normal",
          createdFrom: "2025-02-01T00:00:00Z",
          createdDays: 27,
        },
        titles,
      ),
    );
  }
  return { ...v1, version: 2, publishedAt: V2_PUBLISHED_AT, artworks: kept, removed };
}
