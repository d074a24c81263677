/** A crawl run as the admin API shows it (GET /admin/crawl-runs/:id); plain data, shared with its callers. */
export interface CrawlRunView {
  id: number;
  sourceId: number;
  trigger: string;
  status: "running" | "finished" | "failed" | "cancelled";
  phase: string;
  startedAt: number;
  finishedAt: number | null;
  pagesQueued: number;
  pagesFetched: number;
  pagesNotModified: number;
  pagesFailed: number;
  pagesSkipped: number;
  artworksNew: number;
  artworksUpdated: number;
  artworksUnavailable: number;
  imagesStored: number;
  errorsByKind: Record<string, number>;
  progress: { queued: number; done: number; failed: number; skipped: number; total: number };
  durationMs: number;
}
