import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ArtworkCard } from "../server/artworks.server";
import { browseHref } from "../utils/paging";
import { ArtworkGrid } from "./ArtworkGrid";
import { LoadMoreLink } from "./LoadMoreLink";

export interface WorksPage {
  works: ArtworkCard[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** Keyset: the id after which the next page starts (null on the last page). */
  nextAfter: number | null;
}

/**
 * A paged list of works with a real "Load more" link (?after=<last id>&page=N+1).
 * Without JavaScript the link opens the next page; with it, the next page is
 * fetched from the same loader and appended, and a live region says so.
 */
export function PagedWorks({ initial, path, label, noun = "works" }: { initial: WorksPage; path: string; label: string; noun?: string }) {
  const fetcher = useFetcher();
  const [works, setWorks] = useState(initial.works);
  const [lastPage, setLastPage] = useState(initial.page);
  const [nextAfter, setNextAfter] = useState(initial.nextAfter);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    const next = fetcher.data as WorksPage | undefined;
    if (!next || !Array.isArray(next.works) || next.page <= lastPage) return;
    setWorks((shown) => {
      const seen = new Set(shown.map((w) => w.id));
      return [...shown, ...next.works.filter((w) => !seen.has(w.id))];
    });
    setLastPage(next.page);
    setNextAfter(next.nextAfter);
    setAnnouncement(`Loaded ${next.works.length} more ${noun}.`);
  }, [fetcher.data, lastPage, noun]);

  const first = (initial.page - 1) * initial.pageSize + 1;
  const last = first + works.length - 1;
  const loading = fetcher.state !== "idle";

  return (
    <div className="paged-works" data-total={initial.total}>
      {works.length === 0 ? (
        <p className="empty">{initial.page > 1 ? "There are no more works on this page." : "No works are available right now."}</p>
      ) : (
        <>
          <p className="paged-range">
            Showing {first}–{last} of {initial.total}
            {initial.totalCapped ? "+" : ""}
          </p>
          <ArtworkGrid works={works} label={label} eager={initial.page === 1 ? 4 : 0} />
        </>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <nav className="load-more" aria-label="More works">
        {initial.page > 1 ? (
          <Link to={path} className="button secondary">
            First page
          </Link>
        ) : null}
        {nextAfter !== null ? (
          <LoadMoreLink href={browseHref(path, nextAfter, lastPage + 1)} loading={loading} load={(href) => fetcher.load(href)} />
        ) : null}
      </nav>
    </div>
  );
}
