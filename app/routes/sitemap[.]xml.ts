/**
 * /sitemap.xml (and /sitemap.xml?part=N past 1,000 URLs: URLS_PER_SITEMAP_FILE): a resource route,
 * so Remix renders no page around it. URLs are absolute, from PUBLIC_SITE_URL
 * (the request's own origin when that is not set).
 */
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { CACHE_PUBLIC } from "../server/cache";
import { buildSitemap } from "../server/sitemap.server";
import { siteOrigin } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const raw = new URL(request.url).searchParams.get("part");
  const part = raw === null ? undefined : parsePartNumber(raw);
  if (part === null) return text(400, "part must be a whole number from 1.");
  const answer = await buildSitemap(env.DB, siteOrigin(request.url, env.PUBLIC_SITE_URL), part);
  if (answer.kind === "not_found") return text(404, "No such sitemap part.");
  return new Response(answer.xml, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": CACHE_PUBLIC, "X-Robots-Tag": "noindex" },
  });
}

function parsePartNumber(raw: string): number | null {
  // An index lists at most MAX_SITEMAPS_PER_INDEX (50,000) parts.
  return /^\d{1,5}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE_PUBLIC } });
}
