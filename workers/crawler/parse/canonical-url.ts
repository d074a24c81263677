/**
 * URL canonicalisation for deduplication: two spellings of the same page get the same key.
 * Lower-case scheme and host, no default port, no fragment, percent-encoding normalised,
 * tracking parameters dropped, remaining query parameters sorted. Path case is kept: paths are
 * case-sensitive on most servers.
 */
import { normalisePercentEncoding } from "./percent.ts";

/** Parameters that identify a campaign or click, never the page. */
const TRACKING_PARAMS = new Set([
  "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
  "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "ref", "ref_src", "srsltid",
]);

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMS.has(lower);
}

function paramName(pair: string): string {
  const raw = pair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical form of an absolute (or `base`-relative) http(s) URL, or null if it is not one. */
export function canonicalUrl(url: string, base?: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim(), base);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  // URL already lower-cases the host, drops default ports and resolves dot segments.
  const path = normalisePercentEncoding(parsed.pathname);
  const pairs = parsed.search
    .replace(/^\?/, "")
    .split("&")
    .filter((pair) => pair !== "" && !isTrackingParam(paramName(pair)))
    .map((pair) => normalisePercentEncoding(pair));
  // Sort by name, then by the whole pair, so the order a link happened to use never matters.
  // Code-unit order rather than localeCompare: the key must not depend on the runtime's ICU.
  pairs.sort((a, b) => compare(paramName(a), paramName(b)) || compare(a, b));
  const query = pairs.length > 0 ? `?${pairs.join("&")}` : "";
  const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ""}@` : "";
  return `${parsed.protocol}//${auth}${parsed.host}${path}${query}`;
}
