import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ArtworkGrid } from "../components/ArtworkGrid";
import { HttpError } from "../../workers/http/errors";
import type { ArtworkCard } from "../server/artworks.server";
import { cacheHeaders } from "../server/cache";
import { type FeedAnswer, feedFor } from "../server/feed-request.server";
import { catalogueVersion } from "../server/catalogue-version.server";
import { availableCount, vibes as loadVibes } from "../server/feeds.server";
import { activeModel } from "../server/models.server";
import { loaderHeaders } from "../utils/headers";
import { imageUrl } from "../utils/images";

export const headers = loaderHeaders;

export const meta: MetaFunction = () => [
  { title: "Art Snob — find art that fits your wall" },
  { name: "description", content: "Browse, search and compare art from independent shops by feel, colour, size and price." },
  { property: "og:title", content: "Art Snob — find art that fits your wall" },
  { property: "og:type", content: "website" },
  { property: "og:site_name", content: "Art Snob" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const url = new URL(request.url);
  const feed = url.searchParams.get("feed");
  const cursor = url.searchParams.get("cursor");
  const shuffle = url.searchParams.has("shuffle");
  let answer: FeedAnswer | null = null;
  let problem: string | null = null;
  try {
    answer = await feedFor(request, env, { feed, cursor, shuffle });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.code === "no_session") problem = "no_session";
    else if (error.code === "invalid_cursor" || error.code === "invalid_feed") {
      problem = "invalid_link";
      answer = await feedFor(request, env, {});
    } else throw error;
  }
  const firstPage = !cursor;
  // The feed read the catalogue version in its one batch; the vibes and the total are the same
  // for every visitor and come from the fragment cache under that version.
  const version = answer?.version ?? (await catalogueVersion(env.DB));
  const model = firstPage && answer?.feed !== "for-you" ? await activeModel(env.DB, env.ACTIVE_MODEL) : null;
  const [vibes, total] = await Promise.all([model ? loadVibes(env.DB, model, 4, version) : Promise.resolve([]), availableCount(env.DB, version)]);
  const personal = answer?.personal === true || shuffle || problem === "no_session";
  return Response.json(
    {
      feed: answer?.feed ?? ((feed === "for-you" ? "for-you" : "discover") as FeedAnswer["feed"]),
      works: answer?.works ?? [],
      nextCursor: answer?.nextCursor ?? null,
      learnedFrom: answer?.learnedFrom ?? null,
      vibes,
      total,
      problem,
    },
    { headers: cacheHeaders(personal) },
  );
}

type Data = {
  feed: "discover" | "for-you";
  works: ArtworkCard[];
  nextCursor: string | null;
  learnedFrom: { liked: number; disliked: number } | null;
  vibes: { slug: string; name: string; size: number; works: ArtworkCard[] }[];
  total: number;
  problem: string | null;
};

/** Infinite scroll on top of a real "Load more" link: the link works without JavaScript. */
function useInfiniteFeed(initial: Data) {
  const [works, setWorks] = useState(initial.works);
  const [next, setNext] = useState(initial.nextCursor);
  const fetcher = useFetcher<Data>();
  const sentinel = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    setWorks(initial.works);
    setNext(initial.nextCursor);
  }, [initial]);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const data = fetcher.data;
    setWorks((current) => {
      const known = new Set(current.map((w) => w.id));
      return [...current, ...data.works.filter((w) => !known.has(w.id))];
    });
    setNext(data.nextCursor);
  }, [fetcher.state, fetcher.data]);
  useEffect(() => {
    const link = sentinel.current;
    if (!link || !next || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && fetcher.state === "idle") fetcher.load(`/?index&cursor=${next}`);
    }, { rootMargin: "600px" });
    observer.observe(link);
    return () => observer.disconnect();
  }, [next, fetcher]);
  return { works, next, sentinel, loading: fetcher.state !== "idle" };
}

export default function Home() {
  const data = useLoaderData<Data>();
  const { works, next, sentinel, loading } = useInfiniteFeed(data);
  const forYou = data.feed === "for-you";
  return (
    <>
      <h1>Find art that fits your wall</h1>
      <p className="lede">{data.total === 1 ? "1 artwork" : `${data.total.toLocaleString("en")} artworks`} from independent shops, chosen by feel, colour, size and price.</p>

      {data.problem === "invalid_link" ? <p className="notice" role="status">That feed link was not one of ours, so here is today's feed instead.</p> : null}

      {data.total === 0 ? (
        <p className="empty">
          The collection is empty. <code>npm run demo</code> crawls the bundled demo shop into it.
        </p>
      ) : null}

      {data.vibes.length > 0 ? (
        <section aria-labelledby="vibes-heading" className="vibes">
          <h2 id="vibes-heading">Vibes</h2>
          <ul className="vibe-list">
            {data.vibes.map((vibe) => (
              <li key={vibe.slug} className="vibe">
                <Link to={`/vibes/${vibe.slug}`} className="vibe-link">
                  <span className="vibe-thumbs" aria-hidden="true">
                    {vibe.works.slice(0, 4).map((w) => (w.imageHash ? <img key={w.id} src={imageUrl(w.imageHash, 320)} alt="" loading="lazy" width={80} height={80} /> : null))}
                  </span>
                  <span className="vibe-name">{vibe.name}</span>
                  <span className="vibe-size">{vibe.size} works</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="feed-heading">
        <div className="feed-head">
          <h2 id="feed-heading">{forYou ? "For you" : "Discover"}</h2>
          <nav aria-label="Feeds" className="feed-tabs">
            <Link to="/?feed=discover" aria-current={!forYou ? "page" : undefined}>Discover</Link>
            <Link to="/?feed=for-you" aria-current={forYou ? "page" : undefined}>For you</Link>
            {!forYou ? <Link to="/?feed=discover&shuffle=1">Shuffle</Link> : null}
          </nav>
        </div>
        {forYou && data.learnedFrom ? (
          <p className="lede">Learned from {data.learnedFrom.liked} like{data.learnedFrom.liked === 1 ? "" : "s"} and {data.learnedFrom.disliked} dislike{data.learnedFrom.disliked === 1 ? "" : "s"}; what you have seen moves down.</p>
        ) : null}
        {data.problem === "no_session" ? (
          <p className="notice">
            Your feed learns from what you like. Like or dislike a few works, or try the <Link to="/taste">Taste finder</Link>.
          </p>
        ) : (
          <ArtworkGrid works={works} label={forYou ? "For you" : "Discover"} eager={6} />
        )}
        {next ? (
          <p className="load-more">
            <a ref={sentinel} href={`/?cursor=${next}`} className="button secondary" aria-busy={loading}>
              {loading ? "Loading…" : "Load more"}
            </a>
          </p>
        ) : null}
      </section>
    </>
  );
}

