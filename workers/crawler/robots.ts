/**
 * robots.txt, RFC 9309: may this crawler fetch this URL, how slowly, and which sitemaps does the
 * host announce. Pure functions over the file's text; caching and fetching live elsewhere.
 */
import { decide, normaliseTarget } from "./parse/robots-match.ts";
import { groupFor, parseRobots, type ParsedRobots } from "./parse/robots-txt.ts";

export { parseRobots, groupFor, productToken } from "./parse/robots-txt.ts";
export type { ParsedRobots, RobotsGroup, RobotsRule } from "./parse/robots-txt.ts";

/** Path and query of an absolute URL (or of a bare "/path?query"), or null if unusable. */
function pathAndQuery(url: string): string | null {
  if (url.startsWith("/")) return url.replace(/#.*$/, "");
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
}

/** Decision against an already parsed file (parse once per host, ask per URL). */
export function isAllowedBy(parsed: ParsedRobots, userAgent: string, url: string): boolean {
  const path = pathAndQuery(url);
  if (path === null) return false;
  // The file itself must always be readable (RFC 9309 section 2.2.2).
  if (path === "/robots.txt") return true;
  return decide(groupFor(parsed, userAgent).rules, normaliseTarget(path));
}

export function isAllowed(robotsTxt: string, userAgent: string, url: string): boolean {
  return isAllowedBy(parseRobots(robotsTxt), userAgent, url);
}

/** Crawl-delay in seconds from the crawler's group (or "*"), or null when unset. */
export function crawlDelayFor(robotsTxt: string, userAgent: string): number | null {
  return groupFor(parseRobots(robotsTxt), userAgent).crawlDelay;
}

/** Absolute http(s) sitemap URLs the file lists, in order, without duplicates. */
export function sitemapsIn(robotsTxt: string): string[] {
  const out: string[] = [];
  for (const value of parseRobots(robotsTxt).sitemaps) {
    try {
      const url = new URL(value);
      if ((url.protocol === "http:" || url.protocol === "https:") && !out.includes(url.href)) out.push(url.href);
    } catch {
      // Relative or garbled sitemap lines are unusable by the RFC's rules; skip them.
    }
  }
  return out;
}
