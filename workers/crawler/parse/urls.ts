/**
 * URL resolution for extracted links and images: absolute http(s) only, the document's
 * <base href> honoured, fragments removed where identity matters.
 */
import { attr, attrTokens, byTag, type Document } from "./html.ts";

/** Absolute http(s) URL for `ref` against `base`, or null (mailto:, javascript:, data:, junk). */
export function resolveUrl(ref: string | null | undefined, base: string): string | null {
  if (typeof ref !== "string") return null;
  const trimmed = ref.trim();
  if (trimmed === "") return null;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href;
}

/** The URL without its #fragment. */
export function stripFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash === -1 ? url : url.slice(0, hash);
}

/** Base for relative URLs: the first <base href> (itself resolved), else the page URL. */
export function documentBase(doc: Document, pageUrl: string): string {
  for (const base of byTag(doc, "base")) {
    const resolved = resolveUrl(attr(base, "href"), pageUrl);
    if (resolved) return resolved;
  }
  return pageUrl;
}

/** The page's declared canonical URL: <link rel=canonical>, else og:url; absolute, no fragment. */
export function declaredCanonical(doc: Document, base: string): string | null {
  for (const link of byTag(doc, "link")) {
    if (!attrTokens(link, "rel").includes("canonical")) continue;
    const resolved = resolveUrl(attr(link, "href"), base);
    if (resolved) return stripFragment(resolved);
  }
  for (const meta of byTag(doc, "meta")) {
    const key = (attr(meta, "property") ?? attr(meta, "name") ?? "").trim().toLowerCase();
    if (key !== "og:url") continue;
    const resolved = resolveUrl(attr(meta, "content"), base);
    if (resolved) return stripFragment(resolved);
  }
  return null;
}

/**
 * Best image candidate from a srcset ("a.jpg 480w, b.jpg 1080w" or "a.jpg 1x, b.jpg 2x"): the
 * largest one, because the crawler stores one high-quality copy.
 */
export function largestFromSrcset(srcset: string, base: string): string | null {
  let best: { url: string; size: number } | null = null;
  // Candidates are comma-separated, but URLs may contain commas; split on ", " and trailing commas.
  for (const candidate of srcset.split(/,\s+|,(?=\S+\s+\d)/)) {
    const [ref, descriptor] = candidate.trim().split(/\s+/);
    const url = resolveUrl(ref?.replace(/,$/, ""), base);
    if (!url) continue;
    const size = descriptor ? Number.parseFloat(descriptor) : 1;
    const weight = Number.isFinite(size) ? size : 1;
    if (!best || weight > best.size) best = { url, size: weight };
  }
  return best?.url ?? null;
}
