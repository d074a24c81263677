import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../../workers/db/schema";

const db = drizzle(env.DB, { schema });

describe("D1 schema", () => {
  it("has every table the design needs", async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'",
    ).all<{ name: string }>();
    const names = new Set(results.map((r) => r.name));
    for (const table of [
      "sources", "crawl_runs", "pages", "fetch_log", "dead_letters", "images", "image_urls",
      "artists", "artworks", "artwork_tags", "offers", "offer_variants", "price_history",
      "models", "embeddings", "neighbours", "clusters", "cluster_representatives", "map_points",
      "query_vectors", "sessions", "reactions", "walls", "wall_items", "clicks", "recently_shown",
      "searches", "artworks_fts",
    ]) {
      expect(names, table).toContain(table);
    }
  });

  it("stores an artwork with offers, variants and price history", async () => {
    const [source] = await db
      .insert(schema.sources)
      .values({ slug: "demo", name: "Demo", baseUrl: "http://127.0.0.1:8790/" })
      .returning();
    const [artist] = await db.insert(schema.artists).values({ slug: "ada-moss", name: "Ada Moss" }).returning();
    await db.insert(schema.images).values({
      hash: "a".repeat(64), r2Key: "images/" + "a".repeat(64), contentType: "image/png", width: 300, height: 400, bytes: 1234,
    });
    const [work] = await db
      .insert(schema.artworks)
      .values({
        slug: "crimson-tide-4", title: "Crimson Tide No. 4", artistId: artist!.id, tags: ["colour-field", "red"],
        orientation: "portrait", imageHash: "a".repeat(64), palette: [{ hex: "#b01c2e", name: "crimson", weight: 0.7 }],
      })
      .returning();
    const [offer] = await db
      .insert(schema.offers)
      .values({
        artworkId: work!.id, sourceId: source!.id, url: "http://127.0.0.1:8790/artworks/crimson-tide-4",
        affiliateUrl: "http://127.0.0.1:8790/artworks/crimson-tide-4?ref=artsnob", priceMinor: 12900, currency: "USD",
      })
      .returning();
    await db.insert(schema.offerVariants).values([
      { offerId: offer!.id, label: "30 × 40 cm", widthCm: 30, heightCm: 40, priceMinor: 12900, currency: "USD" },
      { offerId: offer!.id, label: "60 × 80 cm", widthCm: 60, heightCm: 80, priceMinor: 25900, currency: "USD", position: 1 },
    ]);
    await db.insert(schema.priceHistory).values({ offerId: offer!.id, priceMinor: 12900, currency: "USD" });

    const stored = await db.query.artworks.findFirst({ where: eq(schema.artworks.id, work!.id) });
    expect(stored?.tags).toEqual(["colour-field", "red"]);
    expect(stored?.palette?.[0]?.name).toBe("crimson");
    expect(stored?.available).toBe(true);
    expect(stored?.firstSeenAt).toBeGreaterThan(1.7e12);
  });

  it("keeps the FTS5 keyword index in step with artworks and artists", async () => {
    const search = async (q: string) =>
      (await env.DB.prepare("SELECT rowid AS id FROM artworks_fts WHERE artworks_fts MATCH ?1 ORDER BY rank").bind(q).all<{ id: number }>()).results.map((r) => r.id);
    const work = await db.query.artworks.findFirst({ where: eq(schema.artworks.slug, "crimson-tide-4") });
    expect(await search("crimson")).toContain(work!.id);
    expect(await search("ada")).toContain(work!.id); // artist name
    expect(await search("colour field")).toContain(work!.id); // hyphenated tag
    expect(await search("tides")).toContain(work!.id); // porter stemming

    await db.update(schema.artworks).set({ title: "Midnight Sea" }).where(eq(schema.artworks.id, work!.id));
    expect(await search("crimson")).not.toContain(work!.id);
    expect(await search("midnight")).toContain(work!.id);

    await db.update(schema.artists).set({ name: "Beatrix Lowe" }).where(eq(schema.artists.id, work!.artistId!));
    expect(await search("beatrix")).toContain(work!.id);
    expect(await search("ada")).not.toContain(work!.id);
  });

  // Drizzle wraps the D1 error; the constraint SQLite reports is in its cause.
  const constraintError = (pattern: RegExp) => (error: unknown) =>
    pattern.test(String((error as { cause?: unknown }).cause ?? error));

  it("refuses a second offer for the same shop URL and a duplicate reaction", async () => {
    const offer = await db.query.offers.findFirst();
    await expect(
      db.insert(schema.offers).values({ ...offer!, id: undefined }),
    ).rejects.toSatisfy(constraintError(/UNIQUE/));
    await db.insert(schema.sessions).values({ id: "s1" });
    await db.insert(schema.reactions).values({ sessionId: "s1", artworkId: offer!.artworkId, value: 1 });
    await expect(
      db.insert(schema.reactions).values({ sessionId: "s1", artworkId: offer!.artworkId, value: -1 }),
    ).rejects.toSatisfy(constraintError(/UNIQUE|PRIMARY/));
  });
});
