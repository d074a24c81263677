import { describe, expect, it } from "vitest";
import { isReadOnlySql, withD1Retries } from "../../../workers/lib/d1-retries";

const LOCKED = "D1_ERROR: database is locked: SQLITE_BUSY";
const LOST = "D1_ERROR: Network connection lost.";
const OVERLOADED = "D1_ERROR: Durable Object is overloaded. Too many requests queued.";

/**
 * A D1 stand-in that fails its first calls with the given messages, then answers. It counts
 * every call that reached it, so a test sees how often a statement was really sent.
 */
function flakyD1(failures: string[]) {
  const sent: string[] = [];
  const answer = async (sql: string) => {
    sent.push(sql);
    const failure = failures.shift();
    if (failure) throw new Error(failure);
    return { results: [{ sql }], success: true, meta: {} };
  };
  const statement = (sql: string, params: unknown[] = []): D1PreparedStatement =>
    ({
      bind: (...values: unknown[]) => statement(sql, values),
      all: () => answer(sql),
      run: () => answer(sql),
      first: async () => (await answer(sql)).results[0],
      raw: async () => (await answer(sql)).results.map((row) => Object.values(row)),
      params,
      sql,
    }) as unknown as D1PreparedStatement;
  const db = {
    prepare: (sql: string) => statement(sql),
    batch: async (statements: Array<D1PreparedStatement & { sql: string }>) => {
      sent.push(`batch(${statements.map((s) => s.sql).join("; ")})`);
      const failure = failures.shift();
      if (failure) throw new Error(failure);
      return statements.map((s) => ({ results: [{ sql: s.sql }], success: true, meta: {} }));
    },
    exec: async () => ({ count: 0, duration: 0 }),
  } as unknown as D1Database;
  return { db, sent };
}

const noWait = { delaysMs: [10, 20, 30], sleep: async () => {} };

describe("D1 retries", () => {
  it("tries a read again after a lost connection, and answers what the next attempt read", async () => {
    const { db, sent } = flakyD1([LOST, LOST]);
    const row = await withD1Retries(db, noWait).prepare("SELECT id FROM artworks WHERE id = ?").bind(1).first();
    expect(row).toEqual({ sql: "SELECT id FROM artworks WHERE id = ?" });
    expect(sent).toHaveLength(3);
  });

  it("never repeats a write after a lost connection: it may have committed", async () => {
    const { db, sent } = flakyD1([LOST]);
    const write = withD1Retries(db, noWait).prepare("INSERT INTO likes (session_id, artwork_id) VALUES (?, ?)").bind("s", 1);
    await expect(write.run()).rejects.toThrow(LOST);
    expect(sent).toHaveLength(1);
  });

  it("repeats a write the database refused as locked or overloaded: it never ran", async () => {
    const { db, sent } = flakyD1([LOCKED, OVERLOADED]);
    await withD1Retries(db, noWait).prepare("UPDATE sessions SET seen = 1 WHERE id = ?").bind("s").run();
    expect(sent).toHaveLength(3);
  });

  it("throws the last error unchanged once the attempts are spent, for the 503 answer", async () => {
    const { db, sent } = flakyD1([LOCKED, LOCKED, LOCKED, LOCKED, LOCKED]);
    await expect(withD1Retries(db, noWait).prepare("SELECT 1").all()).rejects.toThrow(LOCKED);
    expect(sent).toHaveLength(4);
  });

  it("does not repeat a statement that failed for a lasting reason", async () => {
    const { db, sent } = flakyD1(["D1_ERROR: no such table: artworks: SQLITE_ERROR"]);
    await expect(withD1Retries(db, noWait).prepare("SELECT * FROM artworks").all()).rejects.toThrow(/no such table/);
    expect(sent).toHaveLength(1);
  });

  it("repeats a batch of reads after a lost connection, but not a batch holding a write", async () => {
    const reads = flakyD1([LOST]);
    const retrying = withD1Retries(reads.db, noWait);
    const results = await retrying.batch([retrying.prepare("SELECT 1"), retrying.prepare("WITH t AS (SELECT 2) SELECT * FROM t")]);
    expect(results).toHaveLength(2);
    expect(reads.sent).toHaveLength(2);

    const mixed = flakyD1([LOST]);
    const retryingMixed = withD1Retries(mixed.db, noWait);
    await expect(retryingMixed.batch([retryingMixed.prepare("SELECT 1"), retryingMixed.prepare("DELETE FROM likes")])).rejects.toThrow(LOST);
    expect(mixed.sent).toHaveLength(1);
  });

  it("waits between attempts, longer each time", async () => {
    const waits: number[] = [];
    const { db } = flakyD1([LOCKED, LOCKED, LOCKED]);
    await withD1Retries(db, { delaysMs: [10, 100, 1000], sleep: async (ms) => void waits.push(ms) }).prepare("SELECT 1").all();
    expect(waits).toHaveLength(3);
    // Each pause is its delay with jitter of -50% to +50%.
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(waits[0]).toBeLessThanOrEqual(15);
    expect(waits[2]).toBeGreaterThanOrEqual(500);
  });

  it("is one view per binding, so caches keyed by the binding keep hitting", () => {
    const { db } = flakyD1([]);
    expect(withD1Retries(db)).toBe(withD1Retries(db));
  });
});

describe("which statements only read", () => {
  it.each([
    ["SELECT * FROM artworks", true],
    ["  -- the feed\n select id from artworks", true],
    ["WITH recent AS (SELECT 1) SELECT * FROM recent", true],
    ["EXPLAIN QUERY PLAN SELECT 1", true],
    ["SELECT id, updated_at FROM artworks WHERE title = 'DELETE me'", true],
    ["INSERT INTO likes VALUES (1)", false],
    ["WITH x AS (SELECT 1) INSERT INTO likes SELECT * FROM x", false],
    ["UPDATE artworks SET title = 'x'", false],
    ["PRAGMA table_info(artworks)", false],
  ])("%s: %s", (sql, readOnly) => {
    expect(isReadOnlySql(sql)).toBe(readOnly);
  });
});
