import { createPagesFunctionHandler } from "@remix-run/cloudflare-pages";
// The server build is produced by `npm run build:app` before Pages bundles this file.
// @ts-expect-error - build output has no type declarations
import * as build from "../../build/server/index.js";
import type { AppEnv } from "../env";
import { api } from "../server/api";

/**
 * The one Pages Function: the JSON API under /api (Hono), every other path to
 * Remix. Static assets never reach it (see app/public/_routes.json).
 */
const remix = createPagesFunctionHandler<AppEnv>({
  build,
  getLoadContext: ({ context }) => ({
    cloudflare: { env: context.cloudflare.env, ctx: context.cloudflare.ctx },
  }),
});

export const onRequest: PagesFunction<AppEnv> = (context) => {
  const { pathname } = new URL(context.request.url);
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    return api.fetch(context.request, context.env, { waitUntil: context.waitUntil, passThroughOnException: context.passThroughOnException, props: {} });
  }
  return remix(context);
};
