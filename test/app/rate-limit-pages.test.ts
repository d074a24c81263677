/**
 * Rate limits on the pages (issue 6, item 3): the /search loader throws a 429
 * page with Retry-After and a clear message; the upload form and the visitor
 * write forms (/reactions, /taste, /walls, /walls/:id) answer 429 with
 * Retry-After where they show any refusal. The loaders and actions are called
 * as Remix calls them, with small limits in the env they are given.
 */
import { env } from "cloudflare:test";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import * as reactionsRoute from "../../app/routes/reactions";
import * as searchRoute from "../../app/routes/search";
import * as tasteRoute from "../../app/routes/taste";
import * as wallRoute from "../../app/routes/walls.$id";
import * as wallsRoute from "../../app/routes/walls._index";
import { seedCatalogue, sessionCookieFrom } from "./fixtures";
import { callRoute, type Settled } from "./route-call";

beforeAll(seedCatalogue);

const SITE = "https://art-snob.test";
const limited = { ...env, RATE_LIMIT_SEARCH: "2", RATE_LIMIT_UPLOAD: "1", RATE_LIMIT_WRITE: "3", RATE_LIMIT_SESSION: "2" };
const context = { cloudflare: { env: limited, ctx: { waitUntil: () => undefined } } } as unknown as AppLoadContext;
let ip = 0;
const freshIp = () => `198.51.100.${200 + ++ip}`;

function get(path: string, address: string, cookie?: string): Request {
  return new Request(`${SITE}${path}`, { headers: { "CF-Connecting-IP": address, ...(cookie ? { Cookie: cookie } : {}) } });
}

function post(path: string, fields: Record<string, string | number>, address: string, cookie?: string): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  return new Request(`${SITE}${path}`, { method: "POST", body: form, headers: { Origin: SITE, "CF-Connecting-IP": address, ...(cookie ? { Cookie: cookie } : {}) } });
}

/** A loader/action result (Response, data() or a thrown Response) as status, headers and body. */
const run = (fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) => callRoute(fn, context, request, params);

function expectRetryAfter(res: Settled, max: number) {
  expect(res.status).toBe(429);
  const seconds = Number(res.headers.get("Retry-After"));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(max);
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
}

describe("/search", () => {
  it("throws a 429 page with Retry-After once the client's searches are used up; the empty page stays free", async () => {
    const address = freshIp();
    expect((await run(searchRoute.loader, get("/search?q=red", address))).status).toBe(200);
    expect((await run(searchRoute.loader, get("/search?colour=blue", address))).status).toBe(200);
    const refused = await run(searchRoute.loader, get("/search?q=green", address));
    expectRetryAfter(refused, 60);
    expect(refused.headers.get("Content-Type")).toContain("text/plain");
    expect(refused.body).toMatch(/^You have searched a lot in a short time\. Please wait \d+ seconds? and try again\.$/);
    expect((await run(searchRoute.loader, get("/search", address))).status).toBe(200);
    expect((await run(searchRoute.loader, get("/search?q=green", freshIp()))).status).toBe(200);
  });

  it("answers the upload form with 429 and a message in the page", async () => {
    const address = freshIp();
    const upload = () => {
      const form = new FormData();
      form.set("image", new File([new Uint8Array([137, 80, 78, 71])], "a.png", { type: "image/png" }));
      return new Request(`${SITE}/search`, { method: "POST", body: form, headers: { "CF-Connecting-IP": address } });
    };
    expect((await run(searchRoute.action, upload())).status).not.toBe(429);
    const refused = await run(searchRoute.action, upload());
    expectRetryAfter(refused, 60);
    expect(refused.body).toEqual({ image: { error: expect.stringMatching(/searched by image a lot.*Please wait \d+ seconds?/) } });
  });
});

describe("visitor write forms", () => {
  it("/reactions: new sessions per client, then writes per session; JSON for the fetcher, text otherwise", async () => {
    const address = freshIp();
    const first = await run(reactionsRoute.action, post("/reactions", { artworkId: 1, value: 1 }, address));
    expect(first.status).toBe(302);
    expect((await run(reactionsRoute.action, post("/reactions", { artworkId: 2, value: 1 }, address))).status).toBe(302);
    const noSession = await run(reactionsRoute.action, post("/reactions", { artworkId: 3, value: 1, js: 1 }, address));
    expectRetryAfter(noSession, 60);
    expect(noSession.body).toMatchObject({ error: "rate_limited", message: expect.stringMatching(/new visitors.*Please wait/) });

    const cookie = sessionCookieFrom(new Response(null, { headers: first.headers }));
    for (let i = 0; i < 3; i++) expect((await run(reactionsRoute.action, post("/reactions", { artworkId: 4 + i, value: 1 }, address, cookie))).status).toBe(302);
    const text = await run(reactionsRoute.action, post("/reactions", { artworkId: 9, value: 1 }, address, cookie));
    expectRetryAfter(text, 60);
    expect(text.body).toMatch(/a lot of changes in a short time/);
  });

  it("/taste, /walls and /walls/:id share the session's write budget", async () => {
    const address = freshIp();
    const created = await run(wallsRoute.action, post("/walls", { intent: "create", name: "Hall" }, address));
    expect(created.status).toBe(302);
    const cookie = sessionCookieFrom(new Response(null, { headers: created.headers }));
    const wallId = /\/walls\/(\d+)/.exec(created.headers.get("Location") ?? "")![1]!;
    expect((await run(tasteRoute.action, post("/taste", { step: 1, answer: "like", artworkId: 1 }, address, cookie))).status).toBe(302);
    // A skip writes nothing and is not counted.
    expect((await run(tasteRoute.action, post("/taste", { step: 2, answer: "skip" }, address, cookie))).status).toBe(302);
    expect((await run(wallsRoute.action, post("/walls", { intent: "add", artworkId: 2, wallId, js: 1 }, address, cookie))).status).toBe(200);
    expect((await run(wallRoute.action, post(`/walls/${wallId}`, { intent: "rename", name: "Hallway" }, address, cookie), { id: wallId })).status).toBe(302);

    const taste = await run(tasteRoute.action, post("/taste", { step: 3, answer: "dislike", artworkId: 3 }, address, cookie));
    expectRetryAfter(taste, 60);
    expect(taste.body).toEqual({ message: expect.stringMatching(/Please wait \d+ seconds?/) });
    const add = await run(wallsRoute.action, post("/walls", { intent: "add", artworkId: 4, wallId, js: 1 }, address, cookie));
    expectRetryAfter(add, 60);
    expect(add.body).toMatchObject({ error: "rate_limited" });
    expect((add.body as { field?: string }).field).toBeUndefined();
    const rename = await run(wallRoute.action, post(`/walls/${wallId}`, { intent: "rename", name: "Again" }, address, cookie), { id: wallId });
    expectRetryAfter(rename, 60);

    // The page's headers() keep Retry-After on the rendered document.
    const headers = tasteRoute.headers({ actionHeaders: taste.headers, loaderHeaders: new Headers({ "Cache-Control": "public" }), parentHeaders: new Headers(), errorHeaders: undefined });
    expect(new Headers(headers).get("Retry-After")).toBe(taste.headers.get("Retry-After"));
  });
});
