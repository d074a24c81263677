/** Small statistics and formatting helpers shared by the benchmarks. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `once` between `min` and `max` times, stopping early when another run would pass `budgetS`. */
export async function repeat<T>(once: (index: number) => Promise<T> | T, options: { min?: number; max: number; budgetS: number; seconds: (result: T) => number }): Promise<T[]> {
  const min = Math.max(1, options.min ?? 1);
  const results: T[] = [];
  let spent = 0;
  for (let i = 0; i < options.max; i++) {
    if (i >= min) {
      const last = options.seconds(results[results.length - 1]!);
      if (spent + last > options.budgetS) break;
    }
    const result = await once(i);
    results.push(result);
    spent += options.seconds(result);
  }
  return results;
}

export function seconds(s: number): string {
  if (!Number.isFinite(s)) return "—";
  if (s < 0.01) return `${(s * 1000).toFixed(2)} ms`;
  if (s < 1) return `${(s * 1000).toFixed(0)} ms`;
  if (s < 10) return `${s.toFixed(2)} s`;
  return `${s.toFixed(1)} s`;
}

export function rate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return "—";
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toFixed(digits)} ${unit}/s`;
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

export function runs(n: number): string {
  return n === 1 ? "1 run" : `median of ${n}`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "—";
  if (ratio >= 100) return ratio.toFixed(0);
  if (ratio >= 10) return ratio.toFixed(1);
  return ratio.toFixed(ratio >= 1 ? 2 : 3);
}
