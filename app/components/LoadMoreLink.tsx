import { Link } from "@remix-run/react";

/**
 * "Load more" as a real link to the next page: without JavaScript it opens that page; with it,
 * `load` fetches the page to append it (the caller's fetcher) and the link shows it is busy.
 */
export function LoadMoreLink({ href, loading, load }: { href: string; loading: boolean; load: (href: string) => void }) {
  return (
    <Link
      to={href}
      rel="next"
      className="button"
      aria-disabled={loading || undefined}
      onClick={(event) => {
        event.preventDefault();
        if (!loading) load(href);
      }}
    >
      {loading ? "Loading…" : "Load more"}
    </Link>
  );
}
