/**
 * Walls as JSON: the owner's API under /api/walls (private; every change needs
 * this site's origin and the owning session: no session → 401, someone
 * else's wall → 404) and the read-only public view behind a share link under
 * /api/shared-walls/{token}, which has no write routes at all.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { jsonBody, params } from "../../../workers/http/validate";
import { cacheHeaders } from "../cache";
import { idSchema, idTextSchema, requireSessionId } from "../reactions.server";
import { assertSameOrigin, currentSessionId, ensureSession } from "../session.server";
import { apiWriteLimit } from "../rate-limit.server";
import {
  CACHE_PUBLIC_SHARED_WALL,
  MAX_WALL_ITEMS,
  addToWall,
  createWall,
  deleteWall,
  listWalls,
  ownedWall,
  removeFromWall,
  renameWall,
  replaceWallItems,
  sharedWall,
  shareTokenSchema,
  wallDetail,
  wallNameSchema,
} from "../walls.server";
import { layoutInputSchema, saveLayout } from "../wall-layout.server";
import { sharedWallPicture } from "../wall-picture.server";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

/** Mounted at /api: it serves both /walls and /shared-walls. */
export const wallsApi = new Hono<ApiEnv>();

const wallParams = z.object({ id: idTextSchema });
const itemParams = z.object({ id: idTextSchema, artworkId: idTextSchema });
const tokenParams = z.object({ token: shareTokenSchema });
const nameBody = z.object({ name: wallNameSchema });
const addItemBody = z.object({ artworkId: idSchema });
const replaceItemsBody = z.object({ artworkIds: z.array(idSchema).max(MAX_WALL_ITEMS, `A wall holds at most ${MAX_WALL_ITEMS} works.`) });

const totalsSchema = {
  totals: z.array(z.object({ currency: z.string(), amountMinor: z.number(), works: z.number() })),
  unpriced: z.number(),
};
const printSizeSchema = z.object({ label: z.string(), widthCm: z.number(), heightCm: z.number(), priceMinor: z.number().nullable(), currency: z.string().nullable() });
const planSchema = {
  layout: layoutInputSchema,
  sizes: z.record(z.string(), z.array(printSizeSchema)),
};
const wallSchema = z.object({
  id: z.number(),
  name: z.string(),
  shareToken: z.string(),
  sharePath: z.string(),
  shareUrl: z.string(),
  works: z.array(artworkCardSchema),
  unavailable: z.array(z.object({ id: z.number(), slug: z.string(), title: z.string() })),
  ...planSchema,
  ...totalsSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});
const wallSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  works: z.number(),
  coverImageHash: z.string().nullable(),
  sharePath: z.string(),
  updatedAt: z.number(),
  ...totalsSchema,
});
const sharedWallSchema = z.object({ name: z.string(), works: z.array(artworkCardSchema), ...planSchema, ...totalsSchema });

function siteUrl(c: Context<ApiEnv>): string {
  return c.env.PUBLIC_SITE_URL || new URL(c.req.url).origin;
}

/** The owner's wall after checking origin (writes), id, session (401) and ownership (404). */
async function ownersWall(c: Context<ApiEnv>, write: boolean) {
  if (write) assertSameOrigin(c.req.raw, c.env.PUBLIC_SITE_URL);
  const { id } = params(c.req.param(), wallParams);
  const sessionId = await requireSessionId(c.req.raw, c.env);
  if (write) await apiWriteLimit(c); // rate limit (issue 6): writes per session
  return ownedWall(c.env.DB, sessionId, id);
}

async function answerWall(c: Context<ApiEnv>, wall: Awaited<ReturnType<typeof ownersWall>>, status: 200 | 201 = 200, extra: Record<string, string> = {}) {
  return c.json(await wallDetail(c.env.DB, wall, siteUrl(c)), status, { ...cacheHeaders(true), ...extra });
}

describeRoute({
  method: "get",
  path: "/api/walls",
  summary: "The visitor's walls with counts and totals per currency. Private; empty without a session.",
  tags: ["walls"],
  session: true,
  response: z.object({ walls: z.array(wallSummarySchema) }),
});
wallsApi.get("/walls", async (c) => {
  const sessionId = await currentSessionId(c.req.raw, c.env);
  return c.json({ walls: await listWalls(c.env.DB, sessionId) }, 200, cacheHeaders(true));
});

describeRoute({
  method: "post",
  path: "/api/walls",
  summary: "Create a wall (name 1-80 characters). Creates the visitor session (Set-Cookie) on the first write.",
  tags: ["walls"],
  body: nameBody,
  session: true,
  response: wallSchema,
});
wallsApi.post("/walls", async (c) => {
  assertSameOrigin(c.req.raw, c.env.PUBLIC_SITE_URL);
  const { name } = await jsonBody(c, nameBody, 4096);
  await apiWriteLimit(c); // rate limit (issue 6): writes per session, new sessions per client
  const session = await ensureSession(c.req.raw, c.env);
  const wall = await createWall(c.env.DB, session.id, name);
  const extra: Record<string, string> = { Location: `/api/walls/${wall.id}` };
  if (session.setCookie) extra["Set-Cookie"] = session.setCookie;
  return answerWall(c, wall, 201, extra);
});

describeRoute({
  method: "get",
  path: "/api/walls/{id}",
  summary: "The owner's view of a wall: works in order, unavailable works, totals per currency, share link.",
  tags: ["walls"],
  params: wallParams,
  session: true,
  response: wallSchema,
});
wallsApi.get("/walls/:id", async (c) => answerWall(c, await ownersWall(c, false)));

