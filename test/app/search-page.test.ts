/**
 * The /search page's loader and action, called as Remix calls them (the markup itself is
 * covered by the browser tests).
 */
import { env } from "cloudflare:test";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "../../app/routes/search";
import { signSessionId } from "../../app/server/session.server";
import { MODEL, basisVector, encodeVector, seedCatalogue } from "./fixtures";

const pending: Promise<unknown>[] = [];
const context = { cloudflare: { env, ctx: { waitUntil: (p: Promise<unknown>) => void pending.push(p) } } };

async function load(query: string, cookie?: string) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const res = (await loader({ request: new Request(`https://art-snob.test/search${query}`, { headers }), context, params: {} } as unknown as LoaderFunctionArgs)) as Response;
  return { res, data: (await res.json()) as Record<string, any> };
}

async function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  const res = (await action({ request: new Request("https://art-snob.test/search", { method: "POST", body, headers }), context, params: {} } as unknown as ActionFunctionArgs)) as Response;
  return { res, data: (await res.json()) as { image: Record<string, any> } };
}

beforeAll(async () => {
  await seedCatalogue();
  await env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector) VALUES (?, 'ocean', ?)").bind(MODEL.id, encodeVector(basisVector(1))).run();
});

describe("/search loader", () => {
  it("shows the parsed filters as chips whose links remove them", async () => {
    const { res, data } = await load(`?q=${encodeURIComponent("ocean portrait under $70")}`);
    expect(res.headers.get("Cache-Control")).toContain("public");
    expect(data.q).toBe("ocean portrait under $70");
    expect(data.text).toBe("ocean");
    expect(data.chips).toEqual([
      { label: "Portrait", kind: "orientation", href: "/search?q=ocean+under+%2470" },
      { label: "Under $70", kind: "price", href: "/search?q=ocean+portrait" },
    ]);
    expect(data.results.length).toBeGreaterThan(0);
    expect(data.results.every((r: { orientation: string; priceMinor: number }) => r.orientation === "portrait" && r.priceMinor <= 7000)).toBe(true);
  });

  it("filters by a swatch's colour and combines it with text and price", async () => {
    const { data } = await load("?colour=green&maxPrice=60");
    expect(data.mode).toBe("filters");
    expect(data.activeColours).toEqual(["green"]);
    expect(data.chips).toEqual([
      { label: "Green", kind: "colour", href: "/search?maxPrice=60" },
      { label: "Under 60", kind: "price", href: "/search?colour=green" },
    ]);
    expect(data.results.every((r: { dominantColour: string; priceMinor: number }) => r.dominantColour === "green" && r.priceMinor <= 6000)).toBe(true);
  });

  it("links to the next page and back", async () => {
    const first = await load("?q=study");
    expect(first.data.results).toHaveLength(24);
    expect(first.data.nextHref).toBe("/search?q=study&cursor=24");
    expect(first.data.prevHref).toBeNull();
    const second = await load("?q=study&cursor=24");
    expect(second.data.nextHref).toBeNull();
    expect(second.data.prevHref).toBe("/search?q=study");
  });

  it("says when semantic search is resting", async () => {
    const { res, data } = await load("?q=stormy%20ocean");
    expect(data.degraded).toBe(true);
    expect(data.reason).toMatch(/encoder/i);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=0, s-maxage=30");
  });

  it("helps with an empty search, cuts a long one and ignores bad filters", async () => {
    const empty = await load("");
    expect(empty.data.mode).toBe("empty");
    expect(empty.data.suggestions.length).toBeGreaterThan(0);
    const long = await load(`?q=${"sea ".repeat(100)}`);
    expect(long.res.status).toBe(200);
    expect(long.data.q.length).toBeLessThanOrEqual(300);
    expect(long.data.notices).toEqual([expect.stringContaining("300 characters")]);
    const bad = await load("?q=sea&colour=mauve&maxPrice=cheap&cursor=x");
    expect(bad.res.status).toBe(200);
    expect(bad.data.notices).toHaveLength(3);
    const hostile = await load(`?q=${encodeURIComponent('<img src=x onerror=alert(1)> "title:*')}`);
    expect(hostile.res.status).toBe(200);
    expect(hostile.data.q).toBe('<img src=x onerror=alert(1)> "title:*');
  });

  it("remembers the search only for a visitor with a session", async () => {
    const id = "pageSearchSession01234";
    await env.DB.prepare("INSERT INTO sessions (id) VALUES (?)").bind(id).run();
    const cookie = `as_session=${encodeURIComponent(await signSessionId(id, env.SESSION_SECRET!))}`;
    await load("?q=ocean&colour=blue", cookie);
    await load("?q=ocean&cursor=24", cookie);
    await load("?q=anonymous");
    await Promise.all(pending);
    const rows = await env.DB.prepare("SELECT session_id AS s, query FROM searches").all<{ s: string | null; query: string }>();
    expect(rows.results).toEqual([{ s: id, query: "ocean blue" }]);
  });
});

describe("/search action (search by image)", () => {
  const png = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12, 0x49,
    0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  ]);
  const form = (file: Blob | string | null, name = "photo.png") => {
    const f = new FormData();
    if (file !== null) f.set("image", file as Blob, name);
    return f;
  };

  it("explains, privately, that image search needs the resting encoder", async () => {
    const { res, data } = await post(form(new Blob([png], { type: "image/png" })));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(data.image).toMatchObject({ fileName: "photo.png", results: [], degraded: true });
    expect(data.image.message).toMatch(/resting/);
  });

  it("refuses a missing, non-image or oversized upload with a message", async () => {
    const missing = await post(form(null));
    expect(missing.res.status).toBe(400);
    expect(missing.data.image.error).toMatch(/Choose an image/);
    const text = await post(form(new Blob(["hello"], { type: "text/plain" }), "notes.txt"));
    expect(text.res.status).toBe(415);
    expect(text.data.image.error).toMatch(/could not be read as an image/);
    const big = await post(form(new Blob([new Uint8Array(8 * 1024 * 1024 + 1)], { type: "image/png" })));
    expect(big.res.status).toBe(413);
    const notMultipart = await post("image=1", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(notMultipart.res.status).toBe(400);
  });
});
