/**
 * The URL and DNS checks on the real crawl path (admin -> queue -> consumer):
 * sources whose host names resolve, through the DNS-over-HTTPS test resolver,
 * to the loopback address the demo shop listens on, to a metadata address, or
 * to nothing at all. Each run finishes, records why, and stores nothing.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { demoSources } from "../../../workers/demo-shop/sources";
import { admin, startCrawl, waitForRun } from "./support";

const all = async <T>(query: string, ...binds: unknown[]) => (await env.DB.prepare(query).bind(...binds).all<T>()).results;

async function zone(names: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${env.DEMO_SHOP_URL}/__demo/dns`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ names }) });
  expect(res.status).toBe(200);
}

async function crawlSourceAt(slug: string, origin: string) {
  const [gallery] = demoSources(origin, env.DEMO_PARTNER_URL);
  const res = await admin("PUT", `/admin/sources/${slug}`, { ...gallery!.body, name: slug });
  expect(res.status).toBe(200);
  return waitForRun((await startCrawl(slug)).id, 60_000);
}

describe("crawling sources whose names lead somewhere private", () => {
  const shopPort = new URL(env.DEMO_SHOP_URL).port;
  const suffix = Date.now().toString(36);
  const loopback = `shop-alias-${suffix}.example`;
  const metadata = `metadata-alias-${suffix}.example`;
  const missing = `missing-${suffix}.example`;
  const flaky = `servfail-${suffix}.example`;

  it("refuses a name that resolves to 127.0.0.1, even where the demo shop really listens", async () => {
    await zone({ [loopback]: { answers: [[{ type: "A", data: "127.0.0.1", ttl: 60 }]] } });
    const run = await crawlSourceAt("alias-of-loopback", `http://${loopback}:${shopPort}`);
    expect(run.status).toBe("finished");
    expect(run.errorsByKind).toEqual({ blocked_url: 2 });
    const frontier = await all<{ status: string; outcome: string }>("SELECT status, outcome FROM crawl_frontier WHERE run_id = ?", run.id);
    expect(frontier).toEqual([{ status: "failed", outcome: "blocked_url" }, { status: "failed", outcome: "blocked_url" }]);
    const log = await all<{ error_kind: string; error: string }>("SELECT error_kind, error FROM fetch_log WHERE run_id = ? AND outcome = 'robots_error'", run.id);
    expect(log.length).toBeGreaterThan(0);
    expect(log[0]!.error).toMatch(/resolves to 127\.0\.0\.1 \(loopback address\)/);
    expect(await all("SELECT id FROM offers")).toEqual([]);
  });

  it("refuses a name that resolves to the cloud metadata address", async () => {
    await zone({ [metadata]: { answers: [[{ type: "A", data: "169.254.169.254", ttl: 60 }]] } });
    const run = await crawlSourceAt("alias-of-metadata", `http://${metadata}`);
    expect(run.status).toBe("finished");
    expect(run.errorsByKind).toEqual({ blocked_url: 2 });
  });

  it("records names that do not resolve as dns_error: at once for NXDOMAIN, after retries for a failing resolver", async () => {
    await zone({ [flaky]: { rcode: 2 } });
    const nx = await crawlSourceAt("no-such-host", `http://${missing}`);
    expect(nx.status).toBe("finished");
    expect(nx.errorsByKind).toEqual({ dns_error: 2 });
    expect(await all("SELECT id FROM dead_letters WHERE run_id = ?", nx.id)).toEqual([]);

    const servfail = await crawlSourceAt("resolver-failing", `http://${flaky}`);
    expect(servfail.status).toBe("finished");
    expect(servfail.errorsByKind).toEqual({ dns_error: 2 });
    const dead = await all<{ error_kind: string; attempts: number }>("SELECT error_kind, attempts FROM dead_letters WHERE run_id = ?", servfail.id);
    expect(dead).toEqual([{ error_kind: "dns_error", attempts: 4 }, { error_kind: "dns_error", attempts: 4 }]);
  });
});
