/**
 * Anonymous visitor sessions. The session id travels in a cookie signed with
 * HMAC-SHA256 (SESSION_SECRET), so a visitor cannot forge or guess another
 * visitor's id; every visitor write (likes, walls, taste finder) is tied to it.
 */
import { HttpError } from "../../workers/http/errors";

export const SESSION_COOKIE = "as_session";
const ONE_YEAR_S = 365 * 24 * 3600;

export interface SessionEnv {
  DB: D1Database;
  SESSION_SECRET?: string;
}

export interface VisitorSession {
  id: string;
  /** Set-Cookie value to send when the session was created by this request. */
  setCookie: string | null;
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function requireSecret(env: SessionEnv): string {
  if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 16) {
    throw new HttpError(503, "sessions_unavailable", "Visitor sessions are not configured on this deployment (SESSION_SECRET).");
  }
  return env.SESSION_SECRET;
}

export async function signSessionId(id: string, secret: string): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(id));
  return `${id}.${toBase64Url(signature)}`;
}

/** The session id in a cookie value, or null when it is missing, malformed or forged. */
export async function verifySessionCookie(value: string, secret: string): Promise<string | null> {
  const dot = value.indexOf(".");
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const signature = fromBase64Url(value.slice(dot + 1));
  if (!/^[A-Za-z0-9_-]{22}$/.test(id) || !signature) return null;
  // crypto.subtle.verify compares in constant time.
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), signature, encoder.encode(id));
  return ok ? id : null;
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The visitor's session id if the request carries a valid cookie; never creates one. */
export async function currentSessionId(request: Request, env: SessionEnv): Promise<string | null> {
  if (!env.SESSION_SECRET) return null;
  const value = readCookie(request, SESSION_COOKIE);
  return value ? verifySessionCookie(value, env.SESSION_SECRET) : null;
}

function sessionCookie(value: string, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ONE_YEAR_S}${secure}`;
}

/** The visitor's session, created (row + signed cookie) when the request has none. */
export async function ensureSession(request: Request, env: SessionEnv): Promise<VisitorSession> {
  const secret = requireSecret(env);
  const existing = await currentSessionId(request, env);
  if (existing) {
    await env.DB.prepare("INSERT OR IGNORE INTO sessions (id) VALUES (?)").bind(existing).run();
    return { id: existing, setCookie: null };
  }
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  await env.DB.prepare("INSERT INTO sessions (id) VALUES (?)").bind(id).run();
  return { id, setCookie: sessionCookie(await signSessionId(id, secret), request) };
}

/**
 * Cross-site request forgery guard for visitor writes: a browser always sends
 * Origin on POST/PUT/DELETE, and it must be this site. Clients that send no
 * Origin (curl, tests) still need the signed cookie to change anything.
 */
export function assertSameOrigin(request: Request, siteUrl?: string): void {
  const origin = request.headers.get("Origin");
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  const own = new Set([new URL(request.url).origin]);
  if (siteUrl) {
    try {
      own.add(new URL(siteUrl).origin);
    } catch {
      // an invalid PUBLIC_SITE_URL only narrows what is accepted
    }
  }
  if (origin && origin !== "null" && own.has(origin)) return;
  if (origin || (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none")) {
    throw new HttpError(403, "cross_origin", "Changes must come from this site's own pages.");
  }
}

// ---------------------------------------------------------------- accounts (issue 15)

/**
 * The Set-Cookie value that makes `id` this visitor's session: a passkey sign-in
 * puts the account's session id here, so every device signed in to one account
 * reads and writes the same likes, walls and history.
 */
export async function sessionCookieFor(id: string, request: Request, env: SessionEnv): Promise<string> {
  return sessionCookie(await signSessionId(id, requireSecret(env)), request);
}

/** The Set-Cookie value that forgets the visitor's session on this device (sign-out, account deletion). */
export function clearedSessionCookie(request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/** A new random session id (the form every signed cookie carries). */
export function newSessionId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}
