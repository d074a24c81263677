/**
 * The one normal form of a search text, shared by the query-vector cache (written by the
 * offline `phrases` step through the admin API) and whoever looks a query up in it:
 * lower-case, trimmed, runs of whitespace as one space.
 */
export function normaliseQueryText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Longest text the query encoder and the query-vector cache accept, in characters. */
export const MAX_QUERY_TEXT_LENGTH = 300;
