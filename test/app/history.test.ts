/**
 * /history: what the triggers log for likes, dislikes, walls and searches, the page's
 * keyset paging, and undo (through the page's form action) for each kind of entry.
 */
import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/cloudflare";
import * as historyRoute from "../../app/routes/history";
import { type HistoryPage, historyPage } from "../../app/server/history.server";
import { reactionsOf, setReaction } from "../../app/server/reactions.server";
import { recordSearch } from "../../app/server/search/history.server";
import { addToWall, createWall, deleteWall, ownedWall, removeFromWall, renameWall, replaceWallItems } from "../../app/server/walls.server";
import { request, seedCatalogue, sessionCookieFrom } from "./fixtures";
import { callRoute } from "./route-call";

beforeAll(seedCatalogue);

const SITE = "https://art-snob.test";
const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } } as unknown as AppLoadContext;
const sessionIdOf = (cookie: string) => decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;

async function newVisitor(): Promise<{ cookie: string; sessionId: string }> {
  const res = await SELF.fetch(request("/api/likes/48", { method: "PUT", headers: { "Content-Type": "application/json", Origin: SITE }, body: JSON.stringify({ value: 0 }) }));
  expect(res.status).toBe(200);
  const cookie = sessionCookieFrom(res);
  return { cookie, sessionId: sessionIdOf(cookie) };
}

function undo(entryId: number | string, cookie?: string, origin = SITE) {
  const form = new FormData();
  form.set("entryId", String(entryId));
  form.set("redirectTo", "/history");
  const headers = new Headers({ Origin: origin });
  if (cookie) headers.set("Cookie", cookie);
  return callRoute(historyRoute.action, context, new Request(`${SITE}/history`, { method: "POST", body: form, headers }));
}

async function page(cookie: string, before?: number): Promise<HistoryPage> {
  const res = await callRoute(historyRoute.loader, context, new Request(`${SITE}/history${before ? `?before=${before}` : ""}`, { headers: { Cookie: cookie } }));
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  return res.body as HistoryPage;
}

describe("history log", () => {
  it("lists likes, dislikes, wall changes and searches newest first, one entry per change", async () => {
    const { cookie, sessionId } = await newVisitor();
    await setReaction(env.DB, sessionId, 1, 1);
    await setReaction(env.DB, sessionId, 1, -1); // changed: one entry "disliked (was a like)"
    await setReaction(env.DB, sessionId, 2, 1);
    await setReaction(env.DB, sessionId, 2, 1); // repeated: nothing new
    const wall = await createWall(env.DB, sessionId, "Hall");
    await addToWall(env.DB, wall, 3);
    await addToWall(env.DB, wall, 4);
    await replaceWallItems(env.DB, wall, [4, 3]); // reorder: not an entry
    await renameWall(env.DB, wall, "Long hall");
    await recordSearch(env.DB, sessionId, "blue sea", 7);
    const { entries, nextBefore } = await page(cookie);
    expect(nextBefore).toBeNull();
    expect(entries.map((e) => [e.kind, e.artwork?.id ?? e.label])).toEqual([
      ["search", "blue sea"],
      ["wall_rename", "Long hall"],
      ["wall_add", 4],
      ["wall_add", 3],
      ["wall_create", "Hall"],
      ["react", 2],
      ["react", 1],
      ["react", 1],
    ]);
    // Changing a like to a dislike: the delete-then-insert is one entry that knows what it replaced.
    expect(entries[6]).toMatchObject({ value: -1, previousValue: 1, undoBlock: null });
    expect(entries[7]).toMatchObject({ value: 1, previousValue: null, undoBlock: "changed_since" });
    expect(entries[1]).toMatchObject({ previousLabel: "Hall", wall: { id: wall.id, name: "Long hall", exists: true } });
    // The wall has works: undoing its creation is refused (delete it on the walls page instead).
    expect(entries[4]!.undoBlock).toBe("wall_not_empty");
  });

  it("folds a deleted wall's removals into one entry", async () => {
    const { cookie, sessionId } = await newVisitor();
    const wall = await createWall(env.DB, sessionId, "Gone");
    await addToWall(env.DB, wall, 5);
    await addToWall(env.DB, wall, 6);
    await removeFromWall(env.DB, wall, 5);
    await addToWall(env.DB, wall, 7);
    await deleteWall(env.DB, wall);
    const { entries } = await page(cookie);
    expect(entries.map((e) => e.kind)).toEqual(["wall_delete", "wall_add", "wall_remove", "wall_add", "wall_add", "wall_create"]);
    expect(entries[0]).toMatchObject({ label: "Gone", value: 2, undoBlock: "not_undoable" });
    expect(entries.slice(1).every((e) => e.undoBlock === "wall_gone")).toBe(true);
  });

  it("pages with a keyset cursor, 30 at a time, and refuses a bad cursor", async () => {
    const { cookie, sessionId } = await newVisitor();
    for (let i = 0; i < 35; i++) await recordSearch(env.DB, sessionId, `query ${i}`, i);
    const first = await page(cookie);
    expect(first.entries).toHaveLength(30);
    expect(first.entries[0]!.label).toBe("query 34");
    const second = await page(cookie, first.nextBefore!);
    expect(second.entries.map((e) => e.label)).toEqual(["query 4", "query 3", "query 2", "query 1", "query 0"]);
    expect(second.nextBefore).toBeNull();
    const bad = await callRoute(historyRoute.loader, context, new Request(`${SITE}/history?before=-1`, { headers: { Cookie: cookie } }));
    expect(bad.status).toBe(400);
    // The page query walks the (session_id, id) index: no scan of the table, no temporary sort.
    const plan = await env.DB.prepare("EXPLAIN QUERY PLAN SELECT id FROM history_events WHERE session_id = ? AND id < ? ORDER BY id DESC LIMIT 31").bind(sessionId, 1e12).all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join(" | ");
    expect(details).toContain("history_events_session_idx");
    expect(details).not.toContain("TEMP B-TREE");
  });

  it("shows nothing to a visitor without a session", async () => {
    expect(await historyPage(env.DB, null)).toEqual({ entries: [], nextBefore: null });
  });
});

