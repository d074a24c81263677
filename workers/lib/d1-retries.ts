/**
 * A D1 binding that tries a statement again after a transient failure, the way D1's docs ask
 * applications to (developers.cloudflare.com/d1/best-practices/retry-queries):
 *
 * - a read (SELECT, WITH without a write, EXPLAIN, VALUES) is tried again after any transient
 *   error. Production D1 already does this for reads itself; the local emulator does not, so
 *   this keeps a visitor's page from failing locally where it would not have in production;
 * - a write is tried again only when the error says it never ran: the database was locked
 *   (SQLITE_BUSY) or D1 refused it as overloaded. After a lost connection a write may have
 *   committed, so it is never repeated here; the caller answers 503 and the client decides.
 *
 * After the last attempt the original error is thrown unchanged, so callers map it as before.
 */
import { isTransientDatabaseError, messageChain } from "../http/errors";

export interface RetryOptions {
  /** Pauses before each further attempt, in ms; their count is the number of retries. */
  delaysMs: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_DELAYS_MS = [25, 100, 250] as const;

/** Failures that mean the statement did not run at all: safe to repeat even a write. */
const NEVER_RAN = /SQLITE_BUSY|database is locked|overloaded/i;
const WRITE_KEYWORD = /\b(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|ATTACH|DETACH|VACUUM|REINDEX|ANALYZE|BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)\b/i;

/** Whether a statement only reads: it starts with a reading keyword and names no writing one. */
export function isReadOnlySql(sql: string): boolean {
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ").trimStart();
  return /^(?:SELECT|WITH|EXPLAIN|VALUES)\b/i.test(text) && !WRITE_KEYWORD.test(text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, "''"));
}

/** Whether a failed statement (or batch) may be tried again. */
export function mayRetry(error: unknown, readOnly: boolean): boolean {
  if (!isTransientDatabaseError(error)) return false;
  return readOnly || NEVER_RAN.test(messageChain(error));
}

const memo = new WeakMap<D1Database, D1Database>();

/**
 * The retrying view of `db`. With the default pacing it is one per binding, so caches keyed by
 * the binding still hit; tests pass their own pacing and get a view of their own.
 */
export function withD1Retries(db: D1Database, options?: RetryOptions): D1Database {
  if (options) return makeRetrying(db, options);
  let view = memo.get(db);
  if (!view) {
    view = makeRetrying(db, { delaysMs: DEFAULT_RETRY_DELAYS_MS });
    memo.set(db, view);
  }
  return view;
}

function makeRetrying(db: D1Database, options: RetryOptions): D1Database {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const real = new WeakMap<object, { statement: D1PreparedStatement; readOnly: boolean }>();

  const attempt = async <T>(readOnly: boolean, run: () => Promise<T>): Promise<T> => {
    for (let retry = 0; ; retry++) {
      try {
        return await run();
      } catch (error) {
        const delay = options.delaysMs[retry];
        if (delay === undefined || !mayRetry(error, readOnly)) throw error;
        // Jitter keeps requests that failed together from trying again together.
        await sleep(delay * (0.5 + Math.random()));
      }
    }
  };

  const wrap = (statement: D1PreparedStatement, readOnly: boolean): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        switch (prop) {
          case "bind":
            return (...values: unknown[]) => wrap(target.bind(...values), readOnly);
          case "first":
          case "all":
          case "run":
          case "raw": {
            const method = (target[prop] as (...args: unknown[]) => Promise<unknown>).bind(target);
            return (...args: unknown[]) => attempt(readOnly, () => method(...args));
          }
          default: {
            const value = Reflect.get(target, prop, target);
            return typeof value === "function" ? value.bind(target) : value;
          }
        }
      },
    });
    real.set(proxy, { statement, readOnly });
    return proxy;
  };

  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), isReadOnlySql(sql));
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          const known = statements.map((s) => real.get(s));
          const inner = statements.map((s, i) => known[i]?.statement ?? s);
          // A batch is one transaction: it may be repeated when every statement only reads, or when it never ran.
          const readOnly = known.every((k) => k?.readOnly === true);
          return attempt(readOnly, () => target.batch(inner));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
