import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  OPERATOR_COOKIE,
  isAdminToken,
  isOperatorCookie,
  operatorCookieValue,
  operatorOverview,
  percentOf,
  signInCookie,
  signOutCookie,
} from "../../app/server/operator.server";
import { errorKinds, formatDuration } from "../../app/utils/operator";
import { MODEL, WORKS, seedCatalogue } from "./fixtures";

const TOKEN = "test-admin-token";
const T0 = 1_760_000_000_000;

beforeAll(async () => {
  await seedCatalogue();
  const done = await env.DB.prepare("SELECT COUNT(*) AS n FROM crawl_runs").first<{ n: number }>();
  if (done?.n) return;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO sources (id, slug, name, base_url, enabled, last_run_started_at) VALUES (2, 'old-shop', 'Old Shop', 'https://old.test/', 0, NULL)"),
    env.DB.prepare("UPDATE sources SET last_run_started_at = ? WHERE id = 1").bind(T0 + 60_000),
    env.DB.prepare(
      `INSERT INTO crawl_runs (id, source_id, trigger, status, phase, started_at, finished_at, pages_queued, pages_fetched, pages_not_modified,
         pages_failed, pages_skipped, artworks_new, artworks_updated, artworks_unavailable, images_stored, errors_by_kind)
       VALUES (1, 1, 'cron', 'finished', 'done', ?, ?, 120, 100, 10, 6, 4, 48, 0, 0, 48, '{"http_500":1,"timeout":5}'),
              (2, 1, 'admin', 'running', 'verifying', ?, NULL, 30, 12, 3, 0, 0, 0, 2, 1, 0, '{}')`,
    ).bind(T0, T0 + 95_000, T0 + 60_000),
    env.DB.prepare(
      `INSERT INTO dead_letters (run_id, url, error_kind, reason, attempts) VALUES
         (1, 'https://shop.test/a', 'http_500', 'HTTP 500', 4), (1, 'https://shop.test/b', 'http_500', 'HTTP 500', 4), (1, 'https://shop.test/c', 'timeout', 'timed out', 4)`,
    ),
    // Half the works have pushed vectors, a few are only embedded; a quarter have thumbnails.
    ...WORKS.map((w, i) =>
      env.DB.prepare("INSERT INTO embeddings (artwork_id, model_id, image_hash, status) VALUES (?, ?, ?, ?)").bind(w.id, MODEL.id, w.imageHash, i < 24 ? "pushed" : i < 28 ? "embedded" : "pending"),
    ),
    env.DB.prepare("UPDATE images SET thumbnail_key = 'thumbs/320/' || hash || '.webp' WHERE hash IN (SELECT image_hash FROM artworks WHERE id <= 12)"),
    env.DB.prepare("INSERT INTO models (id, dimensions, description) VALUES ('empty-model', 8, 'nothing pushed yet')"),
  ]);
});

describe("operator sign-in", () => {
  it("accepts only the admin token", async () => {
    expect(await isAdminToken(TOKEN, TOKEN)).toBe(true);
    for (const guess of ["", "test-admin-toke", "test-admin-token ", "TEST-ADMIN-TOKEN", `${TOKEN}x`]) {
      expect(await isAdminToken(guess, TOKEN), guess).toBe(false);
    }
    expect(await isAdminToken(TOKEN, undefined)).toBe(false);
    expect(await isAdminToken("", "")).toBe(false);
  });

  it("keeps an HMAC of a fixed string in the cookie, never the token", async () => {
    const value = await operatorCookieValue(TOKEN);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toContain(TOKEN);
    expect(await operatorCookieValue(TOKEN)).toBe(value);
    expect(await operatorCookieValue("another-token")).not.toBe(value);
    expect(await isOperatorCookie(value, TOKEN)).toBe(true);
    expect(await isOperatorCookie(value, "another-token")).toBe(false);
    expect(await isOperatorCookie(`${value.slice(0, -1)}A`, TOKEN)).toBe(value.endsWith("A"));
    expect(await isOperatorCookie(TOKEN, TOKEN)).toBe(false);
    expect(await isOperatorCookie(null, TOKEN)).toBe(false);
    expect(await isOperatorCookie(value, undefined)).toBe(false);
  });

  it("sets an HttpOnly, SameSite=Strict cookie scoped to /operator, and clears it", async () => {
    const cookie = await signInCookie(TOKEN, "https://art-snob.test/operator");
    expect(cookie).toBe(`${OPERATOR_COOKIE}=${await operatorCookieValue(TOKEN)}; Path=/operator; HttpOnly; SameSite=Strict; Max-Age=43200; Secure`);
    expect(await signInCookie(TOKEN, "http://127.0.0.1:8788/operator")).not.toContain("Secure");
    expect(signOutCookie("https://art-snob.test/operator")).toBe(`${OPERATOR_COOKIE}=; Path=/operator; HttpOnly; SameSite=Strict; Max-Age=0; Secure`);
  });
});

