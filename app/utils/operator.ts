/** Formatting for the operator page (shared by its server code and its component). */

export interface KindCount {
  kind: string;
  count: number;
}

/** Errors of one run, most frequent first. */
export function errorKinds(errors: Record<string, number>): KindCount[] {
  return Object.entries(errors)
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

/** "850 ms", "12.4 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalS = Math.round(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m} min ${totalS % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
