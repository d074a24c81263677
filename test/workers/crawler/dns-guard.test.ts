/**
 * What host names resolve to, checked before every request: a real local
 * DNS-over-HTTPS resolver (the demo shop's /__demo/dns-query, over HTTP from
 * inside workerd) answers for test names; the shop behind those names is a fake
 * fetch that counts what reached it, so a refusal is seen to happen before any
 * request leaves.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { clearDnsCache, DnsGuard, DnsLookupError } from "../../../workers/crawler/dns-guard";
import { CrawlFetchError, fetchWithLimits, type FetchRequest } from "../../../workers/crawler/fetcher";
import type { DnsRecordSpec } from "../../../workers/demo-shop/doh";

const PUBLIC_V4 = "93.184.216.34";
const PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946";

type Answers = Array<Array<DnsRecordSpec>>;

/** Sets names on the test resolver (a unique suffix per test keeps tests and files apart). */
async function zone(names: Record<string, { answers?: Answers; rcode?: number; httpStatus?: number }>): Promise<void> {
  const res = await fetch(`${env.DEMO_SHOP_URL}/__demo/dns`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ names }) });
  expect(res.status).toBe(200);
}

async function queries(name: string): Promise<number> {
  const res = await fetch(`${env.DEMO_SHOP_URL}/__demo/dns`);
  const body = (await res.json()) as { queries: Record<string, number> };
  return body.queries[`${name} A`] ?? 0;
}

const a = (data: string, ttl = 300): DnsRecordSpec => ({ type: "A", data, ttl });
const aaaa = (data: string, ttl = 300): DnsRecordSpec => ({ type: "AAAA", data, ttl });

/** A fake shop answering for any host: each path as the table says; every request is counted. */
function fakeShop(routes: Record<string, () => Response>): { fetch: typeof fetch; seen: string[] } {
  const seen: string[] = [];
  const impl = (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    seen.push(url.href);
    const route = routes[url.pathname];
    return route ? route() : new Response("page", { status: 200 });
  }) as typeof fetch;
  return { fetch: impl, seen };
}

const redirect = (location: string) => () => new Response(null, { status: 302, headers: { Location: location } });

function guard(allowed: string[] = [], resolverUrl = env.CRAWLER_DOH_URL): DnsGuard {
  return new DnsGuard({ resolverUrl, allowedPrivateHosts: new Set(allowed) });
}

const request = (url: string, dns: DnsGuard, allowed: string[] = []): FetchRequest => ({
  url, userAgent: "ArtSnobBot/test", allowedPrivateHosts: new Set(allowed), dns, limits: { timeoutMs: 5_000, maxBytes: 10_000, maxRedirects: 5 },
});

async function failure(promise: Promise<unknown>): Promise<CrawlFetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CrawlFetchError);
    return error as CrawlFetchError;
  }
  throw new Error("expected a failure");
}

let n = 0;
/** A fresh name for each use: the guard caches answers per isolate. */
const name = (label: string) => `${label}-${Date.now().toString(36)}-${++n}.example`;

