/**
 * Rate limits for the expensive and the writing requests (see
 * docs/decisions/0007-rate-limits.md):
 *
 *   bucket   what it counts                                         key                    default
 *   search   GET /api/search, the /search page (non-empty searches)  session, else client   60 a minute
 *   upload   POST /api/search/image, the /search upload form         session, else client   10 a minute
 *   write    likes, walls, taste answers (API and page forms)        session                120 a minute
 *   session  writes that would create a new visitor session          client                 30 a minute
 *
 * "client" is a keyed hash of the CF-Connecting-IP header (HMAC with
 * SESSION_SECRET): a raw IP is never stored. Each (bucket, key) row holds a
 * fixed window that starts at its first request; one atomic upsert counts a
 * request and opens a new window once the old one has ended. Over the limit,
 * the answer is 429 with Retry-After (seconds until the window ends).
 *
 * Limits come from env vars RATE_LIMIT_SEARCH, RATE_LIMIT_UPLOAD,
 * RATE_LIMIT_WRITE and RATE_LIMIT_SESSION: "<count>" (per 60 s) or
 * "<count>/<seconds>". There is no off switch; raise a limit instead.
 */
import type { Context } from "hono";
import { HttpError } from "../../workers/http/errors";
import { CACHE_PRIVATE } from "./cache";
import { currentSessionId } from "./session.server";

export type RateLimitBucket = "search" | "upload" | "write" | "session";

export interface RateLimit {
  /** Requests allowed in one window. */
  max: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitBucket, RateLimit>> = {
  search: { max: 60, windowSeconds: 60 },
  upload: { max: 10, windowSeconds: 60 },
  write: { max: 120, windowSeconds: 60 },
  session: { max: 30, windowSeconds: 60 },
};

/** The env var that overrides each bucket's limit. */
export const RATE_LIMIT_ENV_VARS = {
  search: "RATE_LIMIT_SEARCH",
  upload: "RATE_LIMIT_UPLOAD",
  write: "RATE_LIMIT_WRITE",
  session: "RATE_LIMIT_SESSION",
} as const satisfies Record<RateLimitBucket, string>;

export interface RateLimitEnv {
  DB: D1Database;
  SESSION_SECRET?: string;
  RATE_LIMIT_SEARCH?: string;
  RATE_LIMIT_UPLOAD?: string;
  RATE_LIMIT_WRITE?: string;
  RATE_LIMIT_SESSION?: string;
}

const MAX_WINDOW_SECONDS = 24 * 3600;
const warned = new Set<string>();

/** "<count>" or "<count>/<seconds>"; anything else (or nothing) gives the default. */
export function parseRateLimit(text: string | undefined, fallback: RateLimit): RateLimit {
  if (text === undefined || text.trim() === "") return fallback;
  const match = /^\s*([0-9]{1,9})\s*(?:\/\s*([0-9]{1,6})\s*s?)?\s*$/.exec(text);
  const max = match ? Number(match[1]) : NaN;
  const windowSeconds = match?.[2] !== undefined ? Number(match[2]) : fallback.windowSeconds;
  if (!match || max < 1 || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    if (!warned.has(text)) {
      warned.add(text);
      console.warn(`rate limit: ignoring ${JSON.stringify(text)} (expected "<count>" or "<count>/<seconds>"); using ${fallback.max}/${fallback.windowSeconds}`);
    }
    return fallback;
  }
  return { max, windowSeconds };
}

export function rateLimitFor(env: RateLimitEnv, bucket: RateLimitBucket): RateLimit {
  return parseRateLimit(env[RATE_LIMIT_ENV_VARS[bucket]], DEFAULT_RATE_LIMITS[bucket]);
}

// ---------------------------------------------------------------- the counter

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests counted in the current window, this one included. */
  count: number;
  limit: RateLimit;
  /** Epoch ms when the current window ends. */
  resetAt: number;
  /** Whole seconds until the window ends (at least 1): the Retry-After value. */
  retryAfterSeconds: number;
}

/** The verdict for a counted request: pure, so tests drive it with any clock. */
export function decide(count: number, resetAt: number, limit: RateLimit, now: number): RateLimitDecision {
  return {
    allowed: count <= limit.max,
    count,
    limit,
    resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
  };
}

