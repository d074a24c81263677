/** Errors that map to an HTTP answer with a JSON reason; the single error handler turns them into responses. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";

export class HttpError extends Error {
  constructor(readonly status: ContentfulStatusCode, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof HttpError) {
    return c.json({ error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) }, error.status);
  }
  if (error instanceof ZodError) {
    return c.json({ error: "invalid_request", message: "The request is not valid.", details: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, 400);
  }
  if (isTransientDatabaseError(error)) {
    // A lock or a reset the caller can simply retry: say so, instead of a 500.
    console.warn("database busy, answered 503", messageChain(error));
    return c.json({ error: "busy", message: "The database is busy; try again in a moment." }, 503, { "Retry-After": String(RETRY_AFTER_SECONDS) });
  }
  console.error("unhandled error", error);
  return c.json({ error: "internal", message: "Something went wrong on our side." }, 500);
}

export function notFound(c: Context): Response {
  return c.json({ error: "not_found", message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404);
}

const RETRY_AFTER_SECONDS = 1;
/** What D1 says when the database was locked or its connection reset: transient, safe to retry. */
const TRANSIENT_DATABASE = /SQLITE_BUSY|database is locked|D1_ERROR: (?:Network connection lost|.*reset because its code was updated|.*overloaded)/i;

export function isTransientDatabaseError(error: unknown): boolean {
  return TRANSIENT_DATABASE.test(messageChain(error));
}

/** The messages of an error and its causes, joined (Drizzle wraps D1's error as the cause). */
export function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(" <- ");
}
