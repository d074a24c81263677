/** /map — the whole collection laid out by its UMAP coordinates: an overview, then tiles as you zoom. */
import { type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { MapCanvas } from "../components/MapCanvas";
import { cacheHeaders } from "../server/cache";
import { type MapOverview, loadMapOverview } from "../server/map.server";
import { loaderHeaders } from "../utils/headers";
import { siteOrigin, socialMeta } from "../utils/meta";

type MapPageData = MapOverview & { origin: string };

export const headers = loaderHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const map = await loadMapOverview(env.DB, env.ACTIVE_MODEL);
  return data<MapPageData>({ ...map, origin: siteOrigin(request.url, env.PUBLIC_SITE_URL) }, { headers: cacheHeaders(false) });
}

export const meta: MetaFunction = ({ data: loaded }) => {
  const d = loaded as MapPageData | undefined;
  const names = d?.clusters.slice(0, 5).map((c) => c.name) ?? [];
  return socialMeta({
    title: "Explore the collection",
    description: `${d && d.total > 0 ? `${d.total.toLocaleString("en")} artworks` : "The collection"} laid out by how they look${names.length ? `: ${names.join(", ")} and more` : ""}. Zoom in and open any work.`,
    url: "/map",
    image: null,
    imageAlt: null,
    origin: d?.origin,
  });
};

export default function MapRoute() {
  // Single fetch hands data() values over unwrapped.
  const d = useLoaderData() as unknown as MapPageData;
  return (
    <div className="map-page" data-model={d.model ?? ""}>
      <h1>Explore the collection</h1>
      {d.total === 0 ? (
        <p className="empty" role="status">
          The map appears after the pipeline runs: <code>npm run offline -- run</code> embeds the collection and lays it out here.
        </p>
      ) : (
        <>
          <p className="lede">{d.total === 1 ? "1 artwork" : `${d.total.toLocaleString("en")} artworks`} placed by how they look: similar works sit together.</p>
          <MapCanvas overview={d} />
          {d.clusters.length > 0 ? (
            <section aria-labelledby="map-vibes" className="map-vibes">
              <h2 id="map-vibes">Vibes on the map</h2>
              <ul data-list="clusters">
                {d.clusters.map((c) => (
                  <li key={c.slug} data-cluster={c.slug}>
                    <Link to={`/vibes/${c.slug}`}>{c.name}</Link> <span className="count">({c.size})</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <p>
            <Link to="/">Back to the feed</Link>
          </p>
        </>
      )}
    </div>
  );
}
