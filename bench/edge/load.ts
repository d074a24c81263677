/**
 * A small closed-loop load generator: `concurrency` loops, each sending one GET after another
 * (keep-alive, body read in full) for a fixed time, cycling over the given paths. Latency is
 * timed per request with performance.now(), so sub-millisecond differences survive. Loops finish
 * the request they are in when time is up: no connection is abandoned mid-request (wrangler's
 * local proxy answers the next request on such a connection with a 503).
 */
export interface LoadOptions {
  concurrency: number;
  durationS: number;
  /** Headers of every request, or several sets taken in turn (a set serves one pass over the paths). */
  headers?: Record<string, string> | ReadonlyArray<Record<string, string>>;
  /** Per-request timeout; a timeout counts as an error. */
  timeoutMs?: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Network errors and timeouts. */
  errors: number;
  /** Answers outside 2xx, by status. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Share of answers marked X-Edge-Cache: HIT. */
  cacheHitShare: number;
  /** The first few failures, for the report. */
  samples: string[];
}

export async function load(base: string, paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  if (paths.length === 0) throw new Error("load: no paths");
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  let errors = 0;
  let non2xx = 0;
  let hits = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationS * 1000;
  const headerSets = options.headers === undefined ? [{}] : Array.isArray(options.headers) ? options.headers : [options.headers as Record<string, string>];
  if (headerSets.length === 0) throw new Error("load: no header sets");
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const n = next++;
      const path = paths[n % paths.length]!;
      const headers = headerSets[Math.floor(n / paths.length) % headerSets.length]!;
      const t0 = performance.now();
      try {
        const res = await fetch(base + path, { headers, redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
        const body = await res.text();
        latencies.push(performance.now() - t0);
        if (res.headers.get("X-Edge-Cache") === "HIT") hits++;
        if (res.status < 200 || res.status > 299) {
          non2xx++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (samples.length < 3) samples.push(`${res.status} ${path}: ${body.replace(/\s+/g, " ").slice(0, 120)}`);
        }
      } catch (error) {
        errors++;
        if (samples.length < 3) samples.push(`${path}: ${(error as Error).name} ${(error as Error).message.slice(0, 120)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsedS = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN);
  return {
    requests: latencies.length + errors,
    perSecond: latencies.length / elapsedS,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    errors,
    statuses,
    non2xx,
    cacheHitShare: latencies.length ? hits / latencies.length : 0,
    samples,
  };
}
