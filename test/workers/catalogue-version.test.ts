import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const version = async () => (await env.DB.prepare("SELECT value FROM site_state WHERE key = 'catalogue_version'").first<{ value: number }>())!.value;

describe("catalogue version (the site's edge-cache key)", () => {
  it("is bumped by artwork changes the site shows, not by unrelated updates", async () => {
    const v0 = await version();
    await env.DB.prepare("INSERT INTO artworks (id, slug, title) VALUES (9001, 'cv-test', 'A')").run();
    const v1 = await version();
    expect(v1).toBe(v0 + 1);
    await env.DB.prepare("UPDATE artworks SET last_seen_at = last_seen_at + 1 WHERE id = 9001").run();
    expect(await version()).toBe(v1);
    await env.DB.prepare("UPDATE artworks SET min_price_minor = 1234 WHERE id = 9001").run();
    expect(await version()).toBe(v1 + 1);
  });

  it("is bumped by a successful pipeline push and not by a refused one", async () => {
    const headers = { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" };
    const v0 = await version();
    const ok = await SELF.fetch("https://worker.test/admin/pipeline/models/cv-model", { method: "PUT", headers, body: JSON.stringify({ dimensions: 4 }) });
    expect(ok.status).toBe(200);
    expect(await version()).toBe(v0 + 1);
    const bad = await SELF.fetch("https://worker.test/admin/pipeline/models/cv-model", { method: "PUT", headers, body: "{" });
    expect(bad.status).toBe(400);
    const read = await SELF.fetch("https://worker.test/admin/pipeline/coverage?model=cv-model", { headers });
    expect(read.status).toBe(200);
    expect(await version()).toBe(v0 + 1);
  });
});
