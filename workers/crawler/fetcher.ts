/**
 * Plain HTTP fetching with every limit a crawler needs: a timeout over the
 * whole exchange, a byte cap on the body, redirects followed by hand (each hop
 * checked by the URL guard and, for host names, by what DNS answers for them;
 * loops and long chains refused), conditional request headers, and an honest
 * User-Agent.
 */
import { readCapped } from "../lib/read-capped";
import { DnsLookupError, type DnsGuard } from "./dns-guard";
import { assertFetchable, BlockedUrlError } from "./url-guard";

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const PAGE_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };
export const IMAGE_LIMITS: FetchLimits = { timeoutMs: 20_000, maxBytes: 15 * 1024 * 1024, maxRedirects: 5 };

export type FetchErrorKind = "timeout" | "too_large" | "too_many_redirects" | "redirect_loop" | "network" | "blocked_url" | "dns_error" | "browser_error";

export class CrawlFetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    /** Worth retrying later (timeouts, network resets), as opposed to a property of the page. */
    readonly transient: boolean,
    /** Whether the shop is to blame (slows the host down); false for our own browser's failures. */
    readonly blameHost = true,
  ) {
    super(message);
  }
}

export interface FetchRequest {
  url: string;
  userAgent: string;
  allowedPrivateHosts: Set<string>;
  /** Resolves each hop's host name and refuses private answers; the crawler always passes one. */
  dns?: DnsGuard;
  limits: FetchLimits;
  accept?: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchedResponse {
  status: number;
  finalUrl: string;
  headers: Headers;
  /** Empty for 304 and bodies we did not need. */
  body: Uint8Array;
  durationMs: number;
}

export async function fetchWithLimits(request: FetchRequest, fetchImpl: typeof fetch = fetch): Promise<FetchedResponse> {
  const started = Date.now();
  const signal = AbortSignal.timeout(request.limits.timeoutMs);
  const visited = new Set<string>();

  try {
    let url = assertFetchable(request.url, request.allowedPrivateHosts);
    for (let hop = 0; ; hop++) {
      if (visited.has(url.href)) throw new CrawlFetchError("redirect_loop", `redirect loop at ${url.href}`, false);
      visited.add(url.href);
      // Resolved right before the request, so every hop's answer is checked (and re-checked when its TTL ran out).
      await request.dns?.check(url);
      const headers = new Headers({ "User-Agent": request.userAgent, Accept: request.accept ?? "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5" });
      // Conditional headers only for the URL we hold validators for.
      if (hop === 0 && request.etag) headers.set("If-None-Match", request.etag);
      if (hop === 0 && request.lastModified) headers.set("If-Modified-Since", request.lastModified);

      const response = await fetchImpl(url.href, { headers, redirect: "manual", signal });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get("Location");
        await response.body?.cancel();
        if (!location) return { status: response.status, finalUrl: url.href, headers: response.headers, body: new Uint8Array(), durationMs: Date.now() - started };
        if (hop >= request.limits.maxRedirects) throw new CrawlFetchError("too_many_redirects", `more than ${request.limits.maxRedirects} redirects from ${request.url}`, false);
        url = assertFetchable(new URL(location, url), request.allowedPrivateHosts);
        continue;
      }
      const body = response.status === 304 ? new Uint8Array() : await readCappedBody(response, request.limits.maxBytes);
      return { status: response.status, finalUrl: url.href, headers: response.headers, body, durationMs: Date.now() - started };
    }
  } catch (error) {
    throw toFetchError(error, request);
  }
}

function readCappedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  return readCapped(response.body, response.headers.get("Content-Length"), maxBytes, (declared) =>
    new CrawlFetchError("too_large", declared !== null ? `body of ${declared} bytes exceeds the ${maxBytes}-byte cap` : `body exceeds the ${maxBytes}-byte cap`, false),
  );
}

function toFetchError(error: unknown, request: FetchRequest): CrawlFetchError {
  if (error instanceof CrawlFetchError) return error;
  if (error instanceof BlockedUrlError) return new CrawlFetchError("blocked_url", error.message, false);
  // Our resolver's trouble, not the shop's: it does not slow the host down.
  if (error instanceof DnsLookupError) return new CrawlFetchError("dns_error", error.message, error.transient, false);
  const name = (error as { name?: string })?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new CrawlFetchError("timeout", `no complete answer from ${request.url} within ${request.limits.timeoutMs} ms`, true);
  }
  return new CrawlFetchError("network", `network error fetching ${request.url}: ${(error as Error)?.message ?? String(error)}`, true);
}

export function decodeText(body: Uint8Array, contentType: string | null): string {
  const charset = /charset=([^;]+)/i.exec(contentType ?? "")?.[1]?.trim().replace(/"/g, "") ?? "utf-8";
  try {
    return new TextDecoder(charset, { fatal: false }).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}
