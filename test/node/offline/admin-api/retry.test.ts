import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AdminApi } from "../../../../offline/admin-api";

/** A server that answers each request with the next status in `statuses` (then the last one forever). */
async function serve(statuses: number[], headers: Record<string, string> = {}): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    const status = statuses[Math.min(hits, statuses.length - 1)]!;
    hits++;
    res.writeHead(status, { "Content-Type": "application/json", ...(status === 503 ? headers : {}) });
    res.end(status === 200 ? '{"ok":true}' : `{"error":"x","message":"status ${status}"}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, server };
}

let running: Server | undefined;
afterEach(() => running?.close());

describe("admin API client: transient failures", () => {
  it("retries 503 answers (with Retry-After) and says so once per retry", async () => {
    const { url, hits, server } = await serve([503, 503, 200], { "Retry-After": "0" });
    running = server;
    const lines: string[] = [];
    const api = new AdminApi(url, "t", { onRetry: (line) => lines.push(line) });
    expect(await api.json("GET", "/admin/crawl-runs/1")).toEqual({ ok: true });
    expect(hits()).toBe(3);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/admin API busy: GET \/admin\/crawl-runs\/1 answered HTTP 503; retrying in/);
  });

  it("gives up after its time budget with one clear line", async () => {
    const { url, server } = await serve([503]);
    running = server;
    const api = new AdminApi(url, "t", { retryForMs: 600, onRetry: () => {} });
    await expect(api.json("GET", "/admin/sources")).rejects.toThrow(/GET \/admin\/sources failed: the admin API at .* stayed busy \(HTTP 503\) for \d+ s/);
  });

  it("does not retry a plain 500 or a refused token", async () => {
    const internal = await serve([500, 200]);
    running = internal.server;
    const api = new AdminApi(internal.url, "t", { onRetry: () => {} });
    await expect(api.json("GET", "/admin/sources")).rejects.toThrow(/failed \(HTTP 500\): status 500/);
    expect(internal.hits()).toBe(1);
    internal.server.close();
    const refused = await serve([403]);
    running = refused.server;
    await expect(new AdminApi(refused.url, "t").json("GET", "/admin/sources")).rejects.toThrow(/refused the token \(HTTP 403\)/);
  });

  it("fails at once on an address fetch refuses (a setup problem)", async () => {
    const lines: string[] = [];
    // Port 9 is on fetch's list of bad ports: refused before any connection.
    await expect(new AdminApi("http://127.0.0.1:9", "t", { onRetry: (l) => lines.push(l) }).json("GET", "/health")).rejects.toThrow(/cannot reach the admin API at http:\/\/127\.0\.0\.1:9/);
    expect(lines).toEqual([]);
  });

  it("fails at once when nothing listens (a setup problem, not a passing one)", async () => {
    const { url, server } = await serve([200]);
    await new Promise((resolve) => server.close(resolve));
    const lines: string[] = [];
    await expect(new AdminApi(url, "t", { onRetry: (l) => lines.push(l) }).json("GET", "/health")).rejects.toThrow(/cannot reach the admin API at .*ECONNREFUSED/);
    expect(lines).toEqual([]);
  });
});
