/**
 * /w/{token}: a wall's read-only share page. Public and cached by the CDN
 * (briefly: the owner may change the wall). Shows the wall's name, works
 * and total, and nothing else about its owner.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ArtworkGrid } from "../components/ArtworkGrid";
import { WallTotalText } from "../components/WallTotal";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { CACHE_PUBLIC_SHARED_WALL, type SharedWall, sharedWall } from "../server/walls.server";
import { loaderHeaders } from "../utils/headers";
import { imageUrl } from "../utils/images";
import { siteOrigin, socialMeta } from "../utils/meta";

export const headers = loaderHeaders;

interface Data {
  wall: SharedWall;
  /** This page's own absolute URL, for the share card. */
  url: string;
  origin: string;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const wall = await sharedWall(env.DB, params.token ?? "");
  if (!wall) throw new Response("No such wall", { status: 404, headers: { "Cache-Control": CACHE_PRIVATE } });
  const origin = siteOrigin(request.url, env.PUBLIC_SITE_URL);
  const url = new URL(new URL(request.url).pathname, origin).toString();
  return Response.json({ wall, url, origin } satisfies Data, { headers: cacheHeaders(false, CACHE_PUBLIC_SHARED_WALL) });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => {
  const d = loaded as Data | undefined;
  if (!d) return [{ title: "Wall not found — Art Snob" }, { name: "robots", content: "noindex" }];
  const { wall } = d;
  const count = wall.works.length === 1 ? "1 artwork" : `${wall.works.length} artworks`;
  const cover = wall.works.find((w) => w.imageHash);
  return [
    ...socialMeta({
      title: wall.name,
      description: `A wall of ${count}, put together on Art Snob.`,
      url: d.url,
      image: cover?.imageHash ? imageUrl(cover.imageHash, 640) : null,
      imageAlt: cover ? cover.title : null,
      origin: d.origin,
    }),
    // Share links are unlisted: people pass them around, search engines should not list them.
    { name: "robots", content: "noindex" },
  ];
};

export default function SharedWallPage() {
  const { wall } = useLoaderData<Data>();
  return (
    <article className="wall shared-wall" aria-labelledby="wall-title">
      <h1 id="wall-title">{wall.name}</h1>
      <p className="wall-meta">
        {wall.works.length === 1 ? "1 work" : `${wall.works.length} works`} · Total: <WallTotalText totals={wall.totals} unpriced={wall.unpriced} />
      </p>
      <p className="muted">A wall shared from Art Snob. Open a work to see its sizes and shops.</p>
      {wall.works.length === 0 ? <p className="empty">This wall has no works yet.</p> : <ArtworkGrid works={wall.works} label={`Works on ${wall.name}`} eager={4} />}
      <p>
        <Link to="/walls">Make your own wall</Link>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <>
      <h1>{missing ? "Wall not found" : "Something went wrong"}</h1>
      <p>{missing ? "This share link does not lead to a wall any more; its owner may have deleted it." : "The wall could not be shown. Please try again."}</p>
      <p>
        <Link to="/">Browse the collection</Link>
      </p>
    </>
  );
}
