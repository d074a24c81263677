/**
 * The site's edge handler as a Worker, so tests reach the API, images and
 * redirects through SELF.fetch exactly as the Pages Function serves them
 * (edge cache and security headers included; Remix pages are covered by the
 * browser tests).
 */
import type { AppEnv } from "../../app/env";
import { edge } from "../../app/server/edge";
import { withEdgeCache } from "../../app/server/edge-cache";
import { withSecurityHeaders } from "../../app/server/security-headers";
import { siteEnv } from "../../app/server/site-env";

export default {
  async fetch(request: Request, platformEnv: AppEnv, ctx: ExecutionContext): Promise<Response> {
    const env = siteEnv(platformEnv);
    const response = await withEdgeCache({ request, db: env.DB, waitUntil: (p) => ctx.waitUntil(p) }, () => edge.fetch(request, env, ctx));
    return withSecurityHeaders(response);
  },
};
