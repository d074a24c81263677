/**
 * The demo's crawl step: register the bundled shops as sources through the
 * admin API, start a crawl of each, and follow the runs with a progress line.
 */
import { demoSources } from "../../workers/demo-shop/sources";
import type { AdminApi } from "../../offline/admin-api";
import type { CrawlRunView as RunView } from "../../workers/admin/crawl-run-view";
import { ProgressLine } from "../../offline/progress";

/** No URL settled for this long: the run's queued messages are taken as lost (longer than any back-off the local stack uses). */
const STALL_MS = 60_000;

export async function crawlDemoShops(
  admin: AdminApi,
  shopUrl: string,
  partnerUrl: string,
  options: { only?: string; quiet?: boolean; onProgress?: (run: RunView) => void } = {},
): Promise<RunView[]> {
  const finished: RunView[] = [];
  for (const source of demoSources(shopUrl, partnerUrl).filter((s) => !options.only || s.slug === options.only)) {
    await admin.json("PUT", `/admin/sources/${source.slug}`, source.body);
    const { run } = await admin.json<{ run: RunView }>("POST", "/admin/crawl-runs", { source: source.slug });
    const progress = new ProgressLine(`crawl ${source.slug}`, options.quiet);
    let current = run;
    let lastMoved = { at: Date.now(), settled: -1 };
    while (current.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 500));
      current = (await admin.json<{ run: RunView }>("GET", `/admin/crawl-runs/${run.id}`)).run;
      options.onProgress?.(current);
      const p = current.progress;
      const settled = p.done + p.failed + p.skipped;
      if (settled !== lastMoved.settled) lastMoved = { at: Date.now(), settled };
      else if (Date.now() - lastMoved.at > STALL_MS) {
        // A reload of the local Worker drops its in-memory queue: send what is still queued again.
        const { resent } = await admin.json<{ resent: number }>("POST", `/admin/crawl-runs/${run.id}/resend`);
        progress.note(`no progress for ${STALL_MS / 1000} s (a reload of the local Worker drops queued messages): re-sent ${resent} queued URLs`);
        lastMoved = { at: Date.now(), settled };
      }
      progress.update(p.done + p.failed + p.skipped, p.total, `new ${current.artworksNew}, unchanged ${current.pagesNotModified}`);
    }
    const errors = Object.entries(current.errorsByKind).map(([kind, n]) => `${kind} ${n}`).join(", ");
    progress.finish(
      `${current.status} in ${(current.durationMs / 1000).toFixed(1)} s: ${current.artworksNew} new, ${current.artworksUpdated} updated, ` +
        `${current.artworksUnavailable} gone, ${current.pagesNotModified} unchanged pages${errors ? `; errors: ${errors}` : ""}`,
    );
    finished.push(current);
  }
  return finished;
}