describe("undo", () => {
  it("puts a changed reaction back, then refuses a second undo", async () => {
    const { cookie, sessionId } = await newVisitor();
    await setReaction(env.DB, sessionId, 8, 1);
    await setReaction(env.DB, sessionId, 8, -1);
    const [entry] = (await page(cookie)).entries;
    const res = await undo(entry!.id, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/history");
    expect(await reactionsOf(env.DB, sessionId)).toEqual({ liked: [8], disliked: [] });
    const after = await page(cookie);
    // The undo itself is not logged: the entry is marked undone instead.
    expect(after.entries).toHaveLength(2);
    expect(after.entries[0]).toMatchObject({ id: entry!.id, undoBlock: "undone" });
    expect(after.entries[0]!.undoneAt).toBeGreaterThan(0);
    expect((await undo(entry!.id, cookie)).status).toBe(409);
  });

  it("undoes a like, a took-back like, wall adds, removes and renames, an empty wall and a search", async () => {
    const { cookie, sessionId } = await newVisitor();
    await setReaction(env.DB, sessionId, 9, 1);
    await setReaction(env.DB, sessionId, 10, -1);
    await setReaction(env.DB, sessionId, 10, 0);
    const wall = await createWall(env.DB, sessionId, "Study");
    await addToWall(env.DB, wall, 11);
    await addToWall(env.DB, wall, 12);
    await removeFromWall(env.DB, wall, 12);
    await renameWall(env.DB, await ownedWall(env.DB, sessionId, wall.id), "Study wall");
    const empty = await createWall(env.DB, sessionId, "Empty");
    await recordSearch(env.DB, sessionId, "red", 3);
    const { entries } = await page(cookie);
    const byKind = (kind: string, artworkId?: number) => entries.find((e) => e.kind === kind && (artworkId === undefined || e.artwork?.id === artworkId))!;
    for (const entry of [
      byKind("react", 9),
      byKind("unreact", 10),
      byKind("wall_add", 11),
      byKind("wall_remove", 12),
      byKind("wall_rename"),
      entries.find((e) => e.kind === "wall_create" && e.label === "Empty")!,
      byKind("search"),
    ]) {
      expect(entry.undoBlock, entry.kind).toBeNull();
      expect((await undo(entry.id, cookie)).status, entry.kind).toBe(302);
    }
    expect(await reactionsOf(env.DB, sessionId)).toEqual({ liked: [], disliked: [10] });
    const items = await env.DB.prepare("SELECT artwork_id AS id FROM wall_items WHERE wall_id = ? ORDER BY position").bind(wall.id).all<{ id: number }>();
    expect(items.results.map((r) => r.id)).toEqual([12]);
    expect((await ownedWall(env.DB, sessionId, wall.id)).name).toBe("Study");
    expect(await env.DB.prepare("SELECT id FROM walls WHERE id = ?").bind(empty.id).first()).toBeNull();
    expect(await env.DB.prepare("SELECT id FROM searches WHERE session_id = ?").bind(sessionId).first()).toBeNull();
    // Nothing new was logged by the undos.
    expect((await page(cookie)).entries).toHaveLength(entries.length);
  });

  it("refuses an undo that would not bring the old state back", async () => {
    const { cookie, sessionId } = await newVisitor();
    await setReaction(env.DB, sessionId, 13, 1);
    await setReaction(env.DB, sessionId, 13, 0);
    await setReaction(env.DB, sessionId, 14, 1);
    const entries = (await page(cookie)).entries;
    // Liking 13 was taken back since: that like entry cannot be undone, the take-back can.
    const like13 = entries.find((e) => e.kind === "react" && e.artwork?.id === 13)!;
    expect(like13.undoBlock).toBe("changed_since");
    const res = await undo(like13.id, cookie);
    expect(res.status).toBe(409);
    expect(String(res.body)).toContain("changed since");
  });

  it("is tied to the session: another visitor's entry is a 404, no cookie a 401, another site a 403", async () => {
    const a = await newVisitor();
    const b = await newVisitor();
    await setReaction(env.DB, a.sessionId, 15, 1);
    const [entry] = (await page(a.cookie)).entries;
    expect((await undo(entry!.id, b.cookie)).status).toBe(404);
    expect((await undo(entry!.id)).status).toBe(401);
    expect((await undo(entry!.id, a.cookie, "https://evil.example")).status).toBe(403);
    expect((await undo("1e3", a.cookie)).status).toBe(400);
    expect(await reactionsOf(env.DB, a.sessionId)).toEqual({ liked: [15], disliked: [] });
  });
});
