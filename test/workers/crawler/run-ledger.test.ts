/**
 * RunLedger: what a consumer batch owes the run tables, written in one round trip. Counters and
 * errors of several messages add up (also onto what the run already had), a ledger left out
 * (a message that failed unexpectedly and is delivered again) counts nothing, and the
 * statements stay few however many messages the batch had.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import * as schema from "../../../workers/db/schema";
import { RunLedger } from "../../../workers/crawler/run-ledger";
import { type RecordedQuery, recordingD1, roundTrips } from "../../../workers/lib/recording-d1";

describe("RunLedger", () => {
  it("adds a batch's counters, errors, fetch_log rows and frontier completions in one round trip", async () => {
    const source = await env.DB.prepare("INSERT INTO sources (slug, name, base_url) VALUES ('ledger', 'Ledger', 'https://ledger.example/') RETURNING id").first<{ id: number }>();
    const run = await env.DB.prepare(`INSERT INTO crawl_runs (source_id, trigger, pages_fetched, errors_by_kind) VALUES (?, 'test', 2, '{"http_500":1}') RETURNING id`).bind(source!.id).first<{ id: number }>();
    const runId = run!.id;
    const urls = Array.from({ length: 10 }, (_, i) => `https://ledger.example/artworks/${i}`);
    await env.DB.prepare("INSERT INTO crawl_frontier (run_id, url, kind) SELECT ?, value, 'product' FROM json_each(?)").bind(runId, JSON.stringify(urls)).run();

    // Ten messages: eight stored a work, one failed with http_500, one crashed (its ledger is dropped).
    const ledgers = urls.map((url, i) => {
      const ledger = new RunLedger();
      ledger.log({ runId, sourceId: source!.id, url, statusCode: i === 8 ? 500 : 200, outcome: `http_${i === 8 ? 500 : 200}`, attempt: 1 });
      if (i === 8) {
        ledger.error(runId, "http_500");
        ledger.count(runId, "pagesFailed");
        ledger.complete(runId, url, "failed", "http_500");
      } else {
        ledger.count(runId, "pagesFetched");
        ledger.count(runId, "imagesStored");
        ledger.count(runId, "artworksNew");
        ledger.complete(runId, url, "done", "new");
      }
      return ledger;
    });
    const batch = new RunLedger();
    for (const ledger of ledgers.slice(0, 9)) batch.absorb(ledger);

    const log: RecordedQuery[] = [];
    await batch.write(drizzle(recordingD1(env.DB, log), { schema }));
    expect(roundTrips(log)).toBe(1);
    // One counter UPDATE for the run, one fetch_log INSERT, one UPDATE per completed URL.
    expect(log).toHaveLength(1 + 1 + 9);

    const counters = await env.DB.prepare("SELECT pages_fetched, pages_failed, images_stored, artworks_new, errors_by_kind FROM crawl_runs WHERE id = ?").bind(runId).first<Record<string, number | string>>();
    expect(counters).toMatchObject({ pages_fetched: 2 + 8, pages_failed: 1, images_stored: 8, artworks_new: 8 });
    expect(JSON.parse(String(counters!.errors_by_kind))).toEqual({ http_500: 2 });
    const logged = await env.DB.prepare("SELECT count(*) AS n, sum(status_code = 500) AS failed FROM fetch_log WHERE run_id = ?").bind(runId).first<{ n: number; failed: number }>();
    expect(logged).toEqual({ n: 9, failed: 1 });
    const frontier = (await env.DB.prepare("SELECT status, count(*) AS n FROM crawl_frontier WHERE run_id = ? GROUP BY status ORDER BY status").bind(runId).all<{ status: string; n: number }>()).results;
    // The crashed message's URL stays queued: its next delivery finishes it.
    expect(frontier).toEqual([{ status: "done", n: 8 }, { status: "failed", n: 1 }, { status: "queued", n: 1 }]);
    expect(batch.runsCompleted()).toEqual([runId]);
  });
});
