/**
 * The hot reads at catalogue scale: every statement a feed, browse, vibe or sitemap request
 * runs is replayed under EXPLAIN QUERY PLAN, and none may scan a large table whole (artworks,
 * artwork_tags, map_points, neighbours); the paged reads must use their indexes in
 * order (no sort of what they read). SQLite without ANALYZE
 * statistics plans as for a large table, so the fixture's size does not hide a scan.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { artistPage, browsePosition, tagPage } from "../../app/server/browse.server";
import { discoveryFeed, personalFeed, similarWorks, vibeBySlug } from "../../app/server/feeds.server";
import { activeModel } from "../../app/server/models.server";
import { buildSitemap } from "../../app/server/sitemap.server";
import { type RecordedQuery, recordingD1 } from "../../workers/lib/recording-d1";
import { WORKS, seedCatalogue } from "./fixtures";

beforeAll(seedCatalogue);

const LARGE = ["artworks", "a", "artwork_tags", "t", "x", "map_points", "p", "neighbours"];

async function plan(query: RecordedQuery): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).bind(...query.params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/**
 * Plan lines that read a large table whole: a SCAN of it, with or without an index, or a SEARCH
 * whose only constraint is `available` (every available work: how cardsByIds once read them all).
 */
function fullReads(lines: string[]): string[] {
  return lines.filter((line) => {
    const scan = /^SCAN (\w+)/.exec(line);
    if (scan !== null && LARGE.includes(scan[1]!)) return true;
    return /^SEARCH (a|artworks) USING (COVERING )?INDEX \w+ \(available=\?\)$/.test(line);
  });
}

async function plansOf(run: (db: D1Database) => Promise<unknown>): Promise<{ sql: string; lines: string[] }[]> {
  const log: RecordedQuery[] = [];
  await run(recordingD1(env.DB, log));
  expect(log.length).toBeGreaterThan(0);
  const seen = new Set<string>();
  const out: { sql: string; lines: string[] }[] = [];
  for (const query of log) {
    if (seen.has(query.sql)) continue;
    seen.add(query.sql);
    out.push({ sql: query.sql.replace(/\s+/g, " ").trim(), lines: await plan(query) });
  }
  return out;
}

function expectNoFullReads(plans: { sql: string; lines: string[] }[]) {
  for (const { sql, lines } of plans) expect(fullReads(lines), `${sql}\n${lines.join("\n")}`).toEqual([]);
}

describe("query plans of the hot reads", () => {
  it("discovery: an index range on (available, discovery_rank), both phases", async () => {
    const plans = await plansOf(async (db) => {
      const first = await discoveryFeed(db, { k: "discover", s: 0x7fffffff }, 40);
      expect(first.works.length).toBeGreaterThan(0);
      await discoveryFeed(db, { k: "discover", s: 0x7fffffff, p: [1, 5, 1] }, 40);
    });
    expectNoFullReads(plans);
    const discovery = plans.filter((p) => p.sql.includes("discovery_rank"));
    expect(discovery).toHaveLength(2);
    for (const p of discovery) expect(p.lines.join("\n")).toContain("USING INDEX artworks_discovery_idx");
  });

  it("tag, artist and vibe pages: keyset ranges of their indexes", async () => {
    const model = await activeModel(env.DB, undefined);
    const plans = await plansOf(async (db) => {
      expect(await tagPage(db, "abstract", browsePosition(undefined, 1))).not.toBeNull();
      await tagPage(db, "abstract", browsePosition(30, 2));
      expect(await artistPage(db, "ada-brush", browsePosition(undefined, 1))).not.toBeNull();
      await artistPage(db, "ada-brush", browsePosition(30, 2));
      expect(await vibeBySlug(db, model, "green-vibe")).not.toBeNull();
      await vibeBySlug(db, model, "green-vibe", 20);
    });
    expectNoFullReads(plans);
    for (const p of plans.filter((q) => /ORDER BY (t\.artwork_id|a\.id|p\.artwork_id)/.test(q.sql))) {
      expect(p.lines.join("\n"), p.sql).not.toContain("TEMP B-TREE FOR ORDER BY");
    }
    const joined = plans.map((p) => p.lines.join("\n")).join("\n");
    expect(joined).toContain("artwork_tags_tag_artwork_idx");
    expect(joined).toContain("artworks_artist_available_idx");
    expect(joined).toContain("map_points_cluster_idx");
  });

  it("the personal feed and similar works: bounded by their candidates", async () => {
    const model = await activeModel(env.DB, undefined);
    await env.DB.prepare("INSERT OR IGNORE INTO sessions (id) VALUES ('planssession0000000001')").run();
    await env.DB.prepare("INSERT OR IGNORE INTO reactions (session_id, artwork_id, value) VALUES ('planssession0000000001', ?, 1)").bind(WORKS[3]!.id).run();
    const plans = await plansOf(async (db) => {
      await personalFeed({ db, model, sessionId: "planssession0000000001", seed: 12345 });
      await similarWorks(db, model, WORKS[3]!.id);
    });
    expectNoFullReads(plans);
  });

  it("sitemap: id ranges of works, artists and tags, no count of the catalogue", async () => {
    const plans = await plansOf(async (db) => {
      await buildSitemap(db, "https://art-snob.test");
      await buildSitemap(db, "https://art-snob.test", undefined, 20);
      await buildSitemap(db, "https://art-snob.test", 3, 20);
    });
    expectNoFullReads(plans);
    expect(plans.some((p) => /COUNT\(\*\) AS n FROM artworks/.test(p.sql))).toBe(false);
    const tags = plans.find((p) => p.sql.includes("tag_vocabulary v"))!;
    // Each tag's availability probe starts from the tag's index range, not from all available works.
    expect(tags.lines.join("\n")).toMatch(/SEARCH x USING (COVERING )?INDEX artwork_tags_tag\w* \(tag=\?\)/);
  });

  it("sitemap: the index and a part read no tag rows to be planned", async () => {
    // 48 works in files of 20: part 1 holds only home, map and works.
    const plans = await plansOf(async (db) => {
      await buildSitemap(db, "https://art-snob.test", undefined, 20);
      await buildSitemap(db, "https://art-snob.test", 1, 20);
    });
    expect(plans.filter((p) => p.sql.includes("artwork_tags"))).toEqual([]);
  });
});
