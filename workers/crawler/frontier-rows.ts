/**
 * The frontier's bulk statements. Rows travel as one JSON parameter read by
 * json_each, so a statement carries hundreds of URLs while binding two values
 * (D1 allows 100 bound parameters and 1,000 queries an invocation).
 */
import { sql } from "drizzle-orm";
import type { Db } from "./catalogue-store";
import { jsonChunks } from "../lib/json-chunks";
import type { CrawlKind } from "./messages";

export interface FrontierRow {
  url: string;
  kind: CrawlKind;
  sitemapLastmod?: string;
}

/** Splits rows into statement-sized chunks (500 rows, 64 KB of JSON at most). */
export function frontierChunks(rows: readonly FrontierRow[]): FrontierRow[][] {
  return jsonChunks(rows, 500, 64 * 1024, encode);
}

function encode(row: FrontierRow): [string, string, string | null] {
  return [row.url, row.kind, row.sitemapLastmod ?? null];
}

/** Inserts a chunk; a URL already in the run is left alone. Returns the URLs this call inserted. */
export async function insertFrontierChunk(db: Db, runId: number, chunk: readonly FrontierRow[]): Promise<Set<string>> {
  const rows = await db.all<{ url: string }>(sql`
    INSERT OR IGNORE INTO crawl_frontier (run_id, url, kind, sitemap_lastmod)
    SELECT ${runId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
    FROM json_each(${JSON.stringify(chunk.map(encode))})
    RETURNING url`);
  return new Set(rows.map((row) => row.url));
}

/** The chunk's rows already in this run's frontier, as stored, with their status. */
export async function storedAmong(db: Db, runId: number, chunk: readonly FrontierRow[]): Promise<Array<FrontierRow & { status: string }>> {
  const rows = await db.all<{ url: string; kind: CrawlKind; sitemap_lastmod: string | null; status: string }>(sql`
    SELECT url, kind, sitemap_lastmod, status FROM crawl_frontier
    WHERE run_id = ${runId}
      AND url IN (SELECT json_extract(value, '$[0]') FROM json_each(${JSON.stringify(chunk.map(encode))}))`);
  return rows.map((row) => ({ url: row.url, kind: row.kind, status: row.status, ...(row.sitemap_lastmod ? { sitemapLastmod: row.sitemap_lastmod } : {}) }));
}
