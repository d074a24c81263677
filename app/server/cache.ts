/**
 * Cache-Control for every kind of answer, in one place.
 *  - public pages and API answers: browsers keep them a minute, the CDN five,
 *    and may serve a stale copy for a day while it fetches a fresh one;
 *  - anything that depends on the visitor's session: private, never stored;
 *  - images named by their content hash: immutable for a year.
 */
export const CACHE_PUBLIC = "public, max-age=60, s-maxage=300, stale-while-revalidate=86400";
export const CACHE_PUBLIC_LONG = "public, max-age=3600, s-maxage=86400, stale-while-revalidate=604800";
export const CACHE_PRIVATE = "private, no-store";
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

/** Headers for a page or API answer: private when it was made for one visitor. */
export function cacheHeaders(personal: boolean, publicPolicy = CACHE_PUBLIC): Record<string, string> {
  return personal ? { "Cache-Control": CACHE_PRIVATE, Vary: "Cookie" } : { "Cache-Control": publicPolicy, Vary: "Cookie" };
}
