/**
 * The site's edge handler as a Worker with a counting D1 binding, for `npm run bench -- scale`
 * (bench/scale/wrangler.toml runs it in wrangler dev on a seeded state folder). Every answer
 * carries X-D1-Rows-Read and X-D1-Queries: the sum of D1's meta.rows_read over the statements
 * the request ran, and their number. /sitemap.xml is answered by the same buildSitemap the
 * page route calls. Edge cache and security headers as in production.
 */
import type { AppEnv } from "../../app/env";
import { edge } from "../../app/server/edge";
import { withEdgeCache } from "../../app/server/edge-cache";
import { withSecurityHeaders } from "../../app/server/security-headers";
import { buildSitemap } from "../../app/server/sitemap.server";
import { type RecordedQuery, recordingD1, rowsRead } from "../../workers/lib/recording-d1";

async function sitemap(request: Request, db: D1Database): Promise<Response> {
  const url = new URL(request.url);
  const part = url.searchParams.get("part");
  const answer = await buildSitemap(db, url.origin, part === null ? undefined : Number(part));
  if (answer.kind === "not_found") return new Response("No such sitemap part.", { status: 404 });
  return new Response(answer.xml, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=60, s-maxage=300" } });
}

export default {
  async fetch(request: Request, env: AppEnv, ctx: ExecutionContext): Promise<Response> {
    const log: RecordedQuery[] = [];
    const db = recordingD1(env.DB, log);
    const counted: AppEnv = { ...env, DB: db };
    const render = () => (new URL(request.url).pathname === "/sitemap.xml" ? sitemap(request, db) : edge.fetch(request, counted, ctx));
    const response = withSecurityHeaders(await withEdgeCache({ request, db, waitUntil: (p) => ctx.waitUntil(p) }, render));
    const out = new Response(response.body, response);
    out.headers.set("X-D1-Rows-Read", String(rowsRead(log)));
    out.headers.set("X-D1-Queries", String(log.length));
    return out;
  },
};
