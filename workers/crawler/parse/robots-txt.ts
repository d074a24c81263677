/**
 * robots.txt parsing per RFC 9309: groups of user-agent lines followed by rules, plus the
 * non-group Sitemap lines and the non-standard (but widely honoured) Crawl-delay.
 * Lenient the way the RFC asks: unknown lines are skipped, common misspellings accepted.
 */

export interface RobotsRule {
  allow: boolean;
  /** The path pattern as written (with * and $), trimmed. Never empty. */
  pattern: string;
}

export interface RobotsGroup {
  /** Lower-cased product tokens, or "*". */
  userAgents: string[];
  rules: RobotsRule[];
  /** Seconds, when the group says so. */
  crawlDelay: number | null;
}

export interface ParsedRobots {
  groups: RobotsGroup[];
  sitemaps: string[];
}

// RFC 9309 asks crawlers to parse at least 500 KiB; beyond that the rest is ignored.
export const MAX_ROBOTS_CHARS = 512 * 1024;

const FIELD_ALIASES: Readonly<Record<string, "user-agent" | "allow" | "disallow" | "sitemap" | "crawl-delay">> = {
  "user-agent": "user-agent",
  useragent: "user-agent",
  "user agent": "user-agent",
  "user_agent": "user-agent",
  allow: "allow",
  disallow: "disallow",
  dissallow: "disallow",
  dissalow: "disallow",
  disalow: "disallow",
  diasllow: "disallow",
  disallaw: "disallow",
  sitemap: "sitemap",
  "site-map": "sitemap",
  "crawl-delay": "crawl-delay",
  crawldelay: "crawl-delay",
  "crawl delay": "crawl-delay",
};

/**
 * The product token of a User-agent line or of the crawler's own UA string: the leading run of
 * letters, "_" and "-" ("ArtSnobBot/1.0 (+url)" -> "artsnobbot"), lower-cased.
 */
export function productToken(value: string): string {
  const trimmed = value.trim();
  if (trimmed === "*") return "*";
  // "Mozilla/5.0 (compatible; ArtSnobBot/1.0; +url)": the bot names itself after "compatible;".
  const compatible = /compatible;\s*([A-Za-z_-]+)/i.exec(trimmed);
  const token = compatible?.[1] ?? /^[A-Za-z_-]*/.exec(trimmed)?.[0] ?? "";
  return token.toLowerCase();
}

export function parseRobots(robotsTxt: string): ParsedRobots {
  const groups: RobotsGroup[] = [];
  const sitemaps: string[] = [];
  let current: RobotsGroup | null = null;
  // True while consecutive user-agent lines are still opening the same group.
  let collectingAgents = false;

  const text = (typeof robotsTxt === "string" ? robotsTxt : "").slice(0, MAX_ROBOTS_CHARS).replace(/^\uFEFF/, "");
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const field = FIELD_ALIASES[line.slice(0, colon).trim().toLowerCase()];
    const value = line.slice(colon + 1).trim();
    if (!field) continue;

    if (field === "sitemap") {
      if (value !== "" && !sitemaps.includes(value)) sitemaps.push(value);
      continue;
    }
    if (field === "user-agent") {
      const token = productToken(value);
      if (!collectingAgents || !current) {
        current = { userAgents: [], rules: [], crawlDelay: null };
        groups.push(current);
        collectingAgents = true;
      }
      if (token !== "" && !current.userAgents.includes(token)) current.userAgents.push(token);
      continue;
    }
    // Rules before the first user-agent line belong to no group and are ignored.
    if (!current) continue;
    collectingAgents = false;
    if (field === "crawl-delay") {
      const seconds = Number(value);
      if (value !== "" && Number.isFinite(seconds) && seconds >= 0 && current.crawlDelay === null) {
        current.crawlDelay = seconds;
      }
      continue;
    }
    // An empty pattern matches nothing: "Disallow:" means "allow everything".
    if (value !== "") current.rules.push({ allow: field === "allow", pattern: value });
  }
  return { groups, sitemaps };
}

/**
 * The rules for a crawler: every group naming its product token merged, else every "*" group
 * merged, else none (everything allowed).
 */
export function groupFor(parsed: ParsedRobots, userAgent: string): RobotsGroup {
  const token = productToken(userAgent);
  let matching = parsed.groups.filter((g) => token !== "" && token !== "*" && g.userAgents.includes(token));
  if (matching.length === 0) matching = parsed.groups.filter((g) => g.userAgents.includes("*"));
  return {
    userAgents: matching.length > 0 ? [token] : [],
    rules: matching.flatMap((g) => g.rules),
    crawlDelay: matching.find((g) => g.crawlDelay !== null)?.crawlDelay ?? null,
  };
}
