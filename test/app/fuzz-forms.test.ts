/**
 * Regression tests for the 500s the fuzz tests found (issue 6, item 4):
 *  - every form action read its body with request.formData(), which throws a
 *    TypeError for a body that is not a form (JSON, no Content-Type, a broken
 *    multipart body); the actions now answer 415/413/400 with a reason;
 *  - lookup tables indexed by visitor text found Object.prototype's members:
 *    a search for "constructor" took `Object` for a colour (500), and the taste
 *    form's answer "constructor" wrote a function into D1 (500).
 * Actions are called as Remix calls them; the API through SELF.fetch.
 */
import { SELF, env } from "cloudflare:test";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import * as operatorRoute from "../../app/routes/operator";
import * as reactionsRoute from "../../app/routes/reactions";
import * as tasteRoute from "../../app/routes/taste";
import * as wallRoute from "../../app/routes/walls.$id";
import * as wallsRoute from "../../app/routes/walls._index";
import { colourOfWord } from "../../app/server/search/colours";
import { request, seedCatalogue } from "./fixtures";
import { callRoute } from "./route-call";

beforeAll(seedCatalogue);

const SITE = "https://art-snob.test";
const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } } as unknown as AppLoadContext;

const BAD_BODIES: { label: string; type?: string; body: BodyInit; status: number }[] = [
  { label: "JSON", type: "application/json", body: '{"artworkId":1,"value":1}', status: 415 },
  { label: "no content type", body: new Uint8Array([97, 61, 49]), status: 415 },
  { label: "text", type: "text/plain", body: "artworkId=1", status: 415 },
  { label: "multipart without a boundary", type: "multipart/form-data", body: "--x\r\n", status: 400 },
  { label: "broken multipart", type: "multipart/form-data; boundary=x", body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1', status: 400 },
  { label: "a form too large", type: "application/x-www-form-urlencoded", body: `name=${"a".repeat(70 * 1024)}`, status: 413 },
];

const statusOf = async (fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) => (await callRoute(fn, context, request, params)).status;

const ACTIONS: [string, (args: never) => unknown, Record<string, string>][] = [
  ["/reactions", reactionsRoute.action, {}],
  ["/taste", tasteRoute.action, {}],
  ["/walls", wallsRoute.action, {}],
  ["/operator", operatorRoute.action, {}],
];

describe("form actions refuse bodies that are not forms", () => {
  it("(the cause: request.formData() throws for such a body)", async () => {
    for (const bad of BAD_BODIES.slice(0, 5)) {
      const request = new Request(SITE, { method: "POST", body: bad.body, headers: bad.type ? { "Content-Type": bad.type } : {} });
      await expect(request.formData()).rejects.toThrow(TypeError);
    }
  });

  for (const [path, action, params] of ACTIONS) {
    it(`${path}`, async () => {
      for (const bad of BAD_BODIES) {
        const headers: Record<string, string> = { Origin: SITE, "CF-Connecting-IP": "192.0.2.77" };
        if (bad.type) headers["Content-Type"] = bad.type;
        const status = await statusOf(action, new Request(`${SITE}${path}`, { method: "POST", body: bad.body, headers }), params);
        expect({ body: bad.label, status }).toEqual({ body: bad.label, status: bad.status });
      }
    });
  }

  it("/walls/:id (with its owner's session)", async () => {
    const form = new FormData();
    form.set("intent", "create");
    form.set("name", "Mine");
    const created = (await wallsRoute.action({ request: new Request(`${SITE}/walls`, { method: "POST", body: form, headers: { Origin: SITE } }), params: {}, context } as never)) as Response;
    const cookie = /as_session=[^;]+/.exec(created.headers.get("Set-Cookie") ?? "")![0];
    const id = /\/walls\/(\d+)/.exec(created.headers.get("Location") ?? "")![1]!;
    for (const bad of BAD_BODIES) {
      const headers: Record<string, string> = { Origin: SITE, Cookie: cookie };
      if (bad.type) headers["Content-Type"] = bad.type;
      const status = await statusOf(wallRoute.action, new Request(`${SITE}/walls/${id}`, { method: "POST", body: bad.body, headers }), { id });
      expect({ body: bad.label, status }).toEqual({ body: bad.label, status: bad.status });
    }
  });
});

describe("visitor text never finds Object.prototype's members", () => {
  const words = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "prototype"];

  it("is not a colour", () => {
    for (const word of words) expect(colourOfWord(word)).toBeNull();
    expect(colourOfWord("Gray")).toBe("grey");
  });

  it("searches for it like any other word", async () => {
    for (const word of words) {
      const res = await SELF.fetch(request(`/api/search?q=${encodeURIComponent(`red ${word}`)}`, { headers: { "CF-Connecting-IP": "192.0.2.90" } }));
      expect({ word, status: res.status }).toEqual({ word, status: 200 });
      expect(((await res.json()) as { query: { filters: { colours?: string[] } } }).query.filters.colours).toEqual(["red"]);
    }
  });

  it("is not a taste-finder answer", async () => {
    for (const word of words) {
      const form = new FormData();
      form.set("step", "1");
      form.set("answer", word);
      form.set("artworkId", "1");
      const status = await statusOf(tasteRoute.action, new Request(`${SITE}/taste`, { method: "POST", body: form, headers: { Origin: SITE } }));
      expect({ word, status }).toEqual({ word, status: 400 });
    }
  });
});
