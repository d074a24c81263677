/**
 * Likes and dislikes as JSON: the same reactions /likes, the artwork page's
 * buttons and the taste finder write. Writes need this site's origin and
 * the signed visitor session (made by the first write); reads are private.
 */
import { Hono } from "hono";
import { z } from "zod";
import { jsonBody, params } from "../../../workers/http/validate";
import { cacheHeaders } from "../cache";
import { assertArtworkExists, idTextSchema, likesView, reactionOf, reactionValueSchema, setReaction } from "../reactions.server";
import { assertSameOrigin, currentSessionId, ensureSession } from "../session.server";
import { apiWriteLimit } from "../rate-limit.server";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

export const likesApi = new Hono<ApiEnv>();

const artworkParams = z.object({ artworkId: idTextSchema });
const reactionBody = z.object({ value: reactionValueSchema });
const reactionResponse = z.object({ artworkId: z.number(), value: reactionValueSchema });

describeRoute({
  method: "get",
  path: "/api/likes",
  summary: "The visitor's liked and disliked works (newest first). Private; empty without a session.",
  tags: ["likes"],
  session: true,
  response: z.object({ liked: z.array(artworkCardSchema), disliked: z.array(artworkCardSchema) }),
});
likesApi.get("/", async (c) => {
  const sessionId = await currentSessionId(c.req.raw, c.env);
  return c.json(await likesView(c.env.DB, sessionId), 200, cacheHeaders(true));
});

describeRoute({
  method: "get",
  path: "/api/likes/{artworkId}",
  summary: "The visitor's reaction to one work: 1 liked, -1 disliked, 0 none. Private.",
  tags: ["likes"],
  params: artworkParams,
  session: true,
  response: reactionResponse,
});
likesApi.get("/:artworkId", async (c) => {
  const { artworkId } = params(c.req.param(), artworkParams);
  await assertArtworkExists(c.env.DB, artworkId);
  const sessionId = await currentSessionId(c.req.raw, c.env);
  return c.json({ artworkId, value: await reactionOf(c.env.DB, sessionId, artworkId) }, 200, cacheHeaders(true));
});

describeRoute({
  method: "put",
  path: "/api/likes/{artworkId}",
  summary: "Like (1), dislike (-1) or undo (0) a work. Creates the visitor session (Set-Cookie) on the first write.",
  tags: ["likes"],
  params: artworkParams,
  body: reactionBody,
  session: true,
  response: reactionResponse,
});
likesApi.put("/:artworkId", async (c) => {
  assertSameOrigin(c.req.raw, c.env.PUBLIC_SITE_URL);
  const { artworkId } = params(c.req.param(), artworkParams);
  const { value } = await jsonBody(c, reactionBody, 1024);
  await apiWriteLimit(c); // rate limit (issue 6): writes per session, new sessions per client
  await assertArtworkExists(c.env.DB, artworkId);
  const session = await ensureSession(c.req.raw, c.env);
  const result = await setReaction(c.env.DB, session.id, artworkId, value);
  const headers: Record<string, string> = cacheHeaders(true);
  if (session.setCookie) headers["Set-Cookie"] = session.setCookie;
  return c.json(result, 200, headers);
});
