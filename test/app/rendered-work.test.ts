/**
 * Rendered requests (a visitor with a session cookie, which the edge cache never answers):
 * their D1 work is bounded (one batch of the catalogue version and the personal reads, the
 * session-independent parts from the fragment cache), a catalogue-version bump retires the
 * cached parts, and the personal parts stay each visitor's own.
 */
import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/cloudflare";
import * as homeRoute from "../../app/routes/_index";
import * as artworkRoute from "../../app/routes/artworks.$slug";
import { edge } from "../../app/server/edge";
import { forgetFragments } from "../../app/server/fragment-cache";
import { signSessionId } from "../../app/server/session.server";
import { type RecordedQuery, recordingD1, roundTrips } from "../../workers/lib/recording-d1";
import { WORKS, request, seedCatalogue } from "./fixtures";
import { callRoute, type Settled } from "./route-call";

beforeAll(seedCatalogue);
beforeEach(forgetFragments);

const recorded: RecordedQuery[] = [];
const countedEnv = { ...env, DB: recordingD1(env.DB, recorded) };
const pending: Promise<unknown>[] = [];
const context = { cloudflare: { env: countedEnv, ctx: { waitUntil: (p: Promise<unknown>) => pending.push(p) } } } as unknown as AppLoadContext;

let visitors = 0;
/** A visitor who has liked `liked` (so the home page is their personal feed). */
async function visitor(liked: number): Promise<{ id: string; cookie: string }> {
  const id = `renderedvisitor${String(++visitors).padStart(7, "0")}`;
  await env.DB.prepare("INSERT INTO sessions (id) VALUES (?)").bind(id).run();
  await env.DB.prepare("INSERT INTO reactions (session_id, artwork_id, value) VALUES (?, ?, 1)").bind(id, liked).run();
  return { id, cookie: `as_session=${encodeURIComponent(await signSessionId(id, env.SESSION_SECRET!))}` };
}

const home = (cookie?: string) => callRoute(homeRoute.loader, context, request("/", { cookie }));
const artwork = (slug: string, cookie?: string) => callRoute(artworkRoute.loader, context, request(`/artworks/${slug}`, { cookie }), { slug });
async function search(q: string, cookie?: string, extraEnv: Record<string, string> = {}): Promise<Settled> {
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const res = await edge.fetch(request(`/api/search?q=${encodeURIComponent(q)}`, { cookie }), { ...countedEnv, ...extraEnv }, ctx);
  const body = (await res.json()) as unknown;
  return { status: res.status, headers: res.headers, body };
}

