/**
 * The taste finder as JSON: one sample per step, each from a different vibe.
 * Answers go through PUT /api/likes/{artworkId} (a skip writes nothing).
 * The sample depends on the visitor's session, so with one the answer is
 * private; without one every visitor sees the same and it may be cached.
 */
import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../../../workers/http/errors";
import { params } from "../../../workers/http/validate";
import { cacheHeaders } from "../cache";
import { currentSessionId } from "../session.server";
import { TASTE_STEPS, tasteView } from "../taste.server";
import { describeRoute } from "./openapi";
import { artworkCardSchema } from "./schemas";
import type { ApiEnv } from "./types";

export const tasteApi = new Hono<ApiEnv>();

const tasteQuery = z.object({
  step: z
    .string()
    .regex(/^[0-9]{1,3}$/, "step is a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(TASTE_STEPS))
    .optional(),
});

describeRoute({
  method: "get",
  path: "/api/taste",
  summary: `One step of the taste finder (1-${TASTE_STEPS}): a sample work and its vibe. Answer with PUT /api/likes/{artworkId}; 404 no_clusters before the pipeline has made vibes.`,
  tags: ["taste"],
  query: tasteQuery,
  response: z.object({ step: z.number(), total: z.number(), sample: artworkCardSchema, cluster: z.object({ slug: z.string(), name: z.string() }) }),
});
tasteApi.get("/", async (c) => {
  const { step = 1 } = params(c.req.query(), tasteQuery);
  const sessionId = await currentSessionId(c.req.raw, c.env);
  const view = await tasteView(c.env, sessionId, step);
  if (view.kind === "empty") {
    throw new HttpError(404, "no_clusters", "The taste finder needs the collection's vibes, which the offline pipeline has not made yet.");
  }
  if (view.kind === "done") throw new HttpError(404, "no_such_step", `The taste finder has ${view.total} steps.`);
  const { step: at, total, sample, cluster } = view;
  return c.json({ step: at, total, sample, cluster }, 200, cacheHeaders(sessionId !== null));
});