describe("operatorOverview", () => {
  it("lists sources with their last run", async () => {
    const { sources } = await operatorOverview(env.DB, T0 + 100_000);
    expect(sources).toEqual([
      { id: 2, slug: "old-shop", name: "Old Shop", baseUrl: "https://old.test/", enabled: false, lastRunStartedAt: null },
      { id: 1, slug: "test-shop", name: "Test Shop", baseUrl: "https://shop.test/", enabled: true, lastRunStartedAt: T0 + 60_000 },
    ]);
  });

  it("shows recent runs newest first with counts, errors by kind and duration", async () => {
    const { runs } = await operatorOverview(env.DB, T0 + 100_000);
    expect(runs.map((r) => r.id)).toEqual([2, 1]);
    expect(runs[1]).toMatchObject({
      source: "Test Shop",
      trigger: "cron",
      status: "finished",
      phase: "done",
      startedAt: T0,
      finishedAt: T0 + 95_000,
      durationMs: 95_000,
      pagesQueued: 120,
      pagesFetched: 100,
      pagesNotModified: 10,
      pagesFailed: 6,
      pagesSkipped: 4,
      artworksNew: 48,
      artworksUpdated: 0,
      artworksUnavailable: 0,
      imagesStored: 48,
      errorsByKind: { http_500: 1, timeout: 5 },
    });
    // A running run's duration is measured to now.
    expect(runs[0]).toMatchObject({ status: "running", phase: "verifying", finishedAt: null, durationMs: 40_000, errorsByKind: {} });
    expect(errorKinds(runs[1]!.errorsByKind)).toEqual([{ kind: "timeout", count: 5 }, { kind: "http_500", count: 1 }]);
    expect((await operatorOverview(env.DB, T0, 1)).runs).toHaveLength(1);
  });

  it("counts dead letters by kind", async () => {
    const { deadLetters } = await operatorOverview(env.DB);
    expect(deadLetters).toEqual({ total: 3, byKind: [{ kind: "http_500", count: 2 }, { kind: "timeout", count: 1 }] });
  });

  it("reports index coverage per model as counts and shares of available works", async () => {
    const { available, coverage } = await operatorOverview(env.DB);
    expect(available).toBe(WORKS.length);
    const test = coverage.find((c) => c.model === MODEL.id)!;
    expect(test).toEqual({
      model: MODEL.id,
      dimensions: MODEL.dimensions,
      available: 48,
      vectors: { count: 24, percent: 50 },
      neighbours: { count: 48, percent: 100 },
      mapPoints: { count: 48, percent: 100 },
      palettes: { count: 48, percent: 100 },
      thumbnails: { count: 12, percent: 25 },
      clusters: 4,
      queryVectors: 4,
    });
    const empty = coverage.find((c) => c.model === "empty-model")!;
    expect(empty).toMatchObject({ vectors: { count: 0, percent: 0 }, neighbours: { count: 0, percent: 0 }, mapPoints: { count: 0, percent: 0 }, clusters: 0 });
  });

  it("counts only available works", async () => {
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id IN (1, 2)").run();
    try {
      const { available, coverage } = await operatorOverview(env.DB);
      expect(available).toBe(46);
      const test = coverage.find((c) => c.model === MODEL.id)!;
      expect(test.vectors).toEqual({ count: 22, percent: 47.8 });
      expect(test.neighbours).toEqual({ count: 46, percent: 100 });
      expect(test.thumbnails).toEqual({ count: 10, percent: 21.7 });
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id IN (1, 2)").run();
    }
  });
});

describe("operator formatting", () => {
  it("rounds shares to one decimal and never divides by zero", () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(5, 0)).toBe(0);
  });

  it("formats durations for people", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12 s");
    expect(formatDuration(4_250)).toBe("4.3 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(2 * 3600_000 + 4 * 60_000)).toBe("2 h 4 min");
  });
});
