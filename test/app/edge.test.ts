import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { WORKS, request, seedCatalogue } from "./fixtures";

beforeAll(seedCatalogue);

describe("edge basics", () => {
  it("answers health without caching", async () => {
    const res = await SELF.fetch(request("/api/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, works: 48 });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
  });

  it("404s unknown API paths and 405s wrong methods with Allow", async () => {
    const missing = await SELF.fetch(request("/api/nope"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found" });
    const wrong = await SELF.fetch(request("/api/health", { method: "DELETE" }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("Allow")).toBe("GET, HEAD");
    expect(await wrong.json()).toMatchObject({ error: "method_not_allowed" });
  });

  it("serves an OpenAPI document", async () => {
    const res = await SELF.fetch(request("/api/openapi.json"));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/health");
  });

  it("serves images immutable and refuses bad ids and widths", async () => {
    const work = WORKS[0]!;
    const ok = await SELF.fetch(request(`/images/${work.imageHash}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(ok.headers.get("Content-Type")).toBe("image/png");
    await ok.arrayBuffer();
    const thumbFallback = await SELF.fetch(request(`/images/${work.imageHash}?w=320`));
    expect(thumbFallback.status).toBe(200);
    await thumbFallback.arrayBuffer();
    expect((await SELF.fetch(request("/images/not-a-hash"))).status).toBe(400);
    expect((await SELF.fetch(request(`/images/${work.imageHash}?w=99`))).status).toBe(400);
    expect((await SELF.fetch(request(`/images/${"f".repeat(64)}`))).status).toBe(404);
  });

  it("redirects a buy click to the shop and records it", async () => {
    const work = WORKS[3]!;
    const res = await SELF.fetch(request(`/go/${work.offerId}`), { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`https://shop.test/art/${work.slug}?ref=artsnob`);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    await new Promise((r) => setTimeout(r, 50));
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM clicks WHERE offer_id = ?").bind(work.offerId).first<{ n: number }>();
    expect(row?.n).toBe(1);
    expect((await SELF.fetch(request("/go/abc"), { redirect: "manual" })).status).toBe(400);
    expect((await SELF.fetch(request("/go/99999"), { redirect: "manual" })).status).toBe(404);
  });

  it("never redirects to a host outside the offer's shop", async () => {
    await env.DB.prepare("UPDATE offers SET affiliate_url = 'https://evil.example/steal', url = 'javascript:alert(1)' WHERE id = 5").run();
    const res = await SELF.fetch(request("/go/5"), { redirect: "manual" });
    expect(res.status).toBe(404);
  });

  it("answers 405 with Allow on every documented route, and every GET says how to cache it", async () => {
    const doc = (await (await SELF.fetch(request("/api/openapi.json"))).json()) as { paths: Record<string, Record<string, unknown>> };
    const sample: Record<string, string> = { slug: "red-study-1", artworkId: "1", id: "999999", tag: "red", token: "A".repeat(32) };
    const paths = Object.entries(doc.paths);
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const [template, operations] of paths) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? "x");
      const documented = Object.keys(operations).map((m) => m.toUpperCase());
      const wrong = ["PATCH", "DELETE", "PUT", "POST"].find((m) => !documented.includes(m))!;
      const res = await SELF.fetch(request(path, { method: wrong }));
      expect(res.status, `${wrong} ${path}`).toBe(405);
      const allow = res.headers.get("Allow")!.split(", ");
      for (const method of documented) expect(allow, `${template} Allow`).toContain(method);
      await res.arrayBuffer();
      if (documented.includes("GET")) {
        const get = await SELF.fetch(request(path));
        expect(get.headers.get("Cache-Control"), `GET ${path}`).toBeTruthy();
        expect(get.status, `GET ${path}`).toBeLessThan(500);
        await get.arrayBuffer();
      }
    }
  });
});