describeRoute({
  method: "patch",
  path: "/api/walls/{id}",
  summary: "Rename a wall.",
  tags: ["walls"],
  params: wallParams,
  body: nameBody,
  session: true,
  response: wallSchema,
});
wallsApi.patch("/walls/:id", async (c) => {
  const wall = await ownersWall(c, true);
  const { name } = await jsonBody(c, nameBody, 4096);
  return answerWall(c, await renameWall(c.env.DB, wall, name));
});

describeRoute({
  method: "delete",
  path: "/api/walls/{id}",
  summary: "Delete a wall; its share link stops working.",
  tags: ["walls"],
  params: wallParams,
  session: true,
  response: z.object({ deleted: z.literal(true), id: z.number() }),
});
wallsApi.delete("/walls/:id", async (c) => {
  const wall = await ownersWall(c, true);
  await deleteWall(c.env.DB, wall);
  return c.json({ deleted: true as const, id: wall.id }, 200, cacheHeaders(true));
});

describeRoute({
  method: "put",
  path: "/api/walls/{id}/items",
  summary: `Replace the wall's works with exactly this ordered list (at most ${MAX_WALL_ITEMS}): reorder, add and remove in one go.`,
  tags: ["walls"],
  params: wallParams,
  body: replaceItemsBody,
  session: true,
  response: wallSchema,
});
wallsApi.put("/walls/:id/items", async (c) => {
  const wall = await ownersWall(c, true);
  const { artworkIds } = await jsonBody(c, replaceItemsBody, 16 * 1024);
  await replaceWallItems(c.env.DB, wall, artworkIds);
  return answerWall(c, wall);
});

describeRoute({
  method: "put",
  path: "/api/walls/{id}/layout",
  summary:
    "Save the wall planner: the wall's size in cm (50-2000), unit, furniture, and per work its position (frame's outer top-left corner, cm from the wall's top-left), print size label, frame colour and mat. Works left out keep theirs.",
  tags: ["walls"],
  params: wallParams,
  body: layoutInputSchema,
  session: true,
  response: wallSchema,
});
wallsApi.put("/walls/:id/layout", async (c) => {
  const wall = await ownersWall(c, true);
  const layout = await jsonBody(c, layoutInputSchema, 64 * 1024);
  await saveLayout(c.env.DB, wall.id, layout);
  return answerWall(c, await ownedWall(c.env.DB, await requireSessionId(c.req.raw, c.env), wall.id));
});

describeRoute({
  method: "post",
  path: "/api/walls/{id}/items",
  summary: "Add a work at the end of the wall (adding one already there changes nothing).",
  tags: ["walls"],
  params: wallParams,
  body: addItemBody,
  session: true,
  response: wallSchema,
});
wallsApi.post("/walls/:id/items", async (c) => {
  const wall = await ownersWall(c, true);
  const { artworkId } = await jsonBody(c, addItemBody, 1024);
  const { added } = await addToWall(c.env.DB, wall, artworkId);
  return answerWall(c, wall, added ? 201 : 200);
});

describeRoute({
  method: "delete",
  path: "/api/walls/{id}/items/{artworkId}",
  summary: "Remove a work from the wall.",
  tags: ["walls"],
  params: itemParams,
  session: true,
  response: wallSchema,
});
wallsApi.delete("/walls/:id/items/:artworkId", async (c) => {
  assertSameOrigin(c.req.raw, c.env.PUBLIC_SITE_URL);
  const { id, artworkId } = params(c.req.param(), itemParams);
  const sessionId = await requireSessionId(c.req.raw, c.env);
  await apiWriteLimit(c); // rate limit (issue 6): writes per session
  const wall = await ownedWall(c.env.DB, sessionId, id);
  await removeFromWall(c.env.DB, wall, artworkId);
  return answerWall(c, wall);
});

describeRoute({
  method: "get",
  path: "/api/shared-walls/{token}",
  summary: "The read-only public view behind a wall's share link: its name, works and totals, nothing about the owner.",
  tags: ["walls"],
  params: tokenParams,
  response: sharedWallSchema,
});
wallsApi.get("/shared-walls/:token", async (c) => {
  const { token } = params(c.req.param(), tokenParams);
  const wall = await sharedWall(c.env.DB, token);
  if (!wall) throw new HttpError(404, "not_found", "No such wall; its owner may have deleted it.");
  return c.json(wall, 200, cacheHeaders(false, CACHE_PUBLIC_SHARED_WALL));
});

describeRoute({
  method: "get",
  path: "/api/shared-walls/{token}/image.png",
  summary: "The shared wall as a 1200 × 630 PNG picture drawn to scale (the share page's OpenGraph image and its download).",
  tags: ["walls"],
  params: tokenParams,
  response: z.string().describe("image/png"),
});
wallsApi.get("/shared-walls/:token/image.png", async (c) => {
  const { token } = params(c.req.param(), tokenParams);
  const png = await sharedWallPicture(c.env, token);
  if (!png) throw new HttpError(404, "not_found", "No such wall; its owner may have deleted it.");
  const download = c.req.query("download") === "1";
  return new Response(png, {
    headers: {
      ...cacheHeaders(false, CACHE_PUBLIC_SHARED_WALL),
      "Content-Type": "image/png",
      "Content-Length": String(png.byteLength),
      "X-Content-Type-Options": "nosniff",
      ...(download ? { "Content-Disposition": 'attachment; filename="wall.png"' } : {}),
    },
  });
});
