import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const url = (path: string) => `http://worker${path}`;
const auth = { Authorization: "Bearer test-admin-token" };

describe("the admin API", () => {
  it("refuses requests without the token, or with a wrong one", async () => {
    const none = await SELF.fetch(url("/admin/sources"));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: "unauthorized" });
    const wrong = await SELF.fetch(url("/admin/sources"), { headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(403);
    const ok = await SELF.fetch(url("/admin/sources"), { headers: auth });
    expect(ok.status).toBe(200);
  });

  it("validates a source and answers 400 with the reasons", async () => {
    const res = await SELF.fetch(url("/admin/sources/shop"), {
      method: "PUT", headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "", baseUrl: "javascript:alert(1)", productUrlPatterns: ["("] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; details: { path: string }[] };
    expect(body.error).toBe("invalid_request");
    expect(body.details.map((d) => d.path)).toEqual(expect.arrayContaining(["name", "baseUrl", "productUrlPatterns.0"]));
  });

  it("answers bad JSON, wrong content types, bad slugs and unknown things clearly", async () => {
    const badJson = await SELF.fetch(url("/admin/sources/shop"), { method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: "{" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: "invalid_json" });
    const text = await SELF.fetch(url("/admin/sources/shop"), { method: "PUT", headers: auth, body: "x" });
    expect(text.status).toBe(415);
    const slug = await SELF.fetch(url("/admin/sources/Not%20A%20Slug"), { headers: auth });
    expect(slug.status).toBe(400);
    const missing = await SELF.fetch(url("/admin/sources/nope"), { headers: auth });
    expect(missing.status).toBe(404);
    const run = await SELF.fetch(url("/admin/crawl-runs"), { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ source: "nope" }) });
    expect(run.status).toBe(404);
    const noRoute = await SELF.fetch(url("/admin/nothing"), { headers: auth });
    expect(noRoute.status).toBe(404);
  });

  it("creates and updates a source by slug", async () => {
    const put = (body: unknown) =>
      SELF.fetch(url("/admin/sources/gallery"), { method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const created = await put({ name: "Gallery", baseUrl: "https://gallery.example/", sitemapUrls: ["https://gallery.example/sitemap.xml"] });
    expect(created.status).toBe(200);
    const updated = await put({ name: "Gallery Two", baseUrl: "https://gallery.example/", crawlDelayMs: 2500 });
    const { source } = (await updated.json()) as { source: { name: string; crawlDelayMs: number; renderMode: string } };
    expect(source).toMatchObject({ name: "Gallery Two", crawlDelayMs: 2500, renderMode: "auto" });
  });

  it("re-sends a stalled run's queued URLs (a local reload drops queued messages), and only a running run's", async () => {
    const put = await SELF.fetch(url("/admin/sources/stranded"), {
      method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Stranded", baseUrl: "https://stranded.example/" }),
    });
    const { source } = (await put.json()) as { source: { id: number } };
    const run = await env.DB.prepare("INSERT INTO crawl_runs (source_id, trigger, pages_queued) VALUES (?, 'test', 4) RETURNING id").bind(source.id).first<{ id: number }>();
    const frontier = env.DB.prepare("INSERT INTO crawl_frontier (run_id, url, kind, status) VALUES (?, ?, 'product', ?)");
    await env.DB.batch([
      frontier.bind(run!.id, "https://stranded.example/a", "queued"),
      frontier.bind(run!.id, "https://stranded.example/b", "queued"),
      frontier.bind(run!.id, "https://stranded.example/c", "queued"),
      frontier.bind(run!.id, "https://stranded.example/d", "done"),
    ]);
    const resend = (id: number) => SELF.fetch(url(`/admin/crawl-runs/${id}/resend`), { method: "POST", headers: auth });
    const resent = await resend(run!.id);
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual({ resent: 3 });
    // Finished: the re-sent messages are a superseded run's leftovers, and nothing more is sent.
    await env.DB.prepare("UPDATE crawl_runs SET status = 'finished' WHERE id = ?").bind(run!.id).run();
    const refused = await resend(run!.id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: "run_not_running" });
    expect((await resend(999_999)).status).toBe(404);
  });
});
