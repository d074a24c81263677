import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { latestArtworks } from "../server/catalogue.server";

export const meta: MetaFunction = () => [
  { title: "Art Snob — find art that fits your wall" },
  { name: "description", content: "Search affiliate art shops by feel, colour, size and price." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  return latestArtworks(context.cloudflare.env.DB, 48);
}

export default function Home() {
  const { total, works } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Find art that fits your wall</h1>
      <p className="lede">
        {total === 1 ? "1 artwork" : `${total} artworks`} in the collection.
      </p>
      {works.length === 0 ? (
        <p className="empty">
          The collection is empty. <code>npm run demo</code> crawls the bundled demo shop into it.
        </p>
      ) : (
        <ul className="grid" aria-label="Latest artworks">
          {works.map((work) => (
            <li key={work.id}>
              <Link to={`/artworks/${work.slug}`}>
                {work.imageHash ? <img src={`/images/${work.imageHash}?w=320`} alt={work.title} loading="lazy" /> : null}
                <span className="title">{work.title}</span>
              </Link>
              {work.artist ? <span className="artist">{work.artist}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
