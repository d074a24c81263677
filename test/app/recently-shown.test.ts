/**
 * What a session was shown lately (app/server/recently-shown.server.ts), against the real D1:
 * one row per session, the latest page first, capped; moved on sign-in, gone on deletion; and
 * the migration that turned the old `exposures` rows into these lists.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { deleteSessionStatements, mergeSessionStatements } from "../../app/server/accounts/session-data.server";
import { RECENTLY_SHOWN_KEPT, recentlyShownStatement, recordShownStatement, shownFrom } from "../../app/server/recently-shown.server";

const db = env.DB;
const listOf = async (sessionId: string): Promise<number[] | null> => {
  const row = await db.prepare("SELECT artwork_ids FROM recently_shown WHERE session_id = ?").bind(sessionId).first<{ artwork_ids: string }>();
  return row ? (JSON.parse(row.artwork_ids) as number[]) : null;
};
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const newSession = async (id: string) => {
  await db.prepare("INSERT INTO sessions (id) VALUES (?)").bind(id).run();
  return id;
};

describe("recently shown works", () => {
  it("keeps the latest page first, and only the newest RECENTLY_SHOWN_KEPT ids", async () => {
    const session = await newSession("shown-cap");
    await recordShownStatement(db, session, range(1, 300)).run();
    await recordShownStatement(db, session, range(1001, 24)).run();
    expect((await listOf(session))!.slice(0, 26)).toEqual([...range(1001, 24), 1, 2]);
    await recordShownStatement(db, session, range(2001, 300)).run();
    const list = (await listOf(session))!;
    expect(list).toHaveLength(RECENTLY_SHOWN_KEPT);
    expect(list).toEqual([...range(2001, 300), ...range(1001, 24), ...range(1, RECENTLY_SHOWN_KEPT - 324)]);
  });

  it("is read as one row, and as nothing for a session never shown a personal page", async () => {
    const session = await newSession("shown-read");
    expect(shownFrom(await recentlyShownStatement(db, session).all())).toEqual(new Set());
    await recordShownStatement(db, session, [5, 6, 5]).run();
    const read = await recentlyShownStatement(db, session).all();
    expect(read.results).toHaveLength(1);
    expect(read.meta.rows_read).toBe(1);
    expect(shownFrom(read)).toEqual(new Set([5, 6]));
  });

  it("on sign-in puts the browsing session's list in front of the account's, and deletes it", async () => {
    const anonymous = await newSession("shown-anon");
    const account = await newSession("shown-account");
    await recordShownStatement(db, account, [1, 2, 3]).run();
    await recordShownStatement(db, anonymous, [7, 8]).run();
    await db.batch(mergeSessionStatements(db, anonymous, account));
    expect(await listOf(account)).toEqual([7, 8, 1, 2, 3]);
    expect(await listOf(anonymous)).toBeNull();

    // An account with no list yet takes the browsing session's; one without a list to give changes nothing.
    const fresh = await newSession("shown-fresh-account");
    const browsing = await newSession("shown-anon-2");
    await recordShownStatement(db, browsing, [9]).run();
    await db.batch(mergeSessionStatements(db, browsing, fresh));
    expect(await listOf(fresh)).toEqual([9]);
    const empty = await newSession("shown-anon-empty");
    await db.batch(mergeSessionStatements(db, empty, fresh));
    expect(await listOf(fresh)).toEqual([9]);
  });

  it("is deleted with the session", async () => {
    const session = await newSession("shown-deleted");
    await recordShownStatement(db, session, [4]).run();
    await db.batch(deleteSessionStatements(db, session));
    expect(await listOf(session)).toBeNull();
  });
});

describe("migration 0011: exposures to recently shown lists", () => {
  it("keeps each session's newest 500 exposures, newest first, then drops the table", async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0011_"));
    expect(migration).toBeDefined();
    // The database as it was before: an exposures table with one row per work shown.
    await db.batch([
      db.prepare("DROP TABLE recently_shown"),
      db.prepare("CREATE TABLE exposures (session_id text NOT NULL, artwork_id integer NOT NULL, feed text NOT NULL, at integer NOT NULL)"),
    ]);
    // Session "old-a": 600 exposures, work i shown at time i (the newest is 599); "old-b": two, shown at the same time.
    await db.batch([
      db.prepare("INSERT INTO exposures WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 599) SELECT 'old-a', i, 'for-you', i FROM n"),
      db.prepare("INSERT INTO exposures VALUES ('old-b', 41, 'for-you', 5), ('old-b', 42, 'for-you', 5)"),
    ]);

    for (const query of migration!.queries) await db.prepare(query).run();

    expect(await listOf("old-a")).toEqual(range(100, 500).reverse());
    // Shown together: the later insert counts as the newer, as the feed read them.
    expect(await listOf("old-b")).toEqual([42, 41]);
    const left = await db.prepare("SELECT name FROM sqlite_master WHERE name = 'exposures'").all();
    expect(left.results).toEqual([]);
  });
});
