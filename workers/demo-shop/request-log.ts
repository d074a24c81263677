/** Records every request the shops answer, so tests can see exactly what a crawler did. */
import type { MiddlewareHandler } from "hono";

export interface RequestLogEntry {
  shop: "main" | "partner";
  method: string;
  /** Path and query string, e.g. "/category/botanical?page=2". */
  path: string;
  userAgent: string | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  status: number;
  /** When the request arrived (ISO). */
  at: string;
  /** How long the shop took to produce the response head. */
  durationMs: number;
}

/** Hono middleware appending to `log` once the response is known (errors included). */
export function requestLogger(log: RequestLogEntry[], shop: RequestLogEntry["shop"]): MiddlewareHandler {
  return async (c, next) => {
    const started = Date.now();
    const url = new URL(c.req.url);
    try {
      await next();
    } finally {
      log.push({
        shop,
        method: c.req.method,
        path: url.pathname + url.search,
        userAgent: c.req.header("user-agent") ?? null,
        ifNoneMatch: c.req.header("if-none-match") ?? null,
        ifModifiedSince: c.req.header("if-modified-since") ?? null,
        status: c.res.status,
        at: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      });
    }
  };
}
