/**
 * storeArtwork under concurrency: the crawler stores pages side by side, so two pages of the same
 * work (same image, two URLs) can arrive at once. The database's unique image index, not a
 * read-then-insert, must keep them one artwork with two offers.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../../../workers/db/schema";
import { type StorableArtwork, storeArtwork } from "../../../workers/crawler/catalogue-store";

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
});
