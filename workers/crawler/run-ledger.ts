/**
 * What a consumer batch owes the run tables: progress counters, errors by kind,
 * fetch_log rows and frontier completions. Each message notes its own in a
 * ledger; the consumer writes the ledgers of the messages that finished in one
 * db.batch() (one round trip, one transaction) before it acks them, so a
 * message's trace is committed once, with its outcome, or not at all (a crashed
 * or timed-out message is delivered again and notes it again).
 */
import { sql, type SQL } from "drizzle-orm";
import * as schema from "../db/schema";
import { d1Batch } from "../lib/d1-batch";
import { jsonChunks } from "../lib/json-chunks";
import type { Db } from "./catalogue-store";
import { COUNTER_SQL, errorKey, type CounterColumn } from "./runs";

type FetchLogEntry = typeof schema.fetchLog.$inferInsert;

interface Completion {
  runId: number;
  url: string;
  status: "done" | "failed" | "skipped";
  outcome: string;
  at: number;
}

export class RunLedger {
  readonly counters = new Map<number, Map<CounterColumn, number>>();
  readonly errors = new Map<number, Map<string, number>>();
  readonly logs: FetchLogEntry[] = [];
  readonly completions: Completion[] = [];

  count(runId: number, column: CounterColumn, by = 1): void {
    if (!by) return;
    const run = this.counters.get(runId) ?? new Map<CounterColumn, number>();
    run.set(column, (run.get(column) ?? 0) + Math.trunc(by));
    this.counters.set(runId, run);
  }

  error(runId: number, kind: string): void {
    const key = errorKey(kind);
    const run = this.errors.get(runId) ?? new Map<string, number>();
    run.set(key, (run.get(key) ?? 0) + 1);
    this.errors.set(runId, run);
  }

  log(entry: FetchLogEntry): void {
    this.logs.push({ ...entry, at: entry.at ?? Date.now() });
  }

  complete(runId: number, url: string, status: Completion["status"], outcome: string): void {
    this.completions.push({ runId, url, status, outcome, at: Date.now() });
  }

  /** Adds another ledger's entries to this one (the messages of a batch into the batch's). */
  absorb(other: RunLedger): void {
    for (const [runId, columns] of other.counters) for (const [column, by] of columns) this.count(runId, column, by);
    for (const [runId, kinds] of other.errors) {
      const run = this.errors.get(runId) ?? new Map<string, number>();
      for (const [key, n] of kinds) run.set(key, (run.get(key) ?? 0) + n);
      this.errors.set(runId, run);
    }
    this.logs.push(...other.logs);
    this.completions.push(...other.completions);
  }

  /** Runs whose frontier this ledger moves on (each may now be idle). */
  runsCompleted(): number[] {
    return [...new Set(this.completions.map((c) => c.runId))];
  }

  /** The statements that write this ledger: one counter UPDATE per run, fetch_log rows as JSON, one UPDATE per completion. */
  statements(): SQL[] {
    const out: SQL[] = [];
    for (const runId of new Set([...this.counters.keys(), ...this.errors.keys()])) {
      const sets: SQL[] = [];
      for (const [column, by] of this.counters.get(runId) ?? []) {
        const col = COUNTER_SQL[column];
        sets.push(sql.raw(`${col} = ${col} + ${by}`));
      }
      const kinds = [...(this.errors.get(runId) ?? [])];
      if (kinds.length > 0) {
        // Keys are [a-z0-9_] (errorKey), so they are safe to write into the JSON paths.
        const pairs = kinds.map(([key, n]) => `'$.${key}', COALESCE(json_extract(errors_by_kind, '$.${key}'), 0) + ${n}`).join(", ");
        sets.push(sql.raw(`errors_by_kind = json_set(errors_by_kind, ${pairs})`));
      }
      if (sets.length > 0) out.push(sql`UPDATE crawl_runs SET ${sql.join(sets, sql.raw(", "))} WHERE id = ${runId}`);
    }
    for (const chunk of jsonChunks(this.logs, 200, 64 * 1024)) out.push(insertFetchLogs(chunk));
    for (const c of this.completions) {
      out.push(sql`UPDATE crawl_frontier SET status = ${c.status}, outcome = ${c.outcome}, done_at = ${c.at} WHERE run_id = ${c.runId} AND url = ${c.url}`);
    }
    return out;
  }

  get empty(): boolean {
    return this.counters.size === 0 && this.errors.size === 0 && this.logs.length === 0 && this.completions.length === 0;
  }

  /** Writes everything in one round trip (a D1 batch is one transaction). */
  async write(db: Db): Promise<void> {
    await d1Batch(db, this.statements());
  }
}

function insertFetchLogs(rows: readonly FetchLogEntry[]): SQL {
  const json = JSON.stringify(rows.map((r) => [
    r.runId ?? null, r.sourceId, r.url, r.method ?? "fetch", r.statusCode ?? null, r.outcome, r.errorKind ?? null,
    r.error?.slice(0, 500) ?? null, r.bytes ?? null, r.durationMs ?? null, r.attempt ?? 1, r.at ?? Date.now(),
  ]));
  return sql`
    INSERT INTO fetch_log (run_id, source_id, url, method, status_code, outcome, error_kind, error, bytes, duration_ms, attempt, at)
    SELECT ${sql.raw(Array.from({ length: 12 }, (_, i) => `json_extract(value, '$[${i}]')`).join(", "))}
    FROM json_each(${json})`;
}
