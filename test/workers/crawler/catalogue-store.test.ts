/**
 * storeArtwork under concurrency: the crawler stores pages side by side, so two pages of the same
 * work (same image, two URLs) can arrive at once. The database's unique image index, not a
 * read-then-insert, must keep them one artwork with two offers.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../../../workers/db/schema";
import { markOfferGone, type StorableArtwork, storeArtwork } from "../../../workers/crawler/catalogue-store";

const db = drizzle(env.DB, { schema });

async function image(hash: string): Promise<string> {
  await env.DB.prepare("INSERT OR IGNORE INTO images (hash, r2_key, content_type, bytes, width, height) VALUES (?, ?, 'image/png', 10, 100, 80)").bind(hash, hash).run();
  return hash;
}

function work(offerUrl: string, imageHash: string, title = "Harbour at Dusk"): StorableArtwork {
  return {
    offerUrl, title, artist: "Ines Moreau", description: "Oil on canvas.", medium: "oil", tags: ["harbour"], available: true,
    variants: [], priceMinor: 12_000, currency: "EUR", imageHash, imageWidth: 100, imageHeight: 80,
  };
}

describe("storeArtwork", () => {
  const ctx = { sourceId: 0, runId: null, pageId: null, affiliateTemplate: null };

  it("makes one artwork with two offers when two pages of one work are stored at the same time", async () => {
    const source = await env.DB.prepare("INSERT INTO sources (slug, name, base_url) VALUES ('race', 'Race', 'https://race.example/') RETURNING id").first<{ id: number }>();
    const hash = await image("a".repeat(64));
    const stored = await Promise.all(
      Array.from({ length: 6 }, (_, i) => storeArtwork(db, { ...ctx, sourceId: source!.id }, work(`https://race.example/artworks/harbour-${i}`, hash))),
    );
    expect(new Set(stored.map((s) => s.artworkId)).size).toBe(1);
    expect(stored.filter((s) => s.change === "new")).toHaveLength(1);
    const offers = await env.DB.prepare("SELECT count(*) AS n FROM offers WHERE artwork_id = ?").bind(stored[0]!.artworkId).first<{ n: number }>();
    expect(offers!.n).toBe(6);
  });

  it("still keeps two different works with one title apart (slug suffix)", async () => {
    const source = await env.DB.prepare("INSERT INTO sources (slug, name, base_url) VALUES ('titles', 'Titles', 'https://titles.example/') RETURNING id").first<{ id: number }>();
    const [a, b] = await Promise.all([
      storeArtwork(db, { ...ctx, sourceId: source!.id }, work("https://titles.example/a", await image("b".repeat(64)), "Untitled")),
      storeArtwork(db, { ...ctx, sourceId: source!.id }, work("https://titles.example/b", await image("c".repeat(64)), "Untitled")),
    ]);
    expect(a!.artworkId).not.toBe(b!.artworkId);
    expect([a!.change, b!.change]).toEqual(["new", "new"]);
  });

  it("rewrites variants, appends changed prices, follows the cheapest offer and keeps tags, in its batched writes", async () => {
    const source = await env.DB.prepare("INSERT INTO sources (slug, name, base_url) VALUES ('sizes', 'Sizes', 'https://sizes.example/') RETURNING id").first<{ id: number }>();
    const hash = await image("d".repeat(64));
    const url = "https://sizes.example/artworks/dunes";
    const sized = (small: number, large: number, tags: string[]): StorableArtwork => ({
      ...work(url, hash, "Dunes"), tags, priceMinor: null, currency: null,
      variants: [
        { label: "60x40", widthCm: 60, heightCm: 40, priceMinor: large, currency: "EUR" },
        { label: "30x20", widthCm: 30, heightCm: 20, priceMinor: small, currency: "EUR" },
      ],
    });
    const first = await storeArtwork(db, { ...ctx, sourceId: source!.id, runId: null }, sized(4_000, 9_000, ["dunes", "sand"]));
    expect(first.change).toBe("new");
    const second = await storeArtwork(db, { ...ctx, sourceId: source!.id }, sized(3_500, 9_000, ["desert"]));
    expect(second).toMatchObject({ artworkId: first.artworkId, offerId: first.offerId, change: "updated", priceChanged: true });
    const unchanged = await storeArtwork(db, { ...ctx, sourceId: source!.id }, sized(3_500, 9_000, ["desert"]));
    expect(unchanged).toMatchObject({ change: "unchanged", priceChanged: false });

    const variants = (await env.DB.prepare("SELECT label, price_minor, position FROM offer_variants WHERE offer_id = ? ORDER BY position").bind(first.offerId).all()).results;
    expect(variants).toEqual([{ label: "30x20", price_minor: 3_500, position: 0 }, { label: "60x40", price_minor: 9_000, position: 1 }]);
    const prices = (await env.DB.prepare("SELECT variant_label, price_minor FROM price_history WHERE offer_id = ? ORDER BY id").bind(first.offerId).all()).results;
    // First sight: the offer's price and both variants; the change: all three again.
    expect(prices.map((p) => `${p.variant_label ?? "offer"}:${p.price_minor}`)).toEqual(["offer:4000", "30x20:4000", "60x40:9000", "offer:3500", "30x20:3500", "60x40:9000"]);
    const artwork = await env.DB.prepare("SELECT available, min_price_minor, currency, unavailable_since, updated_at FROM artworks WHERE id = ?").bind(first.artworkId).first<Record<string, number | string | null>>();
    expect(artwork).toMatchObject({ available: 1, min_price_minor: 3_500, currency: "EUR", unavailable_since: null });
    const tags = (await env.DB.prepare("SELECT tag FROM artwork_tags WHERE artwork_id = ? ORDER BY tag").bind(first.artworkId).all<{ tag: string }>()).results.map((t) => t.tag);
    // This offer rewrote the artwork (its first shop), so its tags are the page's now.
    expect(tags).toEqual(["desert"]);

    expect(await markOfferGone(db, url)).toEqual([first.artworkId]);
    const gone = await env.DB.prepare("SELECT available, min_price_minor, currency, unavailable_since, updated_at FROM artworks WHERE id = ?").bind(first.artworkId).first<Record<string, number | string | null>>();
    expect(gone).toMatchObject({ available: 0, min_price_minor: null, currency: null });
    expect(gone!.unavailable_since).not.toBeNull();
    expect(Number(gone!.updated_at)).toBeGreaterThanOrEqual(Number(artwork!.updated_at));
  });
});
