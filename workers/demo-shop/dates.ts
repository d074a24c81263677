/** Fixed calendar of the demo shop, so dates in pages, headers and sitemaps are reproducible. */

const DAY_MS = 86_400_000;

/** ISO 8601 with whole seconds ("2024-05-03T09:30:00Z"): HTTP dates cannot carry milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** A deterministic instant `fraction` of the way through [startIso, startIso + days). */
export function dateWithin(startIso: string, days: number, fraction: number): string {
  return isoSeconds(Date.parse(startIso) + Math.floor(fraction * days * DAY_MS));
}

/** RFC 9110 IMF-fixdate, as Last-Modified needs. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

export function latest(isoDates: readonly string[]): string {
  return isoDates.reduce((max, d) => (d > max ? d : max), "1970-01-01T00:00:00Z");
}
