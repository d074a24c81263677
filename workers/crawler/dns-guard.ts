/**
 * What a host name resolves to, checked before every request the crawler
 * sends (each redirect hop included). A Worker cannot call getaddrinfo, so the
 * name is looked up through DNS-over-HTTPS (the JSON API, A and AAAA) at a
 * configurable resolver (CRAWLER_DOH_URL, Cloudflare's by default). A name with
 * any private, loopback, link-local or metadata address is refused.
 *
 * Answers are cached per isolate for their TTL (at most 5 minutes; a TTL of 0
 * is looked up again every time), so a crawl run costs one lookup per host and
 * TTL rather than one per page. A name that has once answered with a private
 * address stays refused for an hour, whatever it answers next (DNS rebinding).
 * IP literals (checked by the URL guard) and the hosts a local config allows
 * explicitly are not looked up.
 */
import { addressReason, BlockedUrlError, isExplicitlyAllowed, isIpLiteral, normaliseHostname } from "./url-guard";

export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";

const MAX_CACHE_SECONDS = 300;
const STICKY_BLOCK_MS = 3600_000;
const MAX_ENTRIES = 5_000;
const LOOKUP_TIMEOUT_MS = 5_000;
const RECORD_A = 1;
const RECORD_AAAA = 28;
/** DNS RCODEs: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED. */
const NXDOMAIN = 3;

/** The name could not be resolved (its own error kind; transient when the resolver, not the name, failed). */
export class DnsLookupError extends Error {
  readonly kind = "dns_error";
  constructor(readonly host: string, detail: string, readonly transient: boolean) {
    super(`DNS lookup of ${host} failed: ${detail}`);
  }
}

interface CacheEntry {
  addresses: string[];
  expiresAt: number;
  /** Why the name is refused, or null when every address is public. */
  blocked: string | null;
}

const cache = new Map<string, CacheEntry>();
const inFlight = new Map<string, Promise<CacheEntry>>();

/** Forget every cached answer (tests). */
export function clearDnsCache(): void {
  cache.clear();
  inFlight.clear();
}

export interface DnsGuardOptions {
  resolverUrl?: string;
  allowedPrivateHosts: Set<string>;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export class DnsGuard {
  readonly resolverUrl: string;
  private readonly allowedPrivateHosts: Set<string>;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: DnsGuardOptions) {
    this.resolverUrl = options.resolverUrl?.trim() || DEFAULT_DOH_URL;
    this.allowedPrivateHosts = options.allowedPrivateHosts;
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? LOOKUP_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** Throws BlockedUrlError when the URL's host resolves to a non-public address, DnsLookupError when it does not resolve. */
  async check(url: URL): Promise<void> {
    if (isExplicitlyAllowed(url, this.allowedPrivateHosts) || isIpLiteral(url.hostname)) return;
    const host = normaliseHostname(url.hostname);
    const entry = await this.lookup(host);
    if (entry.blocked) throw new BlockedUrlError(url.href, entry.blocked);
  }

  /** The host's addresses (cached), resolving when the cache has none. */
  async lookup(host: string): Promise<CacheEntry> {
    const key = `${this.resolverUrl} ${host}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = this.resolve(host).then((entry) => {
        // A refusal is kept for an hour (a name that rebinds to a private address stays refused).
        if (entry.expiresAt > this.now()) remember(key, entry);
        return entry;
      }).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  private async resolve(host: string): Promise<CacheEntry> {
    const [a, aaaa] = await Promise.all([this.query(host, "A"), this.query(host, "AAAA")]);
    const answers = [...a, ...aaaa];
    if (answers.length === 0) throw new DnsLookupError(host, "no A or AAAA records", false);
    const now = this.now();
    for (const answer of answers) {
      const reason = addressReason(answer.address);
      if (reason) return { addresses: answers.map((x) => x.address), blocked: `${host} resolves to ${answer.address} (${reason})`, expiresAt: now + STICKY_BLOCK_MS };
    }
    const ttl = Math.min(MAX_CACHE_SECONDS, ...answers.map((x) => x.ttl));
    return { addresses: answers.map((x) => x.address), blocked: null, expiresAt: now + ttl * 1000 };
  }

  private async query(host: string, type: "A" | "AAAA"): Promise<Array<{ address: string; ttl: number }>> {
    const url = new URL(this.resolverUrl);
    url.searchParams.set("name", host);
    url.searchParams.set("type", type);
    let response: Response;
    try {
      response = await this.fetchImpl(url.href, { headers: { Accept: "application/dns-json" }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string })?.name;
      const detail = name === "TimeoutError" || name === "AbortError" ? `resolver gave no answer within ${this.timeoutMs} ms` : `resolver unreachable (${(error as Error)?.message ?? String(error)})`;
      throw new DnsLookupError(host, detail, true);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DnsLookupError(host, `resolver answered HTTP ${response.status}`, true);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new DnsLookupError(host, "resolver answer is not JSON", true);
    }
    const status = (body as { Status?: unknown })?.Status;
    if (status === NXDOMAIN) throw new DnsLookupError(host, "no such host (NXDOMAIN)", false);
    if (status !== 0) throw new DnsLookupError(host, `resolver status ${typeof status === "number" ? status : "missing"} for ${type}`, true);
    const records = (body as { Answer?: unknown }).Answer;
    if (records === undefined) return [];
    if (!Array.isArray(records)) throw new DnsLookupError(host, "malformed resolver answer", true);
    const wanted = type === "A" ? RECORD_A : RECORD_AAAA;
    const out: Array<{ address: string; ttl: number }> = [];
    for (const record of records as Array<{ type?: unknown; data?: unknown; TTL?: unknown }>) {
      if (record?.type !== wanted) continue; // CNAMEs on the way, DNSSEC records
      if (typeof record.data !== "string") throw new DnsLookupError(host, "malformed resolver answer", true);
      const ttl = typeof record.TTL === "number" && Number.isFinite(record.TTL) ? Math.max(0, Math.floor(record.TTL)) : 0;
      out.push({ address: record.data.trim(), ttl });
    }
    return out;
  }
}

function remember(key: string, entry: CacheEntry): void {
  if (cache.size >= MAX_ENTRIES) {
    // Oldest insertion first: Map keeps insertion order.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.delete(key);
  cache.set(key, entry);
}