/**
 * Counts one request for (bucket, key) at `now` and decides. One statement, so
 * concurrent requests never lose a count: a row whose window has ended starts
 * over at 1 with a new window; otherwise its count goes up by one.
 */
const UPSERT = `INSERT INTO rate_limits (bucket, key, window_start, count, expires_at) VALUES (?1, ?2, ?3, 1, ?4)
  ON CONFLICT (bucket, key) DO UPDATE SET
    count = CASE WHEN rate_limits.expires_at <= excluded.window_start THEN 1 ELSE rate_limits.count + 1 END,
    window_start = CASE WHEN rate_limits.expires_at <= excluded.window_start THEN excluded.window_start ELSE rate_limits.window_start END,
    expires_at = CASE WHEN rate_limits.expires_at <= excluded.window_start THEN excluded.expires_at ELSE rate_limits.expires_at END
  RETURNING count, expires_at AS expiresAt`;

export async function hitRateLimit(db: D1Database, bucket: RateLimitBucket, key: string, limit: RateLimit, now: number): Promise<RateLimitDecision> {
  const row = await db.prepare(UPSERT).bind(bucket, key, now, now + limit.windowSeconds * 1000).first<{ count: number; expiresAt: number }>();
  if (!row) throw new Error("rate limit upsert returned no row");
  return decide(row.count, row.expiresAt, limit, now);
}

/** Deletes rows whose window ended before `now` (at most `batch` of them). */
export async function pruneRateLimits(db: D1Database, now: number, batch = 500): Promise<number> {
  const result = await db
    .prepare("DELETE FROM rate_limits WHERE rowid IN (SELECT rowid FROM rate_limits WHERE expires_at <= ? LIMIT ?)")
    .bind(now, batch)
    .run();
  return result.meta.changes ?? 0;
}

/** About one request in PRUNE_ONE_IN that opens a new window also prunes ended windows, after the answer. */
const PRUNE_ONE_IN = 50;

// ---------------------------------------------------------------- who is asking

const encoder = new TextEncoder();
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * A stable, non-reversible key for the client's address: HMAC-SHA-256 keyed by
 * SESSION_SECRET (a plain hash of an IPv4 address is reversed by trying all
 * four billion), truncated to 128 bits. Without CF-Connecting-IP (never the
 * case behind Cloudflare) every such client shares one key.
 */
export async function hashedClientAddress(request: Request, env: Pick<RateLimitEnv, "SESSION_SECRET">): Promise<string> {
  const address = (request.headers.get("CF-Connecting-IP") ?? "").trim().slice(0, 100) || "unknown";
  const secret = env.SESSION_SECRET || "art-snob rate limit (no SESSION_SECRET)";
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    hmacKeys.set(secret, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, encoder.encode(`rate-limit:ip:${address}`));
  return `ip:${toBase64Url(new Uint8Array(mac).slice(0, 16))}`;
}

/** The session id when the request carries a valid session cookie, else the hashed client address. */
export async function rateLimitKey(request: Request, env: RateLimitEnv): Promise<string> {
  const sessionId = await currentSessionId(request, env);
  return sessionId ? `s:${sessionId}` : hashedClientAddress(request, env);
}

// ---------------------------------------------------------------- refusals

const MESSAGES: Record<RateLimitBucket, string> = {
  search: "You have searched a lot in a short time.",
  upload: "You have searched by image a lot in a short time.",
  write: "You have made a lot of changes in a short time.",
  session: "Too many new visitors have come from your network in a short time.",
};

/** A 429: an HttpError, so the API's error handler and the page actions' refusal handling answer it like any other. */
export class RateLimitError extends HttpError {
  readonly retryAfterSeconds: number;
  readonly bucket: RateLimitBucket;
  constructor(bucket: RateLimitBucket, decision: RateLimitDecision) {
    const wait = decision.retryAfterSeconds === 1 ? "1 second" : `${decision.retryAfterSeconds} seconds`;
    super(429, "rate_limited", `${MESSAGES[bucket]} Please wait ${wait} and try again.`, {
      bucket,
      limit: decision.limit.max,
      windowSeconds: decision.limit.windowSeconds,
      retryAfter: decision.retryAfterSeconds,
    });
    this.bucket = bucket;
    this.retryAfterSeconds = decision.retryAfterSeconds;
  }
}

