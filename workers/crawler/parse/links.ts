/**
 * Link discovery on listing pages: product pages to extract, pagination to follow, and the
 * rest of the same-site links. Absolute, fragment-free, deduplicated, in document order.
 * rel=nofollow links and pages marked <meta name=robots content=nofollow> are not followed.
 */
import { attr, attrTokens, byTag, findElements, parseHtml, textOf, type Element } from "./html.ts";
import { documentBase, resolveUrl, stripFragment } from "./urls.ts";

export interface LinkOptions {
  /** Regular expressions (sources or RegExp) that product URLs match; a built-in guess if empty. */
  productPatterns?: readonly (string | RegExp)[];
  /** Follow links to other hosts too (default false: same site only). */
  crossHost?: boolean;
}

export interface DiscoveredLinks {
  productLinks: string[];
  paginationLinks: string[];
  /** Same-site links that are neither products nor pagination. */
  otherLinks: string[];
  /** The page asked robots not to follow its links; all lists are empty. */
  nofollow: boolean;
}

// Typical product paths: /products/x, /artworks/x, /p/x, /prints/x.
const PRODUCT_PATH = /\/(products?|artworks?|art|prints?|posters?|paintings?|items?|works?|p)\/[^/?#]+/i;
const PAGE_PARAMS = ["page", "p", "pg", "paged", "pagenum", "offset", "start"];
const NEXT_TEXTS = new Set(["next", "next page", "more", "load more", "older", "›", "»", ">", "→", "next ›", "next »", "next →", "weiter", "suivant", "siguiente", "volgende", "nästa"]);

/** "www.shop.example" and "shop.example" are one site. */
function siteOf(url: URL): string {
  return url.host.replace(/^www\./, "");
}

function compilePatterns(patterns: readonly (string | RegExp)[] | undefined): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns ?? []) {
    // A /g or /y RegExp keeps lastIndex between .test() calls and would skip matches.
    if (p instanceof RegExp) out.push(new RegExp(p.source, p.flags.replace(/[gy]/g, "")));
    else {
      try {
        out.push(new RegExp(p));
      } catch {
        // A broken pattern in a source record must not stop discovery; it simply matches nothing.
      }
    }
  }
  return out;
}

/** Whether `url` is another page of the listing at `page` (?page=N, /page/N). */
function isPageOf(url: URL, page: URL): boolean {
  if (/\/page\/\d+\/?$/i.test(url.pathname)) return true;
  if (url.pathname !== page.pathname) return false;
  return PAGE_PARAMS.some((name) => /^\d+$/.test(url.searchParams.get(name) ?? ""));
}

function saysNext(a: Element): boolean {
  if (attrTokens(a, "rel").includes("next")) return true;
  const label = `${attr(a, "aria-label") ?? ""} ${attr(a, "title") ?? ""}`.toLowerCase();
  if (/\bnext\b/.test(label)) return true;
  return NEXT_TEXTS.has(textOf(a).toLowerCase());
}

function pageForbidsFollowing(metas: Element[]): boolean {
  return metas.some((m) => {
    const name = (attr(m, "name") ?? "").toLowerCase();
    if (name !== "robots") return false;
    const content = (attr(m, "content") ?? "").toLowerCase();
    return /\b(nofollow|none)\b/.test(content);
  });
}

export function discoverLinks(html: string, pageUrl: string, options: LinkOptions = {}): DiscoveredLinks {
  const result: DiscoveredLinks = { productLinks: [], paginationLinks: [], otherLinks: [], nofollow: false };
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return result;
  }
  const doc = parseHtml(html);
  if (pageForbidsFollowing(byTag(doc, "meta"))) return { ...result, nofollow: true };
  const base = documentBase(doc, pageUrl);
  const productPatterns = compilePatterns(options.productPatterns);
  const seen = new Set<string>([stripFragment(page.href)]);

  const consider = (href: string | undefined, next: boolean): void => {
    const resolved = resolveUrl(href, base);
    if (!resolved) return;
    const clean = stripFragment(resolved);
    if (seen.has(clean)) return;
    const url = new URL(clean);
    if (!options.crossHost && siteOf(url) !== siteOf(page)) return;
    seen.add(clean);
    if (next || isPageOf(url, page)) result.paginationLinks.push(clean);
    else if (productPatterns.length > 0 ? productPatterns.some((re) => re.test(clean)) : PRODUCT_PATH.test(url.pathname)) {
      result.productLinks.push(clean);
    } else result.otherLinks.push(clean);
  };

  // <link rel=next> in the head is the most explicit pagination signal.
  for (const link of byTag(doc, "link")) {
    if (attrTokens(link, "rel").includes("next")) consider(attr(link, "href"), true);
  }
  for (const a of findElements(doc, (el) => el.name === "a" || el.name === "area")) {
    if (attrTokens(a, "rel").includes("nofollow")) continue;
    consider(attr(a, "href"), saysNext(a));
  }
  return result;
}
