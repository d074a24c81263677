import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type HostGate, ZERO_DELAY_IN_FLIGHT } from "../../../workers/crawler/host-gate";
import { retryAfterSeconds } from "../../../workers/crawler/politeness";
import { robotsRetrySeconds } from "../../../workers/crawler/robots-check";

const gateFor = (host: string) => env.HOST_GATE.get(env.HOST_GATE.idFromName(host));

describe("HostGate politeness", () => {
  it("lets one request in flight per host with a crawl delay, handing the slot on at release", async () => {
    const gate = gateFor("one-at-a-time.test");
    const first = await gate.acquire(1, 1000);
    expect(first.granted).toBe(true);
    const waiting = gate.acquire(1, 2000);
    await new Promise((r) => setTimeout(r, 100));
    if (!first.granted) throw new Error("unreachable");
    await gate.release(first.leaseId, { status: 200 });
    const second = await waiting;
    expect(second.granted).toBe(true);
  });

  it("lets a few requests in flight at delay 0, and one again while the host is backed off", async () => {
    const gate = gateFor("no-delay.test");
    const leases = await Promise.all(Array.from({ length: ZERO_DELAY_IN_FLIGHT }, () => gate.acquire(0, 1000)));
    expect(leases.every((l) => l.granted)).toBe(true);
    expect(Object.keys((await gate.inspect()).leases)).toHaveLength(ZERO_DELAY_IN_FLIGHT);
    // One more waits until a lease comes back.
    const extra = await gate.acquire(0, 300);
    expect(extra.granted).toBe(false);
    const granted = leases.flatMap((l) => (l.granted ? [l.leaseId] : []));
    // A 503 backs the host off: with the others still out, nothing more is let through.
    await gate.release(granted[0]!, { status: 503, retryAfterSeconds: 0 });
    expect((await gate.inspect()).penaltyMs).toBeGreaterThan(0);
    const duringBackOff = await gate.acquire(0, 300);
    expect(duringBackOff.granted).toBe(false);
    for (const id of granted.slice(1)) await gate.release(id, { status: 200 });
    expect(Object.keys((await gate.inspect()).leases)).toHaveLength(0);
  });

  it("spaces requests by the crawl delay and defers long waits", async () => {
    const gate = gateFor("spaced.test");
    const a = await gate.acquire(5000);
    if (!a.granted) throw new Error("first request should be granted");
    await gate.release(a.leaseId, { status: 200 });
    const b = await gate.acquire(5000, 1000);
    expect(b.granted).toBe(false);
    if (b.granted) return;
    expect(b.waitMs).toBeGreaterThan(4000);
  });

  it("backs off on 429/503, honouring Retry-After, and recovers gradually", async () => {
    const gate = gateFor("overloaded.test");
    const a = await gate.acquire(0);
    if (!a.granted) throw new Error("unreachable");
    const after429 = await gate.release(a.leaseId, { status: 429, retryAfterSeconds: 30 });
    expect(after429.penaltyMs).toBe(30_000);
    const next = await gate.acquire(0, 1000);
    expect(next.granted).toBe(false);
    if (!next.granted) expect(next.waitMs).toBeGreaterThan(25_000);

    const state = await runInDurableObject(gate, async (instance) => (instance as HostGate).inspect());
    expect(state.penaltyMs).toBe(30_000);
  });

  it("doubles its back-off on repeated 503s without Retry-After", async () => {
    const gate = gateFor("flaky.test");
    const penalties: number[] = [];
    for (let i = 0; i < 3; i++) {
      await runInDurableObject(gate, async (instance) => {
        // Reset the clock between attempts so the test does not wait for real.
        ((instance as HostGate) as unknown as { state: { nextAllowedAt: number } }).state.nextAllowedAt = 0;
      });
      const lease = await gate.acquire(0);
      if (!lease.granted) throw new Error("unreachable");
      penalties.push((await gate.release(lease.leaseId, { status: 503 })).penaltyMs);
    }
    expect(penalties).toEqual([2000, 4000, 8000]);
  });

  it("caches robots.txt", async () => {
    const gate = gateFor("robots.test");
    expect(await gate.getRobots()).toBeNull();
    await gate.putRobots({ text: "User-agent: *\nDisallow: /x", state: "ok", fetchedAt: Date.now() });
    expect((await gate.getRobots())?.text).toContain("Disallow");
    await gate.putRobots({ text: null, state: "unavailable", fetchedAt: Date.now() - 120_000 });
    expect(await gate.getRobots()).toBeNull(); // a failed fetch is retried after a minute
  });

  it("keeps an unavailable robots.txt for the retry time the crawler asks for (CRAWL_ROBOTS_RETRY_SECONDS)", async () => {
    const gate = gateFor("robots-retry.test");
    await gate.putRobots({ text: null, state: "unavailable", fetchedAt: Date.now() - 30_000 });
    expect((await gate.getRobots())?.state).toBe("unavailable"); // default: one minute
    expect(await gate.getRobots(10_000)).toBeNull();
    expect(await gate.getRobots(0)).toBeNull();
    expect(robotsRetrySeconds({})).toBe(60);
    expect(robotsRetrySeconds({ CRAWL_ROBOTS_RETRY_SECONDS: "0" })).toBe(0);
    expect(robotsRetrySeconds({ CRAWL_ROBOTS_RETRY_SECONDS: "bogus" })).toBe(60);
    expect(robotsRetrySeconds(env)).toBe(0); // the test configuration
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterSeconds(new Headers({ "Retry-After": "120" }))).toBe(120);
    const soon = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterSeconds(new Headers({ "Retry-After": soon }))).toBeGreaterThan(55);
    expect(retryAfterSeconds(new Headers())).toBeNull();
  });
});