/** Headers every 429 carries. */
export function retryAfterHeaders(error: unknown): Record<string, string> {
  return error instanceof RateLimitError ? { "Retry-After": String(error.retryAfterSeconds), "Cache-Control": CACHE_PRIVATE } : {};
}

export interface EnforceOptions {
  /** Count against this key instead of the request's own (session or hashed address). */
  key?: string;
  /** The clock (epoch ms); tests inject one. */
  now?: number;
  /** Runs pruning after the answer (ctx.waitUntil); without it pruning is skipped. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * Counts the request in `bucket` and throws RateLimitError when it is over the
 * limit. If the counter itself fails (D1 unavailable) the request goes ahead:
 * a broken limiter must not take the site down with it.
 */
export async function enforceRateLimit(request: Request, env: RateLimitEnv, bucket: RateLimitBucket, options: EnforceOptions = {}): Promise<void> {
  const now = options.now ?? Date.now();
  const limit = rateLimitFor(env, bucket);
  let decision: RateLimitDecision;
  try {
    const key = options.key ?? (await rateLimitKey(request, env));
    decision = await hitRateLimit(env.DB, bucket, key, limit, now);
  } catch (error) {
    console.warn(`rate limit: counter unavailable for ${bucket}, letting the request through:`, error instanceof Error ? error.message : error);
    return;
  }
  if (decision.count === 1 && options.waitUntil && Math.random() * PRUNE_ONE_IN < 1) {
    options.waitUntil(pruneRateLimits(env.DB, now).catch(() => undefined));
  }
  if (!decision.allowed) throw new RateLimitError(bucket, decision);
}

/**
 * Visitor writes: counted per session; a write without a valid session cookie
 * would create a session, so it is counted per client in the `session` bucket.
 */
export async function enforceWriteLimit(request: Request, env: RateLimitEnv, options: Omit<EnforceOptions, "key"> = {}): Promise<void> {
  const sessionId = await currentSessionId(request, env);
  if (sessionId) return enforceRateLimit(request, env, "write", { ...options, key: `s:${sessionId}` });
  return enforceRateLimit(request, env, "session", { ...options, key: await hashedClientAddress(request, env) });
}

// ---------------------------------------------------------------- glue for the API and the pages

function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}

/** Sets Retry-After on the Hono context before rethrowing, so the single error handler's JSON 429 carries it. */
async function withRetryAfter(c: Context, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    for (const [name, value] of Object.entries(retryAfterHeaders(error))) c.header(name, value);
    throw error;
  }
}

/** For API routes: 429 JSON {error: "rate_limited", message, details} with Retry-After. */
export function apiRateLimit<E extends { Bindings: RateLimitEnv }>(c: Context<E>, bucket: RateLimitBucket): Promise<void> {
  return withRetryAfter(c, () => enforceRateLimit(c.req.raw, c.env, bucket, { waitUntil: waitUntilOf(c) }));
}

/** For API write routes (likes, walls): see enforceWriteLimit. */
export function apiWriteLimit<E extends { Bindings: RateLimitEnv }>(c: Context<E>): Promise<void> {
  return withRetryAfter(c, () => enforceWriteLimit(c.req.raw, c.env, { waitUntil: waitUntilOf(c) }));
}

/** A plain-text 429 for a loader to throw: the root error boundary shows the message. */
export function rateLimitedPage(error: RateLimitError): Response {
  return new Response(error.message, {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...retryAfterHeaders(error) },
  });
}

/** For loaders: counts the request and throws the 429 page response when over the limit. */
export async function pageRateLimit(
  request: Request,
  env: RateLimitEnv,
  bucket: RateLimitBucket,
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<void> {
  try {
    await enforceRateLimit(request, env, bucket, { waitUntil });
  } catch (error) {
    if (error instanceof RateLimitError) throw rateLimitedPage(error);
    throw error;
  }
}

/** Only a search that does work counts: the empty search box (no text, no filters) does not. */
export function countsAsSearch(q: string, filters: object): boolean {
  return q.trim() !== "" || Object.values(filters).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));
}
