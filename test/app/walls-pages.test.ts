/**
 * The no-JavaScript side of likes, walls and the taste finder: the Remix
 * loaders and form actions called directly (the browser tests drive the
 * rendered pages). Each form posts, changes state for the session only, and
 * redirects; refusals never change anything.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/cloudflare";
import * as likesRoute from "../../app/routes/likes";
import * as reactionsRoute from "../../app/routes/reactions";
import * as tasteRoute from "../../app/routes/taste";
import * as sharedRoute from "../../app/routes/w.$token";
import * as wallRoute from "../../app/routes/walls.$id";
import * as wallsRoute from "../../app/routes/walls._index";
import { reactionsOf } from "../../app/server/reactions.server";
import { seedCatalogue, sessionCookieFrom } from "./fixtures";
import { callRoute } from "./route-call";

beforeAll(seedCatalogue);

const SITE = "https://art-snob.test";
const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } } as unknown as AppLoadContext;

function post(path: string, fields: Record<string, string | number>, init: { cookie?: string; origin?: string } = {}): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  const headers = new Headers({ Origin: init.origin ?? SITE });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`${SITE}${path}`, { method: "POST", body: form, headers });
}

function get(path: string, cookie?: string): Request {
  return new Request(`${SITE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

const run = (fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) => callRoute(fn, context, request, params);

const sessionIdOf = (cookie: string) => decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;

describe("/reactions (Like / Dislike buttons without JavaScript)", () => {
  it("creates the session, records the like and redirects back", async () => {
    const res = await run(reactionsRoute.action, post("/reactions", { artworkId: 5, value: 1, redirectTo: "/artworks/red-study-5?x=1" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/artworks/red-study-5?x=1");
    const cookie = sessionCookieFrom(new Response(null, { headers: res.headers }));
    expect(await reactionsOf(env.DB, sessionIdOf(cookie))).toEqual({ liked: [5], disliked: [] });
    // Pressed again: undo.
    const undo = await run(reactionsRoute.action, post("/reactions", { artworkId: 5, value: 0, redirectTo: "/likes" }, { cookie }));
    expect(undo.status).toBe(302);
    expect(undo.headers.get("Set-Cookie")).toBeNull();
    expect(await reactionsOf(env.DB, sessionIdOf(cookie))).toEqual({ liked: [], disliked: [] });
  });

  it("answers JSON to the fetcher (js=1)", async () => {
    const res = await run(reactionsRoute.action, post("/reactions", { artworkId: 6, value: -1, redirectTo: "/", js: 1 }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ artworkId: 6, value: -1 });
    expect(res.headers.get("Set-Cookie")).toMatch(/^as_session=/);
  });

  it("never redirects off the site", async () => {
    for (const target of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await run(reactionsRoute.action, post("/reactions", { artworkId: 5, value: 1, redirectTo: target }));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/likes");
    }
  });

  it("refuses cross-origin posts, bad values and unknown works", async () => {
    const evil = await run(reactionsRoute.action, post("/reactions", { artworkId: 5, value: 1, redirectTo: "/" }, { origin: "https://evil.example" }));
    expect(evil.status).toBe(403);
    expect(evil.headers.get("Set-Cookie")).toBeNull();
    expect((await run(reactionsRoute.action, post("/reactions", { artworkId: 5, value: 2 }))).status).toBe(400);
    expect((await run(reactionsRoute.action, post("/reactions", { artworkId: "x", value: 1 }))).status).toBe(400);
    const missing = await run(reactionsRoute.action, post("/reactions", { artworkId: 99999, value: 1, js: 1 }));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "not_found" });
  });
});

describe("/likes", () => {
  it("shows liked and disliked works, privately", async () => {
    const first = await run(reactionsRoute.action, post("/reactions", { artworkId: 1, value: 1 }));
    const cookie = sessionCookieFrom(new Response(null, { headers: first.headers }));
    await run(reactionsRoute.action, post("/reactions", { artworkId: 2, value: -1 }, { cookie }));
    const page = await run(likesRoute.loader, get("/likes", cookie));
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    const body = page.body as { liked: { id: number }[]; disliked: { id: number }[] };
    expect(body.liked.map((w) => w.id)).toEqual([1]);
    expect(body.disliked.map((w) => w.id)).toEqual([2]);
    const anonymous = await run(likesRoute.loader, get("/likes"));
    expect(anonymous.body).toEqual({ liked: [], disliked: [] });
    expect(anonymous.headers.get("Cache-Control")).toBe("private, no-store");
  });
});

describe("/walls and /walls/{id} (forms without JavaScript)", () => {
  async function createWall(name: string, cookie?: string) {
    const res = await run(wallsRoute.action, post("/walls?index", { intent: "create", name }, { cookie }));
    expect(res.status).toBe(302);
    const id = Number(/^\/walls\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
    const setCookie = res.headers.get("Set-Cookie");
    return { id, cookie: cookie ?? sessionCookieFrom(new Response(null, { headers: { "Set-Cookie": setCookie ?? "" } })) };
  }

  it("creates a wall and lists it, privately", async () => {
    const { id, cookie } = await createWall("Living room");
    const list = await run(wallsRoute.loader, get("/walls", cookie));
    expect(list.headers.get("Cache-Control")).toBe("private, no-store");
    expect((list.body as { walls: { id: number; name: string }[] }).walls).toEqual([expect.objectContaining({ id, name: "Living room", works: 0 })]);
    const page = await run(wallRoute.loader, get(`/walls/${id}`, cookie), { id: String(id) });
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect((page.body as { wall: { name: string; shareUrl: string } }).wall).toMatchObject({ name: "Living room", shareUrl: expect.stringMatching(/^https:\/\/art-snob\.test\/w\//) });
  });

  it("refuses a name that is too long and shows why", async () => {
    const res = await run(wallsRoute.action, post("/walls?index", { intent: "create", name: "n".repeat(81) }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: "name", message: expect.stringMatching(/80 characters/) });
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("adds from an artwork page to an existing or a new wall, and redirects back", async () => {
    const { id, cookie } = await createWall("Hall");
    const toExisting = await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 3, wallId: id, newWallName: "", redirectTo: "/artworks/red-study-3" }, { cookie }));
    expect(toExisting.status).toBe(302);
    expect(toExisting.headers.get("Location")).toBe("/artworks/red-study-3");
    const toNew = await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 4, wallId: id, newWallName: "Bedroom", redirectTo: "/artworks/red-study-4", js: 1 }, { cookie }));
    expect(toNew.status).toBe(200);
    expect(toNew.body).toMatchObject({ ok: true, added: true, wall: { name: "Bedroom" } });
    const list = (await run(wallsRoute.loader, get("/walls", cookie))).body as { walls: { name: string; works: number }[] };
    expect(list.walls.map((w) => [w.name, w.works]).sort()).toEqual([
      ["Bedroom", 1],
      ["Hall", 1],
    ]);
  });

  it("a first-time visitor can add to a new wall (the session is made then)", async () => {
    const res = await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 8, newWallName: "First", redirectTo: "/artworks/red-study-8" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/^as_session=/);
  });

  it("refuses to add to someone else's wall, or without a session", async () => {
    const owner = await createWall("Owner");
    const stranger = await createWall("Stranger");
    const res = await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 3, wallId: owner.id, redirectTo: "/" }, { cookie: stranger.cookie }));
    expect(res.status).toBe(404);
    const anonymous = await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 3, wallId: owner.id, redirectTo: "/" }));
    expect(anonymous.status).toBe(404);
    const page = await run(wallRoute.loader, get(`/walls/${owner.id}`, stranger.cookie), { id: String(owner.id) });
    expect(page.status).toBe(404);
    const change = await run(wallRoute.action, post(`/walls/${owner.id}`, { intent: "rename", name: "Mine" }, { cookie: stranger.cookie }), { id: String(owner.id) });
    expect(change.status).toBe(404);
    const items = await env.DB.prepare("SELECT COUNT(*) AS n FROM wall_items WHERE wall_id = ?").bind(owner.id).first<{ n: number }>();
    expect(items?.n).toBe(0);
  });

  it("moves works up and down, removes, renames and deletes", async () => {
    const { id, cookie } = await createWall("Study");
    for (const artworkId of [10, 11, 12]) {
      await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId, wallId: id, redirectTo: `/walls/${id}` }, { cookie }));
    }
    const order = async () => ((await run(wallRoute.loader, get(`/walls/${id}`, cookie), { id: String(id) })).body as { wall: { works: { id: number }[]; name: string } }).wall;
    expect((await order()).works.map((w) => w.id)).toEqual([10, 11, 12]);
    const act = (fields: Record<string, string | number>, origin?: string) => run(wallRoute.action, post(`/walls/${id}`, fields, { cookie, origin }), { id: String(id) });

    const up = await act({ intent: "move", artworkId: 12, direction: "up" });
    expect(up.status).toBe(302);
    expect(up.headers.get("Location")).toBe(`/walls/${id}`);
    expect((await order()).works.map((w) => w.id)).toEqual([10, 12, 11]);
    await act({ intent: "move", artworkId: 10, direction: "down" });
    expect((await order()).works.map((w) => w.id)).toEqual([12, 10, 11]);
    await act({ intent: "move", artworkId: 12, direction: "up" }); // already first
    expect((await order()).works.map((w) => w.id)).toEqual([12, 10, 11]);
    expect((await act({ intent: "move", artworkId: 12, direction: "sideways" })).status).toBe(400);

    await act({ intent: "remove", artworkId: 10 });
    expect((await order()).works.map((w) => w.id)).toEqual([12, 11]);

    expect((await act({ intent: "rename", name: "" })).status).toBe(400);
    expect((await act({ intent: "rename", name: "Den" }, "https://evil.example")).status).toBe(403);
    await act({ intent: "rename", name: "Den" });
    expect((await order()).name).toBe("Den");

    const gone = await act({ intent: "delete" });
    expect(gone.status).toBe(302);
    expect(gone.headers.get("Location")).toBe("/walls");
    expect((await run(wallRoute.loader, get(`/walls/${id}`, cookie), { id: String(id) })).status).toBe(404);
  });

  it("saves the wall planner's layout (intent=layout) as JSON, and refuses bad plans and other sites", async () => {
    const { id, cookie } = await createWall("Plan");
    await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 20, wallId: id, redirectTo: `/walls/${id}` }, { cookie }));
    const act = (layout: string, origin?: string) => run(wallRoute.action, post(`/walls/${id}`, { intent: "layout", layout }, { cookie, origin }), { id: String(id) });
    const plan = { widthCm: 250, heightCm: 240, unit: "in", furniture: "sideboard", items: [{ artworkId: 20, xCm: 40, yCm: 50, variant: "Large", frame: "walnut", matCm: 4 }] };
    const saved = await act(JSON.stringify(plan));
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ ok: true });
    const page = (await run(wallRoute.loader, get(`/walls/${id}`, cookie), { id: String(id) })).body as { wall: { layout: unknown; totals: unknown }; swatches: unknown[] };
    expect(page.wall.layout).toEqual(plan);
    expect(page.wall.totals).toEqual([{ currency: "USD", amountMinor: 10000 + 5000, works: 1 }]);
    expect(page.swatches.length).toBeGreaterThan(0);
    for (const bad of ["not json", JSON.stringify({ ...plan, widthCm: -1 }), JSON.stringify({ ...plan, items: [{ ...plan.items[0], variant: "Huge" }] })]) {
      const res = await act(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ message: expect.any(String) });
    }
    expect((await act(JSON.stringify(plan), "https://evil.example")).status).toBe(403);
  });
});

describe("/w/{token} (the share page)", () => {
  it("is public, shows the name, works and total, and 404s unknown tokens", async () => {
    const created = await run(wallsRoute.action, post("/walls?index", { intent: "add", artworkId: 13, newWallName: "Shared", redirectTo: "/" }));
    const cookie = sessionCookieFrom(new Response(null, { headers: created.headers }));
    const { walls } = (await run(wallsRoute.loader, get("/walls", cookie))).body as { walls: { sharePath: string }[] };
    const token = walls[0]!.sharePath.slice("/w/".length);
    const page = await run(sharedRoute.loader, get(`/w/${token}`), { token });
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toMatch(/^public, /);
    const body = page.body as { wall: { name: string; works: { id: number }[]; totals: unknown[] } };
    expect(body.wall).toEqual({
      name: "Shared",
      works: [expect.objectContaining({ id: 13 })],
      layout: expect.objectContaining({ widthCm: 300, heightCm: 250, items: [expect.objectContaining({ artworkId: 13 })] }),
      sizes: { "13": [expect.objectContaining({ label: "Small" }), expect.objectContaining({ label: "Large" })] },
      totals: [{ currency: "USD", amountMinor: 3000, works: 1 }],
      unpriced: 0,
    });
    expect(JSON.stringify(page.body)).not.toContain(sessionIdOf(cookie));
    expect((await run(sharedRoute.loader, get("/w/nope"), { token: "nope" })).status).toBe(404);
  });
});

describe("/taste (answers without JavaScript)", () => {
  it("walks the steps: like and dislike write reactions, skip writes nothing", async () => {
    const first = await run(tasteRoute.loader, get("/taste"));
    expect(first.headers.get("Cache-Control")).toMatch(/^public, /);
    const step1 = first.body as { kind: string; step: number; total: number; sample: { id: number } };
    expect(step1).toMatchObject({ kind: "step", step: 1, total: 8 });

    const liked = await run(tasteRoute.action, post("/taste", { step: 1, artworkId: step1.sample.id, answer: "like" }));
    expect(liked.status).toBe(302);
    expect(liked.headers.get("Location")).toBe("/taste?step=2");
    const cookie = sessionCookieFrom(new Response(null, { headers: liked.headers }));

    const step2 = (await run(tasteRoute.loader, get("/taste?step=2", cookie))).body as { step: number; sample: { id: number } };
    expect(step2.step).toBe(2);
    const skipped = await run(tasteRoute.action, post("/taste", { step: 2, artworkId: step2.sample.id, answer: "skip" }, { cookie }));
    expect(skipped.headers.get("Location")).toBe("/taste?step=3");
    const step3 = (await run(tasteRoute.loader, get("/taste?step=3", cookie))).body as { sample: { id: number } };
    await run(tasteRoute.action, post("/taste", { step: 3, artworkId: step3.sample.id, answer: "dislike" }, { cookie }));
    expect(await reactionsOf(env.DB, sessionIdOf(cookie))).toEqual({ liked: [step1.sample.id], disliked: [step3.sample.id] });

    const last = await run(tasteRoute.action, post("/taste", { step: 8, artworkId: step3.sample.id, answer: "skip" }, { cookie }));
    expect(last.headers.get("Location")).toBe("/taste?step=9");
    const done = await run(tasteRoute.loader, get("/taste?step=9", cookie));
    expect(done.headers.get("Cache-Control")).toBe("private, no-store");
    expect(done.body).toEqual({ kind: "done", total: 8, liked: 1, disliked: 1 });
    // Nonsense steps start over instead of failing.
    expect(((await run(tasteRoute.loader, get("/taste?step=abc"))).body as { step: number }).step).toBe(1);
  });

  it("refuses bad answers and cross-origin posts", async () => {
    expect((await run(tasteRoute.action, post("/taste", { step: 1, artworkId: 1, answer: "love" }))).status).toBe(400);
    expect((await run(tasteRoute.action, post("/taste", { step: "x", artworkId: 1, answer: "like" }))).status).toBe(400);
    const evil = await run(tasteRoute.action, post("/taste", { step: 1, artworkId: 1, answer: "like" }, { origin: "https://evil.example" }));
    expect(evil.status).toBe(403);
    expect(evil.headers.get("Set-Cookie")).toBeNull();
  });
});
