import { withD1Retries } from "../../workers/lib/d1-retries";
import type { AppEnv } from "../env";

/**
 * The bindings every request of the site works with: the platform's, with D1 trying a
 * statement again after a transient failure (workers/lib/d1-retries.ts), so a moment of
 * contention costs a visitor a few milliseconds instead of an error. Made per request, so
 * a binding changed under the site is never kept stale; the D1 view is one per binding.
 */
export function siteEnv(env: AppEnv): AppEnv {
  return { ...env, DB: withD1Retries(env.DB) };
}
