/**
 * /w/{token}: a wall's read-only share page. Public and cached by the CDN
 * (briefly: the owner may change the wall). Shows the wall's name, its
 * plan drawn to scale (issue 15), works and total, and nothing else about its
 * owner. Its OpenGraph image is the wall drawn as a PNG on the server.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ArtworkGrid } from "../components/ArtworkGrid";
import { WallDrawing } from "../components/wall-planner/WallDrawing";
import { formatSize } from "../components/wall-planner/geometry";
import { WallTotalText } from "../components/WallTotal";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { CACHE_PUBLIC_SHARED_WALL, type SharedWall, sharedWall } from "../server/walls.server";
import { loaderHeaders } from "../utils/headers";
import { imageUrl } from "../utils/images";
import { siteOrigin, socialMeta } from "../utils/meta";

export const headers = loaderHeaders;

interface Data {
  wall: SharedWall;
  /** The wall's picture (PNG), site-relative. */
  imagePath: string;
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
  const imagePath = `/api/shared-walls/${params.token}/image.png`;
  return Response.json({ wall, url, origin, imagePath } satisfies Data, { headers: cacheHeaders(false, CACHE_PUBLIC_SHARED_WALL) });
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => {
  const d = loaded as Data | undefined;
  if (!d) return [{ title: "Wall not found — Art Snob" }, { name: "robots", content: "noindex" }];
  const { wall } = d;
  const count = wall.works.length === 1 ? "1 artwork" : `${wall.works.length} artworks`;
  const cover = wall.works.find((w) => w.imageHash);
  const planned = wall.layout.items.length > 0;
  return [
    ...socialMeta({
      title: wall.name,
      description: `A wall of ${count}, put together on Art Snob.`,
      url: d.url,
      image: planned ? d.imagePath : cover?.imageHash ? imageUrl(cover.imageHash, 640) : null,
      imageAlt: planned ? `${wall.name}: ${count} on a wall of ${formatSize(wall.layout.widthCm, wall.layout.heightCm, wall.layout.unit)}, drawn to scale` : cover ? cover.title : null,
      origin: d.origin,
    }),
    // Share links are unlisted: people pass them around, search engines should not list them.
    { name: "robots", content: "noindex" },
  ];
};

export default function SharedWallPage() {
  const { wall, imagePath } = useLoaderData<Data>();
  const drawn = new Map(wall.works.map((w) => [w.id, w]));
  return (
    <article className="wall shared-wall" aria-labelledby="wall-title">
      <h1 id="wall-title">{wall.name}</h1>
      <p className="wall-meta">
        {wall.works.length === 1 ? "1 work" : `${wall.works.length} works`} · Total: <WallTotalText totals={wall.totals} unpriced={wall.unpriced} />
      </p>
      <p className="muted">A wall shared from Art Snob. Open a work to see its sizes and shops.</p>
      {wall.layout.items.length > 0 ? (
        <figure className="shared-plan" data-shared-plan>
          <WallDrawing layout={wall.layout} works={drawn} sizes={wall.sizes} label={`${wall.name}: a wall of ${formatSize(wall.layout.widthCm, wall.layout.heightCm, wall.layout.unit)} drawn to scale`} />
          <figcaption>
            The wall to scale, {formatSize(wall.layout.widthCm, wall.layout.heightCm, wall.layout.unit)}.{" "}
            <a href={`${imagePath}?download=1`} download="wall.png" data-share-image>
              Download as a picture (PNG)
            </a>
          </figcaption>
        </figure>
      ) : null}
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
