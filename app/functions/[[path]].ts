import { createPagesFunctionHandler } from "@remix-run/cloudflare-pages";
// The server build is produced by `npm run build:app` before Pages bundles this file.
// @ts-expect-error - build output has no type declarations
import * as build from "../../build/server/index.js";
import type { AppEnv } from "../env";
import { edge, isEdgePath } from "../server/edge";
import { withEdgeCache } from "../server/edge-cache";
import { withSecurityHeaders } from "../server/security-headers";

/**
 * The one Pages Function: the JSON API, images and buy redirects through Hono
 * (app/server/edge.ts), every other path to Remix. Static assets never reach
 * it (see app/public/_routes.json).
 */
const remix = createPagesFunctionHandler<AppEnv>({
  build,
  getLoadContext: ({ context }) => ({
    cloudflare: { env: context.cloudflare.env, ctx: context.cloudflare.ctx },
  }),
});

export const onRequest: PagesFunction<AppEnv> = async (context) => {
  const { pathname } = new URL(context.request.url);
  const render = () =>
    isEdgePath(pathname)
      ? edge.fetch(context.request, context.env, { waitUntil: context.waitUntil, passThroughOnException: context.passThroughOnException, props: {} })
      : remix(context);
  const response = await withEdgeCache({ request: context.request, db: context.env.DB, waitUntil: context.waitUntil }, render);
  return withSecurityHeaders(response);
};
