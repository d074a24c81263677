/** Feeds and vibes as JSON: the same answers the home page renders. */
import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { params } from "../../../workers/http/validate";
import { cacheHeaders } from "../cache";
import { feedFor } from "../feed-request.server";
import { vibeBySlug, vibes } from "../feeds.server";
import { activeModel } from "../models.server";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

export const feedsApi = new Hono<ApiEnv>();

const feedQuery = z.object({
  feed: z.enum(["discover", "for-you"]).optional(),
  cursor: z.string().max(200).optional(),
  shuffle: z.enum(["1", "true"]).optional(),
  limit: z.coerce.number().int().min(1).max(60).optional(),
});
describeRoute({
  method: "get",
  path: "/api/feed",
  summary: "One page of the discovery feed (seeded, stable) or the personal feed (learns from likes).",
  tags: ["feeds"],
  query: feedQuery,
  response: z.object({ feed: z.enum(["discover", "for-you"]), works: z.array(artworkCardSchema), nextCursor: z.string().nullable() }),
});
feedsApi.get("/feed", async (c) => {
  const q = params(c.req.query(), feedQuery);
  const answer = await feedFor(c.req.raw, c.env, { feed: q.feed, cursor: q.cursor, shuffle: q.shuffle !== undefined, limit: q.limit });
  const { personal, version: _version, ...body } = answer;
  return c.json(body, 200, cacheHeaders(personal || q.shuffle !== undefined));
});

describeRoute({
  method: "get",
  path: "/api/vibes",
  summary: "Curated vibes: the collection's clusters with representative works.",
  tags: ["feeds"],
  response: z.object({ vibes: z.array(z.object({ slug: z.string(), name: z.string(), size: z.number(), works: z.array(artworkCardSchema) })) }),
});
feedsApi.get("/vibes", async (c) => {
  const model = await activeModel(c.env.DB, c.env.ACTIVE_MODEL);
  return c.json({ vibes: await vibes(c.env.DB, model) }, 200, cacheHeaders(false));
});

const vibeParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });
/** Keyset paging: `after` is the last artwork id of the previous page (its `next` link carries it). */
const vibeQuery = z.object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });
describeRoute({
  method: "get",
  path: "/api/vibes/{slug}",
  summary: "All works of one vibe, 48 a page: representatives first, then by id; follow `next` for the following page.",
  tags: ["feeds"],
  params: vibeParams,
  query: vibeQuery,
});
feedsApi.get("/vibes/:slug", async (c) => {
  const { slug } = params(c.req.param(), vibeParams);
  const { after = 0 } = params(c.req.query(), vibeQuery);
  const model = await activeModel(c.env.DB, c.env.ACTIVE_MODEL);
  const vibe = await vibeBySlug(c.env.DB, model, slug, after);
  if (!vibe) throw new HttpError(404, "not_found", `No vibe '${slug}'.`);
  const next = vibe.nextAfter === null ? null : `/api/vibes/${vibe.slug}?after=${vibe.nextAfter}`;
  return c.json({ slug: vibe.slug, name: vibe.name, size: vibe.size, works: vibe.works, hasMore: vibe.hasMore, next }, 200, cacheHeaders(false));
});
