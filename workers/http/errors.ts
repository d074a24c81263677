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
  console.error("unhandled error", error);
  return c.json({ error: "internal", message: "Something went wrong on our side." }, 500);
}

export function notFound(c: Context): Response {
  return c.json({ error: "not_found", message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` }, 404);
}
