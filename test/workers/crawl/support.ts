/** Helpers for crawl tests: the admin API through SELF, and the demo shop's control endpoints. */
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../../workers/index";
import type { CrawlRunView as RunView } from "../../../workers/admin/crawl-run-view";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth";
import { demoSources } from "../../../workers/demo-shop/sources";

const ADMIN = { Authorization: "Bearer test-admin-token", "Content-Type": "application/json" };

export async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await SELF.fetch(`http://worker${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

/** The demo shop (and its partner) a file crawls: the main one unless the file has its own. */
export interface ShopUrls { url: string; partnerUrl: string }
const mainShop = (): ShopUrls => ({ url: env.DEMO_SHOP_URL, partnerUrl: env.DEMO_PARTNER_URL });

export async function registerDemoSources(only?: string, shopUrls: ShopUrls = mainShop()): Promise<void> {
  for (const source of demoSources(shopUrls.url, shopUrls.partnerUrl).filter((s) => !only || s.slug === only)) {
    const res = await admin("PUT", `/admin/sources/${source.slug}`, source.body);
    if (res.status !== 200) throw new Error(`registering ${source.slug}: ${JSON.stringify(res.json)}`);
  }
}

export type { CrawlRunView as RunView } from "../../../workers/admin/crawl-run-view";

export async function startCrawl(source: string): Promise<RunView> {
  const res = await admin<{ run: RunView }>("POST", "/admin/crawl-runs", { source });
  if (res.status !== 202) throw new Error(`starting a crawl of ${source}: ${JSON.stringify(res.json)}`);
  return res.json.run;
}

/** Fires the Worker's cron handler and returns the run it started for `source`. */
export async function startCrawlByCron(source: string): Promise<RunView> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/30 * * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const row = await env.DB.prepare(
      "SELECT r.id FROM crawl_runs r JOIN sources s ON s.id = r.source_id WHERE s.slug = ? AND r.trigger = 'cron' ORDER BY r.id DESC LIMIT 1",
    ).bind(source).first<{ id: number }>();
    if (row) return runStatus(row.id);
    if (Date.now() > deadline) throw new Error(`the cron handler started no run for ${source}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runStatus(id: number): Promise<RunView> {
  return (await admin<{ run: RunView }>("GET", `/admin/crawl-runs/${id}`)).json.run;
}

export async function waitForRun(id: number, timeoutMs = 300_000, until: (run: RunView) => boolean = (r) => r.status !== "running"): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runStatus(id);
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`crawl run ${id} still ${run.status}/${run.phase} after ${timeoutMs} ms: ${JSON.stringify(run.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function shop(path: string, init?: RequestInit, shopUrl = env.DEMO_SHOP_URL): Promise<Response> {
  return fetch(`${shopUrl}${path}`, init);
}

export async function setShopVersion(version: 1 | 2, shopUrl = env.DEMO_SHOP_URL): Promise<void> {
  const res = await shop("/__demo/version", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ version }) }, shopUrl);
  if (!res.ok) throw new Error(`switching the demo shop to version ${version}: HTTP ${res.status}`);
}

export async function clearShopLog(): Promise<void> {
  await shop("/__demo/log/clear", { method: "POST" });
}

export async function shopLog(): Promise<Array<{ method: string; path: string; userAgent: string | null; status: number }>> {
  return (await shop("/__demo/log")).json();
}

export async function groundTruth(): Promise<GroundTruth> {
  return (await shop("/__demo/ground-truth.json")).json();
}

/** Fault-injecting demo shop: its plan and every fault it injected so far. */
export async function faultyShopFaults(): Promise<{ applied: Array<{ path: string; kind: string; request: number; status: number | null }>; requests: Record<string, number> }> {
  return (await fetch(`${env.DEMO_FAULTY_SHOP_URL}/__demo/faults`)).json();
}

export async function faultyGroundTruth(): Promise<GroundTruth> {
  return (await fetch(`${env.DEMO_FAULTY_SHOP_URL}/__demo/ground-truth.json`)).json();
}