/** Runs `fn` and its waitUntil work; answers its result and the D1 work counted. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; roundTrips: number; sql: string[] }> {
  recorded.length = 0;
  const result = await fn();
  await Promise.all(pending.splice(0));
  const sql = recorded.map((q) => `${q.batch === undefined ? "" : "[batch] "}${q.sql.replace(/\s+/g, " ").trim()}`);
  return { result, statements: recorded.length, roundTrips: roundTrips(recorded), sql };
}

const bumpCatalogue = () => env.DB.prepare("UPDATE site_state SET value = value + 1 WHERE key = 'catalogue_version'").run();

describe("D1 work of a rendered request", () => {
  it("is one batch for an artwork page once its shared part is kept, and a bounded few statements for the home feed and a search", async () => {
    const { cookie } = await visitor(WORKS[3]!.id);
    const slug = WORKS[5]!.slug;
    // First requests fill the fragment cache; the figures below are the warm ones.
    await counted(() => search("red", cookie));
    await counted(() => home(cookie));
    await counted(() => artwork(slug, cookie));

    const page = await counted(() => artwork(slug, cookie));
    expect(page.result.status).toBe(200);
    // The version, the visitor's reaction and walls: one round trip.
    expect(page.roundTrips, page.sql.join("\n")).toBe(1);
    expect(page.statements).toBe(3);

    const feed = await counted(() => home(cookie));
    expect((feed.result.body as { feed: string }).feed).toBe("for-you");
    // The version with reactions, searches and recently shown works in one batch; then that list's write.
    // A work this visitor is shown for the first time may need its card read (one more).
    expect(feed.roundTrips, feed.sql.join("\n")).toBeLessThanOrEqual(3);
    expect(feed.statements).toBeLessThanOrEqual(6);

    const found = await counted(() => search("red", cookie));
    expect((found.result.body as { total: number }).total).toBeGreaterThan(0);
    // The rate limit, the version and the visitor's history write.
    expect(found.statements, found.sql.join("\n")).toBe(3);
    expect(found.sql.some((s) => s.startsWith("INSERT INTO searches"))).toBe(true);
    expect(found.sql.some((s) => s.startsWith("INSERT INTO rate_limits"))).toBe(true);
  });
});

describe("shared parts and the catalogue version", () => {
  it("serves a kept artwork part until the version changes, then reads it again", async () => {
    const work = WORKS[7]!;
    const first = await artwork(work.slug);
    expect((first.body as { work: { medium: string | null } }).work.medium).toBeNull();
    // `medium` is not a column the bump trigger watches: the kept part stays as it was ...
    await env.DB.prepare("UPDATE artworks SET medium = 'Oil on linen' WHERE id = ?").bind(work.id).run();
    try {
      const kept = await counted(() => artwork(work.slug));
      expect((kept.result.body as { work: { medium: string | null } }).work.medium).toBeNull();
      expect(kept.roundTrips).toBe(1);
      // ... until a crawl or a pipeline push bumps the version.
      await bumpCatalogue();
      const fresh = await counted(() => artwork(work.slug));
      expect((fresh.result.body as { work: { medium: string | null } }).work.medium).toBe("Oil on linen");
      expect(fresh.roundTrips).toBeGreaterThan(1);
    } finally {
      await env.DB.prepare("UPDATE artworks SET medium = NULL WHERE id = ?").bind(work.id).run();
    }
  });

  it("drops a work that went off sale from every kept list at once (the trigger bumps the version)", async () => {
    const cookie = (await visitor(WORKS[0]!.id)).cookie;
    const before = (await home(cookie)).body as { works: { id: number }[]; total: number };
    const gone = before.works[0]!.id;
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = ?").bind(gone).run();
    try {
      const after = (await home(cookie)).body as { works: { id: number }[]; total: number };
      expect(after.works.map((w) => w.id)).not.toContain(gone);
      expect(after.total).toBe(before.total - 1);
      const answer = (await search("study", cookie)).body as { results: { id: number }[] };
      expect(answer.results.map((r) => r.id)).not.toContain(gone);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = ?").bind(gone).run();
    }
  });

  it("answers a search from the kept answer once a pipeline push changed nothing else, and reads again after a bump", async () => {
    await search("red");
    const kept = await counted(() => search("red"));
    expect(kept.statements, kept.sql.join("\n")).toBe(2);
    await bumpCatalogue();
    const fresh = await counted(() => search("red"));
    expect(fresh.statements).toBeGreaterThan(2);
  });
});

describe("personal parts stay each visitor's own", () => {
  it("shows each visitor their own reaction and walls on a kept artwork page, and marks it private", async () => {
    const work = WORKS[9]!;
    const a = await visitor(work.id);
    const b = await visitor(WORKS[20]!.id);
    const wall = await env.DB.prepare("INSERT INTO walls (owner_session_id, name, share_token) VALUES (?, 'A hall', ?) RETURNING id")
      .bind(a.id, `renderedwalltoken${visitors}`.padEnd(22, "x"))
      .first<{ id: number }>();
    await env.DB.prepare("INSERT INTO wall_items (wall_id, artwork_id, position) VALUES (?, ?, 0)").bind(wall!.id, work.id).run();

    const pageA = await artwork(work.slug, a.cookie);
    const pageB = await artwork(work.slug, b.cookie);
    const anonymous = await artwork(work.slug);
    expect(pageA.body).toMatchObject({ personal: { reaction: 1, walls: [{ id: wall!.id, name: "A hall", contains: true }] } });
    expect(pageB.body).toMatchObject({ personal: { reaction: 0, walls: [] } });
    expect((anonymous.body as { personal: unknown }).personal).toBeNull();
    expect(pageA.headers.get("Cache-Control")).toBe("private, no-store");
    expect(pageB.headers.get("Cache-Control")).toBe("private, no-store");
    expect(anonymous.headers.get("Cache-Control")).toMatch(/^public/);
  });

  it("gives each visitor their own personal feed and records only what they were shown", async () => {
    const a = await visitor(WORKS[1]!.id); // red
    const b = await visitor(WORKS[14]!.id); // blue
    const feedA = (await home(a.cookie)).body as { feed: string; works: { id: number; dominantColour: string }[]; learnedFrom: { liked: number } };
    const feedB = (await home(b.cookie)).body as { feed: string; works: { id: number; dominantColour: string }[] };
    expect(feedA.feed).toBe("for-you");
    expect(feedB.feed).toBe("for-you");
    expect(feedA.works[0]!.dominantColour).toBe("red");
    expect(feedB.works[0]!.dominantColour).toBe("blue");
    const exposed = async (id: string) =>
      (JSON.parse((await env.DB.prepare("SELECT artwork_ids FROM recently_shown WHERE session_id = ?").bind(id).first<{ artwork_ids: string }>())!.artwork_ids) as number[]).sort((x, y) => x - y);
    expect(await exposed(a.id)).toEqual(feedA.works.map((w) => w.id).sort((x, y) => x - y));
    expect(await exposed(b.id)).toEqual(feedB.works.map((w) => w.id).sort((x, y) => x - y));
    // The next page moves on for A (what was shown is read per visitor, never kept).
    const again = (await home(a.cookie)).body as { works: { id: number }[] };
    expect(again.works[0]!.id).not.toBe(feedA.works[0]!.id);
  });

  it("still counts a kept search against the visitor's rate limit and writes it to their own history only", async () => {
    const a = await visitor(WORKS[2]!.id);
    const b = await visitor(WORKS[3]!.id);
    const limited = { RATE_LIMIT_SEARCH: "2/60" };
    await search("study", a.cookie, limited);
    expect((await search("study", a.cookie, limited)).status).toBe(200);
    expect((await search("study", a.cookie, limited)).status).toBe(429);
    expect((await search("study", b.cookie, limited)).status).toBe(200);
    await Promise.all(pending.splice(0));
    const history = async (id: string) => (await env.DB.prepare("SELECT COUNT(*) AS n FROM searches WHERE session_id = ?").bind(id).first<{ n: number }>())!.n;
    expect(await history(a.id)).toBe(2);
    expect(await history(b.id)).toBe(1);
  });
});
