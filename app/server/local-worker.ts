/**
 * Local development only: the crawler Worker runs inside the site's own dev
 * process (`wrangler pages dev -c app/wrangler.toml -c <worker config>`), so one
 * process owns the local SQLite file and no two processes fight over its lock
 * (docs/decisions/0015-one-local-process.md). The Worker then has no port of its
 * own: its admin API, health check and test cron are reached through the site's
 * port, forwarded here to the `LOCAL_WORKER` service binding. Production never
 * binds LOCAL_WORKER, so there this is a no-op.
 */
/** A service binding; workerd's Fetcher also runs a Worker's cron handler (absent from the published types). */
export type LocalWorkerBinding = Fetcher & {
  scheduled?(options: { cron?: string; scheduledTime?: Date }): Promise<{ outcome?: string } | undefined>;
};

export interface LocalWorkerEnv {
  LOCAL_WORKER?: LocalWorkerBinding;
}

const WORKER_PATHS = /^\/(?:admin(?:\/.*)?|health|__scheduled)$/;

export function isLocalWorkerPath(pathname: string): boolean {
  return WORKER_PATHS.test(pathname);
}

/** The Worker's answer for one of its paths, or null when this request is the site's. */
export async function forwardToLocalWorker(request: Request, env: LocalWorkerEnv): Promise<Response | null> {
  if (!env.LOCAL_WORKER) return null;
  const url = new URL(request.url);
  if (!isLocalWorkerPath(url.pathname)) return null;
  if (url.pathname === "/__scheduled" && env.LOCAL_WORKER.scheduled) {
    // What `wrangler dev --test-scheduled` offers for a Worker of its own: run the cron handler now.
    const cron = url.searchParams.get("cron") ?? "* * * * *";
    const result = await env.LOCAL_WORKER.scheduled({ cron, scheduledTime: new Date() });
    // Through a service binding the outcome may not come back; a failed handler still throws.
    const outcome = result?.outcome ?? "ok";
    return Response.json({ ran: "scheduled", cron, outcome }, { status: outcome === "ok" ? 200 : 500 });
  }
  return env.LOCAL_WORKER.fetch(request);
}
