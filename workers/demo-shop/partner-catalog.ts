/**
 * The partner shop's range: ~20 main-shop works resold with identical image bytes but their own
 * URLs, SKUs, prices and currency, so cross-shop duplicate detection has something to find.
 */
import { nicePrice } from "./money.ts";
import { Rng } from "./random.ts";
import { version2Fate } from "./revisions.ts";
import type { DemoArtwork, PartnerProduct } from "./types.ts";

export const PARTNER_SHOP_NAME = "Northlight Prints";
export const PARTNER_PRODUCT_COUNT = 20;
/** The partner range never changes, so every partner page and sitemap entry carries this date. */
export const PARTNER_PUBLISHED_AT = "2025-01-10T00:00:00Z";

export function selectPartnerProducts(mainWorks: readonly DemoArtwork[]): PartnerProduct[] {
  const rng = Rng.from("partner");
  // Only works that behave and survive into version 2, so the partner range never changes.
  const eligible = mainWorks.filter((w) => w.case === "normal" && version2Fate(w) === "kept");
  const chosen = rng.shuffle(eligible).slice(0, PARTNER_PRODUCT_COUNT).sort((a, b) => a.id - b.id);
  return chosen.map((work, i): PartnerProduct => {
    const currency = i % 4 === 3 ? "GBP" : "EUR";
    const markup = rng.range(1.05, 1.4) * (currency === "GBP" ? 0.85 : 1);
    const sizes = work.sizes.slice(0, 2).map((size, s) => ({
      ...size,
      price: nicePrice((size.price / 100) * markup),
      sku: `NL-${String(i + 1).padStart(3, "0")}-${s + 1}`,
    }));
    return {
      sku: `NL-${String(i + 1).padStart(3, "0")}`,
      slug: `${work.slug}-print`,
      sourceId: work.id,
      title: work.title,
      artist: work.artist,
      description: `Museum-quality reproduction of "${work.title}" by ${work.artist}. Printed to order on archival paper.`,
      currency,
      sizes,
    };
  });
}
