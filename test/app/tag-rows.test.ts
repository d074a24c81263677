/**
 * The artwork page's per-tag rows: below similar works and more by the artist, one row
 * per tag of the work, linking to the tag page, with no work twice on the page; read in
 * one batch of bounded index range reads.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/cloudflare";
import * as artworkRoute from "../../app/routes/artworks.$slug";
import { type ArtworkCard, TAG_ROW_SIZE, type TagRow, assembleTagRows, tagRowCandidates } from "../../app/server/artworks.server";
import { WORKS, seedCatalogue } from "./fixtures";
import { callRoute } from "./route-call";

beforeAll(seedCatalogue);

const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } } as unknown as AppLoadContext;

interface PageData {
  work: { id: number; tags: string[] };
  similar: ArtworkCard[];
  moreByArtist: ArtworkCard[];
  tagRows: TagRow[];
}

async function artworkPage(slug: string): Promise<PageData> {
  const res = await callRoute(artworkRoute.loader, context, new Request(`https://art-snob.test/artworks/${slug}`), { slug });
  expect(res.status).toBe(200);
  return res.body as PageData;
}

const card = (id: number) => ({ id }) as ArtworkCard;

describe("per-tag rows on the artwork page", () => {
  it("shows a row per tag after similar and more-by-artist, each work once on the page and carrying the row's tag", async () => {
    const page = await artworkPage("red-study-5");
    expect(page.work.tags).toEqual(["red", "abstract"]);
    expect(page.tagRows.length).toBeGreaterThan(0);
    const onPage = [page.work.id, ...page.similar.map((w) => w.id), ...page.moreByArtist.map((w) => w.id), ...page.tagRows.flatMap((r) => r.works.map((w) => w.id))];
    expect(new Set(onPage).size).toBe(onPage.length);
    for (const row of page.tagRows) {
      expect(page.work.tags).toContain(row.tag);
      expect(row.works.length).toBeGreaterThan(0);
      expect(row.works.length).toBeLessThanOrEqual(TAG_ROW_SIZE);
      for (const w of row.works) expect(WORKS.find((f) => f.id === w.id)!.family === row.tag || row.tag === "abstract").toBe(true);
    }
    // "abstract" is on every work: its row fills up even after similar and more-by-artist.
    expect(page.tagRows.find((r) => r.tag === "abstract")?.works).toHaveLength(TAG_ROW_SIZE);
  });

  it("takes the works nearest the work's id first, from both sides, available only", async () => {
    const candidates = await tagRowCandidates(env.DB, 30, ["abstract"]);
    expect(candidates.get("abstract")!.slice(0, 4).map((w) => w.id)).toEqual([31, 29, 32, 28]);
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = 31").run();
    try {
      const again = await tagRowCandidates(env.DB, 30, ["abstract"]);
      expect(again.get("abstract")!.slice(0, 3).map((w) => w.id)).toEqual([32, 29, 33]);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = 31").run();
    }
    expect((await tagRowCandidates(env.DB, 30, [])).size).toBe(0);
    expect((await tagRowCandidates(env.DB, 30, ["no-such-tag"])).get("no-such-tag")).toEqual([]);
  });

  it("reads each tag through the (tag, artwork_id) index, without sorting the tag's works", async () => {
    const plan = await env.DB
      .prepare("EXPLAIN QUERY PLAN SELECT t.artwork_id FROM artwork_tags t WHERE t.tag = ? AND t.artwork_id > ? ORDER BY t.artwork_id LIMIT 16")
      .bind("abstract", 30)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join(" | ");
    expect(details).toContain("artwork_tags_tag_artwork_idx");
    expect(details).not.toContain("TEMP B-TREE");
  });
});

describe("assembleTagRows", () => {
  it("skips works already shown or in an earlier row, caps rows and drops empty ones", () => {
    const candidates = new Map([
      ["a", [1, 2, 3, 4].map(card)],
      ["b", [2, 3, 5, 6, 7].map(card)],
      ["c", [1, 5].map(card)],
    ]);
    const rows = assembleTagRows(candidates, [1], 2);
    expect(rows.map((r) => [r.tag, r.works.map((w) => w.id)])).toEqual([
      ["a", [2, 3]],
      ["b", [5, 6]],
    ]);
  });
});
