/** /artists/:slug — one artist's available works (48 to a page, ?after=<last id>&page=N, keyset) and their most used tags. */
import { type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { BrowseError } from "../components/BrowseError";
import { PagedWorks } from "../components/PagedWorks";
import { type ArtistPage, artistPage, positionFromQuery } from "../server/browse.server";
import { cacheHeaders } from "../server/cache";
import { loaderHeaders } from "../utils/headers";
import { browseHref, countText } from "../utils/paging";
import { imageUrl } from "../utils/images";
import { siteOrigin, socialMeta } from "../utils/meta";

type ArtistPageData = ArtistPage & { origin: string };

export const headers = loaderHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const slug = params.slug ?? "";
  if (!/^[a-z0-9][a-z0-9-]{0,199}$/.test(slug)) throw data("No such artist.", { status: 404, headers: cacheHeaders(false) });
  const position = positionFromQuery(new URL(request.url).searchParams);
  if (position === null) throw data("That page number is not valid.", { status: 400, headers: cacheHeaders(false) });
  const result = await artistPage(env.DB, slug, position);
  if (!result) throw data("No such artist.", { status: 404, headers: cacheHeaders(false) });
  return data<ArtistPageData>({ ...result, origin: siteOrigin(request.url, env.PUBLIC_SITE_URL) }, { headers: cacheHeaders(false) });
}

export const meta: MetaFunction = ({ data: loaded }) => {
  const d = loaded as ArtistPageData | undefined;
  if (!d) return [{ title: "Artist not found — Art Snob" }, { name: "robots", content: "noindex" }];
  const cover = d.works.find((w) => w.imageHash);
  const works = countText(d, "artwork", "artworks");
  const themes = d.tags.slice(0, 4).map((t) => t.tag.replace(/-/g, " "));
  return socialMeta({
    title: `${d.artist.name}: art prints and paintings`,
    description: `${works} by ${d.artist.name}${themes.length ? ` (${themes.join(", ")})` : ""}: compare sizes and prices across shops.`,
    url: browseHref(`/artists/${d.artist.slug}`, d.after, d.page),
    image: cover?.imageHash ? imageUrl(cover.imageHash, 640) : null,
    imageAlt: cover ? `${cover.title} by ${d.artist.name}` : null,
    type: "profile",
    origin: d.origin,
  });
};

export default function ArtistRoute() {
  // Single fetch hands data() values over unwrapped.
  const d = useLoaderData() as unknown as ArtistPageData;
  return (
    <div className="browse-page" data-artist={d.artist.slug}>
      <p className="breadcrumbs">
        <Link to="/">Feed</Link> <span aria-hidden="true">›</span> Artists
      </p>
      <h1>{d.artist.name}</h1>
      <p className="lede" data-count={d.total}>
        {countText(d, "work", "works")}
      </p>
      {d.tags.length > 0 ? (
        <nav aria-labelledby="artist-tags-heading" className="artist-tags">
          <h2 id="artist-tags-heading" className="small-heading">
            Often tagged
          </h2>
          <ul className="tag-list">
            {d.tags.map((t) => (
              <li key={t.tag}>
                <Link to={`/tags/${t.tag}`} aria-label={`#${t.tag}, ${t.count} ${t.count === 1 ? "work" : "works"}`}>
                  #{t.tag} <span className="count">{t.count}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <h2 className="visually-hidden">Works by {d.artist.name}</h2>
      <PagedWorks key={`${d.artist.slug}:${d.after ?? 0}`} initial={d} path={`/artists/${d.artist.slug}`} label={`Works by ${d.artist.name}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <BrowseError subject="artist" />;
}
