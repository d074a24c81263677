/** Tag and artist pages as JSON: the same works, totals and paging the pages show. */
import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { params } from "../../../workers/http/validate";
import { BROWSE_PAGE_SIZE, MAX_BROWSE_PAGE, TOTAL_COUNT_CAP, artistPage, browsePosition, normaliseTag, tagPage } from "../browse.server";
import { cacheHeaders } from "../cache";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

export const browseApi = new Hono<ApiEnv>();

/**
 * Keyset paging: `after` is the last work id of the previous page and `page` only numbers it;
 * follow `next`. A `page` without `after` (the older form) starts again at page 1.
 */
const pageQuery = z.object({
  after: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  page: z.coerce.number().int().min(1).max(MAX_BROWSE_PAGE).optional(),
});
const tagParams = z.object({
  tag: z
    .string()
    .min(1)
    .max(200)
    .transform((value, ctx) => {
      const tag = normaliseTag(value);
      if (!tag) {
        ctx.addIssue({ code: "custom", message: "a tag is letters, digits and hyphens, at most 64 characters" });
        return z.NEVER;
      }
      return tag;
    }),
});
const artistParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,199}$/, "an artist slug is lower-case letters, digits and hyphens") });

const paging = {
  total: z.number().describe(`available works in all, counted up to ${TOTAL_COUNT_CAP}`),
  totalCapped: z.boolean().describe(`true when there are more than ${TOTAL_COUNT_CAP}`),
  page: z.number(),
  pageSize: z.literal(BROWSE_PAGE_SIZE),
  hasMore: z.boolean(),
  next: z.string().nullable().describe("the next page's API URL, or null on the last page"),
  works: z.array(artworkCardSchema),
};

function nextUrl(path: string, page: { page: number; nextAfter: number | null }): string | null {
  return page.nextAfter === null ? null : `${path}?after=${page.nextAfter}&page=${page.page + 1}`;
}

describeRoute({
  method: "get",
  path: "/api/tags/{tag}",
  summary: `Available works with one tag, newest first, ${BROWSE_PAGE_SIZE} a page (follow \`next\`). The tag is matched in its stored slug form ("Oil Painting" = "oil-painting").`,
  tags: ["browse"],
  params: z.object({ tag: z.string().min(1).max(200) }),
  query: pageQuery,
  response: z.object({ tag: z.string(), ...paging }),
});
browseApi.get("/tags/:tag", async (c) => {
  const { tag } = params(c.req.param(), tagParams);
  const { after, page = 1 } = params(c.req.query(), pageQuery);
  const answer = await tagPage(c.env.DB, tag, browsePosition(after, page));
  if (!answer) throw new HttpError(404, "not_found", `No work is tagged '${tag}'.`);
  const { works, nextAfter: _nextAfter, ...rest } = answer;
  return c.json({ ...rest, next: nextUrl(`/api/tags/${encodeURIComponent(tag)}`, answer), works }, 200, cacheHeaders(false));
});

describeRoute({
  method: "get",
  path: "/api/artists/{slug}",
  summary: `One artist: name, their most used tags and their available works, newest first, ${BROWSE_PAGE_SIZE} a page.`,
  tags: ["browse"],
  params: artistParams,
  query: pageQuery,
  response: z.object({
    artist: z.object({ slug: z.string(), name: z.string() }),
    tags: z.array(z.object({ tag: z.string(), count: z.number() })),
    ...paging,
  }),
});
browseApi.get("/artists/:slug", async (c) => {
  const { slug } = params(c.req.param(), artistParams);
  const { after, page = 1 } = params(c.req.query(), pageQuery);
  const answer = await artistPage(c.env.DB, slug, browsePosition(after, page));
  if (!answer) throw new HttpError(404, "not_found", `No artist '${slug}'.`);
  const { works, nextAfter: _nextAfter, ...rest } = answer;
  return c.json({ ...rest, next: nextUrl(`/api/artists/${slug}`, answer), works }, 200, cacheHeaders(false));
});
