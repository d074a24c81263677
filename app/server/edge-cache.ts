/**
 * The edge cache in front of pages and the public API. Anonymous GETs whose
 * answer says `public` are kept in the data centre's cache, keyed by URL and
 * the catalogue version: a crawl or a pipeline push bumps the version, so
 * nothing stale is served after a change. A shared wall's pages are also keyed
 * by the wall's last change, so an edit or a delete shows at once. Requests
 * carrying a session cookie always reach the app (their pages are personal).
 */
import { catalogueVersion } from "./catalogue-version.server";
import { SESSION_COOKIE } from "./session.server";

interface CacheContext {
  request: Request;
  db: D1Database;
  waitUntil(promise: Promise<unknown>): void;
}

function isCacheableRequest(request: Request): boolean {
  if (request.method !== "GET") return false;
  const cookie = request.headers.get("Cookie") ?? "";
  if (cookie.includes(`${SESSION_COOKIE}=`)) return false;
  const url = new URL(request.url);
  return !url.pathname.startsWith("/images/") && !url.pathname.startsWith("/go/") && url.pathname !== "/api/health";
}

function isCacheableResponse(response: Response): boolean {
  const policy = response.headers.get("Cache-Control") ?? "";
  return response.status === 200 && /\bpublic\b/.test(policy) && !response.headers.has("Set-Cookie");
}

const SHARED_WALL_PATH = /^\/(?:w|api\/shared-walls)\/([A-Za-z0-9_-]{22,64})$/;

/** Extra cache-key part for answers that change without the catalogue changing. */
async function extraKey(db: D1Database, pathname: string): Promise<string | null> {
  const token = SHARED_WALL_PATH.exec(pathname)?.[1];
  if (!token) return null;
  const wall = await db.prepare("SELECT updated_at AS at FROM walls WHERE share_token = ?").bind(token).first<{ at: number }>();
  return wall ? String(wall.at) : "gone";
}

export async function withEdgeCache(ctx: CacheContext, render: () => Response | Promise<Response>): Promise<Response> {
  if (!isCacheableRequest(ctx.request) || typeof caches === "undefined") return render();
  const cache = (caches as unknown as { default: Cache }).default;
  const keyUrl = new URL(ctx.request.url);
  let version: number;
  let extra: string | null;
  try {
    [version, extra] = await Promise.all([catalogueVersion(ctx.db), extraKey(ctx.db, keyUrl.pathname)]);
  } catch {
    return render();
  }
  keyUrl.searchParams.set("__catalogue", String(version));
  if (extra) keyUrl.searchParams.set("__changed", extra);
  const key = new Request(keyUrl.toString(), { method: "GET" });
  const hit = await cache.match(key);
  if (hit) {
    const response = new Response(hit.body, hit);
    response.headers.set("X-Edge-Cache", "HIT");
    return response;
  }
  const response = await render();
  if (!isCacheableResponse(response)) return response;
  const stored = response.clone();
  ctx.waitUntil(cache.put(key, stored).catch(() => undefined));
  const answer = new Response(response.body, response);
  answer.headers.set("X-Edge-Cache", "MISS");
  answer.headers.set("X-Catalogue-Version", String(version));
  return answer;
}