describe("the crawler's DNS check (DNS-over-HTTPS)", () => {
  beforeEach(() => clearDnsCache());

  it("is configured to the local test resolver, never the internet", () => {
    expect(env.CRAWLER_DOH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__demo\/dns-query$/);
  });

  it("lets a name with only public addresses through, and sends the request", async () => {
    const host = name("public");
    await zone({ [host]: { answers: [[a(PUBLIC_V4), aaaa(PUBLIC_V6)]] } });
    const shop = fakeShop({});
    const res = await fetchWithLimits(request(`http://${host}/art`, guard()), shop.fetch);
    expect(res.status).toBe(200);
    expect(shop.seen).toEqual([`http://${host}/art`]);
  });

  it.each([
    ["an A answer of 10.0.0.5", [a("10.0.0.5")], /resolves to 10\.0\.0\.5 \(private address\)/],
    ["an AAAA answer of ::1 (and a public A)", [a(PUBLIC_V4), aaaa("::1")], /resolves to ::1 \(loopback address\)/],
    ["an A answer of 127.0.0.1", [a("127.0.0.1")], /loopback/],
    ["an A answer of 169.254.169.254", [a("169.254.169.254")], /cloud metadata/],
    ["an AAAA answer of fd00:ec2::254", [aaaa("fd00:ec2::254")], /cloud metadata/],
    ["an AAAA answer of ::ffff:10.0.0.5 (IPv4-mapped)", [aaaa("::ffff:10.0.0.5")], /IPv4-mapped private/],
    ["an AAAA answer of 0:0:0:0:0:ffff:7f00:1 (IPv4-mapped, long form)", [aaaa("0:0:0:0:0:ffff:7f00:1")], /IPv4-mapped loopback/],
    ["an AAAA answer of fc00::1 (unique-local)", [aaaa("fc00::1")], /unique-local/],
    ["an AAAA answer of fe80::1 (link-local)", [aaaa("fe80::1")], /link-local/],
    ["an A answer of 100.64.0.1 (CGNAT)", [a("100.64.0.1")], /carrier-grade NAT/],
    ["an A answer of 192.168.1.1", [a("192.168.1.1")], /private/],
    ["an answer that is not an address", [a("not-an-ip")], /not an IP address/],
  ])("refuses a name with %s, before any request", async (_label, answer, reason) => {
    const host = name("private");
    await zone({ [host]: { answers: [answer] } });
    const shop = fakeShop({});
    const error = await failure(fetchWithLimits(request(`https://${host}/art`, guard()), shop.fetch));
    expect(error.kind).toBe("blocked_url");
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(reason);
    expect(shop.seen).toEqual([]);
  });

  it.each([
    ["http://127.0.0.1/admin", /loopback/],
    ["http://169.254.169.254/latest/meta-data/", /metadata/],
    ["http://[::ffff:169.254.169.254]/latest/meta-data/", /metadata/],
    ["http://[fd00:ec2::254]/latest/meta-data/", /metadata/],
    ["http://metadata.google.internal/computeMetadata/v1/", /private/],
    ["http://localhost./", /private/],
    ["file:///etc/passwd", /scheme/],
  ])("refuses a redirect to %s", async (target, reason) => {
    const host = name("redirector");
    await zone({ [host]: { answers: [[a(PUBLIC_V4)]] } });
    const shop = fakeShop({ "/go": redirect(target) });
    const error = await failure(fetchWithLimits(request(`http://${host}/go`, guard()), shop.fetch));
    expect(error.kind).toBe("blocked_url");
    expect(error.message).toMatch(reason);
    expect(shop.seen).toEqual([`http://${host}/go`]);
  });

  it("refuses a redirect to a name whose DNS answer is private (10.0.0.5)", async () => {
    const from = name("from");
    const to = name("to-private");
    await zone({ [from]: { answers: [[a(PUBLIC_V4)]] }, [to]: { answers: [[a("10.0.0.5")]] } });
    const shop = fakeShop({ "/go": redirect(`http://${to}/inside`) });
    const error = await failure(fetchWithLimits(request(`http://${from}/go`, guard()), shop.fetch));
    expect(error.kind).toBe("blocked_url");
    expect(error.message).toMatch(new RegExp(`${to.replace(/\./g, "\\.")} resolves to 10\\.0\\.0\\.5`));
    expect(shop.seen).toEqual([`http://${from}/go`]);
  });

  it("re-resolves a TTL-0 name on every hop and refuses it once it rebinds to 127.0.0.1, and for good after that", async () => {
    const host = name("rebind");
    // Lookup 1: public; lookup 2: loopback; lookup 3: public again.
    await zone({ [host]: { answers: [[a(PUBLIC_V4, 0)], [a("127.0.0.1", 0)], [a(PUBLIC_V4, 0)]] } });
    const shop = fakeShop({ "/start": redirect("/next") });
    const error = await failure(fetchWithLimits(request(`http://${host}/start`, guard()), shop.fetch));
    expect(error.kind).toBe("blocked_url");
    expect(error.message).toMatch(/resolves to 127\.0\.0\.1 \(loopback address\)/);
    expect(shop.seen).toEqual([`http://${host}/start`]);
    expect(await queries(host)).toBe(2);
    // The resolver now answers public again: the name stays refused, without asking it.
    const again = await failure(fetchWithLimits(request(`http://${host}/start`, guard()), shop.fetch));
    expect(again.kind).toBe("blocked_url");
    expect(shop.seen).toHaveLength(1);
    expect(await queries(host)).toBe(2);
  });

  it("refuses a name whose one answer mixes a public and a private address", async () => {
    const host = name("mixed");
    await zone({ [host]: { answers: [[a(PUBLIC_V4), a("10.1.2.3")]] } });
    expect((await failure(fetchWithLimits(request(`http://${host}/`, guard()), fakeShop({}).fetch))).kind).toBe("blocked_url");
  });

  it("caches an answer for its TTL: one lookup for many pages of a host", async () => {
    const cached = name("cached");
    const uncached = name("ttl0");
    await zone({ [cached]: { answers: [[a(PUBLIC_V4, 300)]] }, [uncached]: { answers: [[a(PUBLIC_V4, 0)]] } });
    const shop = fakeShop({});
    for (let i = 0; i < 5; i++) {
      await fetchWithLimits(request(`http://${cached}/page/${i}`, guard()), shop.fetch);
      await fetchWithLimits(request(`http://${uncached}/page/${i}`, guard()), shop.fetch);
    }
    expect(shop.seen).toHaveLength(10);
    expect(await queries(cached)).toBe(1);
    expect(await queries(uncached)).toBe(5);
  });

  it("never looks up IP literals or the hosts a local config allows explicitly", async () => {
    const allowed = name("devshop");
    await zone({ [allowed]: { answers: [[a("10.0.0.5")]] } });
    const shop = fakeShop({});
    await fetchWithLimits(request(`http://${allowed}:8790/`, guard([`${allowed}:8790`]), [`${allowed}:8790`]), shop.fetch);
    await fetchWithLimits(request(`http://${PUBLIC_V4}/`, guard()), shop.fetch);
    await fetchWithLimits(request(`http://[${PUBLIC_V6}]/`, guard()), shop.fetch);
    expect(shop.seen).toHaveLength(3);
    expect(await queries(allowed)).toBe(0);
    // The same name on another port is not allowed, and its DNS answer refuses it.
    expect((await failure(fetchWithLimits(request(`http://${allowed}:8791/`, guard([`${allowed}:8790`]), [`${allowed}:8790`]), shop.fetch))).kind).toBe("blocked_url");
  });

  it("records a DNS failure as its own error kind: dns_error, transient only when the resolver failed", async () => {
    const missing = name("nxdomain");
    const servfail = name("servfail");
    const resolverDown = name("resolver-500");
    const noRecords = name("no-records");
    await zone({ [servfail]: { rcode: 2 }, [resolverDown]: { httpStatus: 500 }, [noRecords]: { answers: [[]] } });
    const shop = fakeShop({});
    const cases: Array<[string, DnsGuard, boolean, RegExp]> = [
      [missing, guard(), false, /NXDOMAIN/],
      [servfail, guard(), true, /resolver status 2/],
      [resolverDown, guard(), true, /HTTP 500/],
      [noRecords, guard(), false, /no A or AAAA records/],
      [name("unreachable"), guard([], "http://127.0.0.1:9/dns-query"), true, /resolver unreachable/],
    ];
    for (const [host, dns, transient, detail] of cases) {
      const error = await failure(fetchWithLimits(request(`http://${host}/`, dns), shop.fetch));
      expect(error.kind, host).toBe("dns_error");
      expect(error.transient, host).toBe(transient);
      expect(error.blameHost, host).toBe(false);
      expect(error.message, host).toMatch(detail);
    }
    expect(shop.seen).toEqual([]);
    // A failure is not cached: the next try asks again.
    await expect(guard().check(new URL(`http://${servfail}/`))).rejects.toBeInstanceOf(DnsLookupError);
  });
});
