/** One artwork, its similar works and more by its artist, as JSON. */
import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { params } from "../../../workers/http/validate";
import { artworkBySlug, moreByArtist } from "../artworks.server";
import { cacheHeaders } from "../cache";
import { catalogueVersion } from "../catalogue-version.server";
import { fragment } from "../fragment-cache";
import { similarWorks } from "../feeds.server";
import { activeModel } from "../models.server";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

export const artworksApi = new Hono<ApiEnv>();

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,199}$/, "an artwork slug is lower-case letters, digits and hyphens") });

const offerSchema = z.object({
  id: z.number(),
  shop: z.string(),
  shopSlug: z.string(),
  priceMinor: z.number().nullable(),
  currency: z.string().nullable(),
  available: z.boolean(),
  buyUrl: z.string(),
  variants: z.array(z.object({ label: z.string(), widthCm: z.number().nullable(), heightCm: z.number().nullable(), priceMinor: z.number().nullable(), currency: z.string().nullable() })),
});
describeRoute({
  method: "get",
  path: "/api/artworks/{slug}",
  summary: "One artwork: image, artist, tags, palette, offers with size variants (buy through buyUrl).",
  tags: ["artworks"],
  params: slugParams,
  response: artworkCardSchema.extend({
    description: z.string(),
    tags: z.array(z.string()),
    palette: z.array(z.object({ hex: z.string(), name: z.string(), weight: z.number() })),
    available: z.boolean(),
    offers: z.array(offerSchema),
    cheapestOfferId: z.number().nullable(),
  }),
});
artworksApi.get("/:slug", async (c) => {
  const { slug } = params(c.req.param(), slugParams);
  const work = await artworkBySlug(c.env.DB, slug);
  if (!work) throw new HttpError(404, "not_found", `No artwork '${slug}'.`);
  const offers = work.offers.map((o) => ({ ...o, buyUrl: `/go/${o.id}` }));
  return c.json({ ...work, offers }, 200, cacheHeaders(false));
});

const similarQuery = z.object({ limit: z.coerce.number().int().min(1).max(24).optional() });
describeRoute({
  method: "get",
  path: "/api/artworks/{slug}/similar",
  summary: "More like this: the nearest works from the neighbour cache, with similarity scores.",
  tags: ["artworks"],
  params: slugParams,
  query: similarQuery,
  response: z.object({ model: z.string().nullable(), works: z.array(artworkCardSchema.extend({ score: z.number() })) }),
});
artworksApi.get("/:slug/similar", async (c) => {
  const { slug } = params(c.req.param(), slugParams);
  const { limit = 12 } = params(c.req.query(), similarQuery);
  // The same for every visitor: the work and its list come from the fragment cache under the catalogue version.
  const version = await catalogueVersion(c.env.DB);
  const workId = await fragment(version, `artwork-id:${slug}`, async () => (await artworkBySlug(c.env.DB, slug))?.id ?? null);
  if (workId === null) throw new HttpError(404, "not_found", `No artwork '${slug}'.`);
  const model = await activeModel(c.env.DB, c.env.ACTIVE_MODEL);
  return c.json({ model: model?.id ?? null, works: await similarWorks(c.env.DB, model, workId, limit, version) }, 200, cacheHeaders(false));
});

describeRoute({
  method: "get",
  path: "/api/artworks/{slug}/more-by-artist",
  summary: "Other available works by the same artist.",
  tags: ["artworks"],
  params: slugParams,
  response: z.object({ works: z.array(artworkCardSchema) }),
});
artworksApi.get("/:slug/more-by-artist", async (c) => {
  const { slug } = params(c.req.param(), slugParams);
  const work = await artworkBySlug(c.env.DB, slug);
  if (!work) throw new HttpError(404, "not_found", `No artwork '${slug}'.`);
  const works = work.artistSlug ? await moreByArtist(c.env.DB, work.id, work.artistSlug) : [];
  return c.json({ works }, 200, cacheHeaders(false));
});
