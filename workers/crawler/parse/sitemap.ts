/**
 * Sitemaps (sitemaps.org): a <urlset> of page URLs or a <sitemapindex> of further sitemaps,
 * parsed as XML with htmlparser2 so namespace prefixes, CDATA, entities and stray whitespace
 * are handled. Plain-text sitemaps (one URL per line) are accepted too, as the protocol allows.
 */
import { type AnyNode, type Element, isTag } from "domhandler";
import { parseDocument } from "htmlparser2";
import { rawText } from "./html.ts";
import { resolveUrl } from "./urls.ts";

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export interface ParsedSitemap {
  kind: "index" | "urlset";
  entries: SitemapEntry[];
  /** Entries after the 50,000th, not read (present only when there are some). */
  entriesOverCap?: number;
}

// The protocol caps a sitemap at 50,000 URLs; more is a broken or hostile file.
export const MAX_SITEMAP_ENTRIES = 50_000;

/** Element name without namespace prefix, lower-cased ("sm:URL" -> "url"). */
function localName(el: Element): string {
  const name = el.name.toLowerCase();
  const colon = name.lastIndexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

function childElements(node: AnyNode): Element[] {
  return "children" in node ? node.children.filter(isTag) : [];
}

/** First element named `name` (any prefix) in document order, depth-first. */
function findFirst(nodes: AnyNode[], name: string): Element | null {
  for (const node of nodes) {
    if (!isTag(node)) {
      if ("children" in node) {
        const found = findFirst(node.children, name);
        if (found) return found;
      }
      continue;
    }
    if (localName(node) === name) return node;
    const found = findFirst(node.children, name);
    if (found) return found;
  }
  return null;
}

/** Text of a direct child such as <loc>, trimmed; nested <image:loc> etc. are not direct children. */
function childText(el: Element, name: string): string | undefined {
  const child = childElements(el).find((c) => localName(c) === name);
  if (!child) return undefined;
  const text = rawText(child).trim();
  return text === "" ? undefined : text;
}

/** Text sitemaps list absolute URLs only, one per line. */
function parsePlainText(text: string): ParsedSitemap {
  const entries: SitemapEntry[] = [];
  const seen = new Set<string>();
  let overCap = 0;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    const url = /^https?:\/\//i.test(line) ? resolveUrl(line, line) : null;
    if (!url || seen.has(url)) continue;
    if (entries.length >= MAX_SITEMAP_ENTRIES) {
      overCap++;
      continue;
    }
    seen.add(url);
    entries.push({ loc: url });
  }
  return withOverCap({ kind: "urlset", entries }, overCap);
}

/** The count past the cap is reported, so a shop that breaks it does not lose URLs silently. */
function withOverCap(parsed: ParsedSitemap, overCap: number): ParsedSitemap {
  return overCap > 0 ? { ...parsed, entriesOverCap: overCap } : parsed;
}

/**
 * Entries of a sitemap or sitemap index. Relative <loc> values (invalid, but seen) are resolved
 * against `sitemapUrl` when given, else dropped; duplicates are dropped.
 */
export function parseSitemap(xml: string, sitemapUrl?: string): ParsedSitemap {
  const text = (typeof xml === "string" ? xml : "").replace(/^\uFEFF/, "").trimStart();
  if (!text.startsWith("<")) return parsePlainText(text);

  const doc = parseDocument(text, { xmlMode: true, decodeEntities: true });
  const index = findFirst(doc.children, "sitemapindex");
  const root = index ?? findFirst(doc.children, "urlset");
  const kind = index ? "index" : "urlset";
  if (!root) return { kind: "urlset", entries: [] };

  const entries: SitemapEntry[] = [];
  const seen = new Set<string>();
  let overCap = 0;
  const itemName = index ? "sitemap" : "url";
  for (const item of childElements(root)) {
    if (localName(item) !== itemName) continue;
    if (entries.length >= MAX_SITEMAP_ENTRIES) {
      overCap++;
      continue;
    }
    const raw = childText(item, "loc");
    const loc = raw ? resolveUrl(raw, sitemapUrl ?? raw) : null;
    if (!loc || seen.has(loc)) continue;
    seen.add(loc);
    const lastmod = childText(item, "lastmod");
    entries.push(lastmod ? { loc, lastmod } : { loc });
  }
  return withOverCap({ kind, entries }, overCap);
}
