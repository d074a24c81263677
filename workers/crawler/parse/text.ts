/**
 * Plain-text normalisation shared by every extractor: whitespace, tags and slugs.
 * Nothing here parses markup; see html.ts for that.
 */

// Zero-width characters and the BOM show up in copy-pasted shop data and break equality.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// \s covers NBSP, thin and narrow spaces and line separators in JS regexes.
const WHITESPACE_RUN = /\s+/g;

/** Collapses every run of whitespace (NBSP included) into one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(INVISIBLE, "").replace(WHITESPACE_RUN, " ").trim();
}

/** Collapsed text, or null when nothing visible is left. */
export function nonEmpty(text: string | null | undefined): string | null {
  if (typeof text !== "string") return null;
  const collapsed = collapseWhitespace(text);
  return collapsed === "" ? null : collapsed;
}

/**
 * URL-safe slug: ASCII lower case, accents folded, everything else turned into single hyphens.
 * "Giclée Print" -> "giclee-print".
 */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const MAX_TAG_LENGTH = 64;
const MAX_TAGS = 50;

/**
 * Tags as slugs, first occurrence wins, empties and absurdly long ones dropped. Each input may
 * itself be a list ("oil, blue; sea") because shops put all keywords in one string.
 */
export function normaliseTags(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const part of value.split(/[,;|\n]/)) {
      const tag = slugify(part);
      if (tag === "" || tag.length > MAX_TAG_LENGTH || seen.has(tag)) continue;
      seen.add(tag);
      out.push(tag);
      if (out.length >= MAX_TAGS) return out;
    }
  }
  return out;
}

/** Key for "is this the same product name": case, accents, punctuation and spacing ignored. */
export function looseKey(text: string): string {
  return slugify(text).replace(/-/g, "");
}
