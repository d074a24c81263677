import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { reactionsOf } from "../../app/server/reactions.server";
import { TASTE_STEPS, tasteSequence } from "../../app/server/taste.server";
import { MODEL, WORKS, request, seedCatalogue, sessionCookieFrom } from "./fixtures";

beforeAll(seedCatalogue);

const ORIGIN = "https://art-snob.test";

interface Step {
  step: number;
  total: number;
  sample: { id: number; slug: string; title: string };
  cluster: { slug: string; name: string };
}

async function step(n: number | string, cookie?: string): Promise<Response> {
  return SELF.fetch(request(`/api/taste?step=${n}`, { cookie }));
}

async function newSession(): Promise<string> {
  const res = await SELF.fetch(request("/api/likes/48", { method: "PUT", headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify({ value: 0 }) }));
  expect(res.status).toBe(200);
  return sessionCookieFrom(res);
}

function familyOf(id: number): string {
  return WORKS.find((w) => w.id === id)!.family;
}

describe("GET /api/taste", () => {
  it("walks 8 steps, one sample a step, consecutive steps from different vibes", async () => {
    const cookie = await newSession();
    const steps: Step[] = [];
    for (let n = 1; n <= TASTE_STEPS; n++) {
      const res = await step(n, cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      steps.push((await res.json()) as Step);
    }
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(steps.map((s) => s.total))).toEqual(new Set([8]));
    // Every vibe is visited, each sample is one of its vibe's representatives, no work twice.
    expect(new Set(steps.map((s) => s.cluster.slug))).toEqual(new Set(["red-vibe", "blue-vibe", "green-vibe", "yellow-vibe"]));
    for (const s of steps) {
      expect(s.cluster.slug).toBe(`${familyOf(s.sample.id)}-vibe`);
      expect(s.cluster.name).toMatch(/ vibe$/);
      const rank = WORKS.filter((w) => w.family === familyOf(s.sample.id)).findIndex((w) => w.id === s.sample.id);
      expect(rank).toBeLessThan(4); // the fixture's representatives are each vibe's first four works
    }
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.cluster.slug).not.toBe(steps[i - 1]!.cluster.slug);
    expect(new Set(steps.map((s) => s.sample.id)).size).toBe(8);
    // The first round shows each vibe's top representative (the same for everyone, so a
    // session created by the first answer never sees a work twice).
    expect(steps.slice(0, 4).map((s) => s.sample.id)).toEqual([1, 13, 25, 37]);
  });

  it("never repeats a work, whichever session asks", async () => {
    for (let i = 0; i < 12; i++) {
      const anonymous = await tasteSequence(env.DB, MODEL.id, "");
      const session = await tasteSequence(env.DB, MODEL.id, `s-${i}`);
      // The first answer may create the session: step 1 came from the anonymous sequence.
      const seen = [anonymous[0]!.artworkId, ...session.slice(1).map((s) => s.artworkId)];
      expect(new Set(seen).size).toBe(8);
    }
  });

  it("is deterministic per session and step (a reload shows the same card)", async () => {
    const cookie = await newSession();
    const a = (await (await step(3, cookie)).json()) as Step;
    const b = (await (await step(3, cookie)).json()) as Step;
    expect(b).toEqual(a);
    // Different sessions see different works overall (same vibes, other representatives).
    const sequences = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const seq = await tasteSequence(env.DB, MODEL.id, `session-${i}`);
      expect(seq.map((s) => s.cluster.slug).slice(0, 4)).toEqual(["red-vibe", "blue-vibe", "green-vibe", "yellow-vibe"]);
      sequences.add(seq.map((s) => s.artworkId).join(","));
    }
    expect(sequences.size).toBeGreaterThan(1);
  });

  it("defaults to step 1 and is public without a session", async () => {
    const res = await SELF.fetch(request("/api/taste"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, /);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const body = (await res.json()) as Step;
    expect(body).toMatchObject({ step: 1, total: 8 });
    expect(body.sample).toMatchObject({ id: expect.any(Number), slug: expect.any(String), imageHash: expect.any(String), priceMinor: expect.any(Number) });
  });

  it("refuses steps that are not 1..8 with 400", async () => {
    for (const bad of ["0", "9", "-1", "abc", "1.5", "", "100000"]) {
      const res = await step(bad);
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
  });

  it("answers through PUT /api/likes: likes and dislikes become reactions", async () => {
    const cookie = await newSession();
    const sessionId = decodeURIComponent(cookie.slice("as_session=".length)).split(".")[0]!;
    const one = (await (await step(1, cookie)).json()) as Step;
    const two = (await (await step(2, cookie)).json()) as Step;
    const put = (id: number, value: number) =>
      SELF.fetch(request(`/api/likes/${id}`, { method: "PUT", cookie, headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: JSON.stringify({ value }) }));
    expect((await put(one.sample.id, 1)).status).toBe(200);
    expect((await put(two.sample.id, -1)).status).toBe(200);
    expect(await reactionsOf(env.DB, sessionId)).toEqual({ liked: [one.sample.id], disliked: [two.sample.id] });
    // Answering does not change what the steps show.
    expect(((await (await step(1, cookie)).json()) as Step).sample.id).toBe(one.sample.id);
  });

  it("answers 405 to writes", async () => {
    const res = await SELF.fetch(request("/api/taste", { method: "POST", headers: { Origin: ORIGIN } }));
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
  });

  it("skips representatives that are no longer sold", async () => {
    const seq = await tasteSequence(env.DB, MODEL.id, "availability");
    const gone = seq[0]!.artworkId;
    await env.DB.prepare("UPDATE artworks SET available = 0 WHERE id = ?").bind(gone).run();
    try {
      const after = await tasteSequence(env.DB, MODEL.id, "availability");
      expect(after.map((s) => s.artworkId)).not.toContain(gone);
      expect(after).toHaveLength(8);
    } finally {
      await env.DB.prepare("UPDATE artworks SET available = 1 WHERE id = ?").bind(gone).run();
    }
  });
});

describe("GET /api/taste before the pipeline has made vibes", () => {
  it("says so clearly with 404 no_clusters", async () => {
    // A model with neighbours but no clusters, pinned as the active one.
    await env.DB.prepare("INSERT OR IGNORE INTO models (id, dimensions, description) VALUES ('bare-model', 16, 'no clusters')").run();
    const { tasteView } = await import("../../app/server/taste.server");
    expect(await tasteView({ DB: env.DB, ACTIVE_MODEL: "bare-model" }, null, 1)).toEqual({ kind: "empty" });
    expect(await tasteView({ DB: env.DB, ACTIVE_MODEL: "no-such-model" }, null, 1)).toEqual({ kind: "empty" });
    expect(await tasteView({ DB: env.DB }, null, 9)).toEqual({ kind: "done", total: 8 });
  });
});
