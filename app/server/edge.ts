/**
 * Requests the Pages Function answers without Remix: the JSON API, artwork
 * images from R2, and the tracked buy redirect. Everything else is a page.
 */
import { Hono } from "hono";
import { errorResponse } from "../../workers/http/errors";
import type { AppEnv } from "../env";
import { api, apiNotFound } from "./api";
import { CACHE_IMMUTABLE, CACHE_PRIVATE } from "./cache";
import { outboundUrl } from "./outbound.server";
import { currentSessionId } from "./session.server";

export const edge = new Hono<{ Bindings: AppEnv }>();

const EDGE_PREFIXES = ["/api/", "/images/", "/go/"];
export function isEdgePath(pathname: string): boolean {
  return pathname === "/api" || EDGE_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

// Answers that did not choose a cache policy (errors, refusals) are never stored.
edge.use("*", async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});

edge.route("/", api);

export const THUMBNAIL_WIDTHS = [320, 640] as const;

/**
 * An image by content hash; `?w=320|640` asks for a WebP thumbnail, which the
 * offline pipeline makes. Without one the original is served. The hash names
 * the bytes, so every answer may be kept for a year.
 */
edge.get("/images/:hash", async (c) => {
  const hash = c.req.param("hash");
  if (!/^[0-9a-f]{64}$/.test(hash)) {
    return c.json({ error: "invalid_image_id", message: "An image id is 64 lower-case hex characters." }, 400);
  }
  const width = c.req.query("w");
  if (width !== undefined && !THUMBNAIL_WIDTHS.map(String).includes(width)) {
    return c.json({ error: "invalid_width", message: `w must be one of ${THUMBNAIL_WIDTHS.join(", ")}.` }, 400);
  }
  const object = (width ? await c.env.IMAGES.get(`thumbs/${width}/${hash}.webp`) : null) ?? (await c.env.IMAGES.get(`images/${hash}`));
  if (!object) return c.json({ error: "not_found", message: "No such image." }, 404);
  return new Response(object.body, {
    headers: {
      "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "Content-Length": String(object.size),
      "Cache-Control": CACHE_IMMUTABLE,
      ETag: `"${hash}${width ? `-${width}` : ""}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
});

/** The buy button: records the click, then sends the visitor to the shop's affiliate URL. */
edge.get("/go/:offerId", async (c) => {
  const offerId = Number(c.req.param("offerId"));
  if (!Number.isSafeInteger(offerId) || offerId <= 0) {
    return c.json({ error: "invalid_offer_id", message: "An offer id is a positive whole number." }, 400);
  }
  const target = await outboundUrl(c.env.DB, offerId);
  if (!target) return c.json({ error: "not_found", message: "No such offer." }, 404);
  const sessionId = await currentSessionId(c.req.raw, c.env);
  c.executionCtx.waitUntil(
    c.env.DB.prepare("INSERT INTO clicks (session_id, artwork_id, offer_id) VALUES (?, ?, ?)").bind(sessionId, target.artworkId, offerId).run(),
  );
  return new Response(null, {
    status: 302,
    headers: { Location: target.url, "Cache-Control": CACHE_PRIVATE, "Referrer-Policy": "origin" },
  });
});

edge.notFound((c) => (c.req.path.startsWith("/api") ? apiNotFound(c) : c.json({ error: "not_found", message: "No such page." }, 404)));
edge.onError((err, c) => errorResponse(err, c));
