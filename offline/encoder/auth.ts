/**
 * The encoder's shared secret. In production it listens on every interface of its
 * container and is reached through a public Worker, so every request but GET /health
 * (the platform's liveness probe) must carry `Authorization: Bearer <ENCODER_TOKEN>`.
 * Without a token (local dev: 127.0.0.1 only) nothing is asked.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/** Below this length a token is guessable; the encoder refuses to start with one. */
export const MIN_TOKEN_LENGTH = 24;

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireBearerToken(token: string): MiddlewareHandler {
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`ENCODER_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  const expected = digest(token);
  return async (c, next) => {
    if (c.req.path === "/health" && (c.req.method === "GET" || c.req.method === "HEAD")) return next();
    const given = /^Bearer (.+)$/.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
    // Compared as digests: equal lengths, and no early exit on the first differing byte.
    if (!timingSafeEqual(digest(given), expected)) {
      c.header("WWW-Authenticate", 'Bearer realm="query-encoder"');
      return c.json({ error: "unauthorized", message: "This query encoder needs Authorization: Bearer <ENCODER_TOKEN>." }, 401);
    }
    return next();
  };
}
