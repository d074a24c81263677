/**
 * A D1 binding that records every statement run through it: its SQL, its bound values and the
 * rows D1 says it read (`meta.rows_read`). The scale benchmark sums rows read per request with
 * it; the query-plan tests replay what a request ran under EXPLAIN QUERY PLAN. Results pass
 * through unchanged, so code above it cannot tell it is there.
 */
export interface RecordedQuery {
  sql: string;
  params: unknown[];
  rowsRead: number;
  /** Set when the statement ran inside db.batch(): the batch's number (one round trip for all of its statements). */
  batch?: number;
}

interface Recorded {
  statement: D1PreparedStatement;
  sql: string;
  params: unknown[];
}

export function recordingD1(db: D1Database, log: RecordedQuery[]): D1Database {
  const inner = new WeakMap<object, Recorded>();
  let batches = 0;
  const note = (r: Recorded, meta: { rows_read?: number } | undefined, batch?: number) =>
    log.push({ sql: r.sql, params: r.params, rowsRead: meta?.rows_read ?? 0, ...(batch === undefined ? {} : { batch }) });

  const wrap = (r: Recorded): D1PreparedStatement => {
    const proxy = new Proxy(r.statement, {
      get(target, prop) {
        switch (prop) {
          case "bind":
            return (...values: unknown[]) => wrap({ statement: target.bind(...values), sql: r.sql, params: values });
          case "all":
          case "run":
            return async () => {
              const result = await target.all();
              note(r, result.meta);
              return result;
            };
          case "first":
            return async (column?: string) => {
              const result = await target.all<Record<string, unknown>>();
              note(r, result.meta);
              const row = result.results[0] ?? null;
              return column === undefined ? row : (row?.[column] ?? null);
            };
          case "raw":
            return async (options?: { columnNames?: boolean }) => {
              const result = await target.all<Record<string, unknown>>();
              note(r, result.meta);
              const rows = result.results.map((row) => Object.values(row));
              return options?.columnNames ? [Object.keys(result.results[0] ?? {}), ...rows] : rows;
            };
          default: {
            const value = Reflect.get(target, prop, target);
            return typeof value === "function" ? value.bind(target) : value;
          }
        }
      },
    });
    inner.set(proxy, r);
    return proxy;
  };

  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap({ statement: target.prepare(sql), sql, params: [] });
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const recorded = statements.map((s) => inner.get(s));
          const results = await target.batch(statements.map((s, i) => recorded[i]?.statement ?? s));
          const batch = ++batches;
          results.forEach((result, i) => {
            const r = recorded[i];
            if (r) note(r, result.meta, batch);
          });
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Round trips to D1 over a log: each statement on its own, each db.batch() once. */
export function roundTrips(log: readonly RecordedQuery[]): number {
  const batches = new Set<number>();
  let single = 0;
  for (const q of log) {
    if (q.batch === undefined) single++;
    else batches.add(q.batch);
  }
  return single + batches.size;
}

/** Rows read in all, over a log (or the part of it after `from`). */
export function rowsRead(log: readonly RecordedQuery[], from = 0): number {
  return log.slice(from).reduce((sum, q) => sum + q.rowsRead, 0);
}
