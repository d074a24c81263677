import { createRequestHandler } from "@remix-run/cloudflare-pages";
// The server build is produced by `npm run build:app` before Pages bundles this file.
// @ts-expect-error - build output has no type declarations
import * as build from "../../build/server/index.js";
import type { AppEnv } from "../env";
import { edge, isEdgePath } from "../server/edge";
import { withEdgeCache } from "../server/edge-cache";
import { foreignOriginRefusal } from "../server/forms.server";
import { forwardToLocalWorker } from "../server/local-worker";
import { withSecurityHeaders } from "../server/security-headers";
import { siteEnv } from "../server/site-env";

/**
 * The one Pages Function: the JSON API, images and buy redirects through Hono
 * (app/server/edge.ts), every other path to Remix. Static assets never reach
 * it (see app/public/_routes.json).
 *
 * Remix's createPagesFunctionHandler would first ask ASSETS for every page
 * request (a wasted subrequest here, and with wrangler's local asset server an
 * error logged for paths no file can have: NUL bytes, very long names), so the
 * plain request handler is used: static files are served by Pages before the
 * Function, as _routes.json excludes them.
 */
const remix = createRequestHandler<AppEnv>({
  build,
  getLoadContext: ({ context }) => ({
    cloudflare: { env: siteEnv(context.cloudflare.env), ctx: context.cloudflare.ctx },
  }),
});

export const onRequest: PagesFunction<AppEnv> = async (context) => {
  const workerAnswer = await forwardToLocalWorker(context.request, context.env);
  if (workerAnswer) return workerAnswer;
  const { pathname } = new URL(context.request.url);
  const env = siteEnv(context.env);
  const render = () =>
    isEdgePath(pathname)
      ? edge.fetch(context.request, env, { waitUntil: context.waitUntil, passThroughOnException: context.passThroughOnException, props: {} })
      : // Fuzz fix (issue 6): a cross-origin page POST is a 403 here, not a 500 from Remix's CSRF check.
        (foreignOriginRefusal(context.request) ?? remix(context));
  const response = await withEdgeCache({ request: context.request, db: env.DB, waitUntil: context.waitUntil }, render);
  return withSecurityHeaders(response);
};
