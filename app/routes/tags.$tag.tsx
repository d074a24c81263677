/** /tags/:tag — every available work with one tag, 48 to a page (?after=<last id>&page=N, keyset). */
import { type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { BrowseError } from "../components/BrowseError";
import { PagedWorks } from "../components/PagedWorks";
import { type TagPage, normaliseTag, positionFromQuery, tagPage } from "../server/browse.server";
import { cacheHeaders } from "../server/cache";
import { loaderHeaders } from "../utils/headers";
import { browseHref, countText } from "../utils/paging";
import { imageUrl } from "../utils/images";
import { siteOrigin, socialMeta } from "../utils/meta";
import { tagWords } from "../utils/tags";

type TagPageData = TagPage & { origin: string };

export const headers = loaderHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const url = new URL(request.url);
  const raw = params.tag ?? "";
  const tag = normaliseTag(raw);
  if (!tag) throw data("No such tag.", { status: 404, headers: cacheHeaders(false) });
  if (tag !== raw) throw redirect(`/tags/${tag}${url.search}`, { status: 301, headers: cacheHeaders(false) });
  const position = positionFromQuery(url.searchParams);
  if (position === null) throw data("That page number is not valid.", { status: 400, headers: cacheHeaders(false) });
  const result = await tagPage(env.DB, tag, position);
  if (!result) throw data("No such tag.", { status: 404, headers: cacheHeaders(false) });
  return data<TagPageData>({ ...result, origin: siteOrigin(request.url, env.PUBLIC_SITE_URL) }, { headers: cacheHeaders(false) });
}

export const meta: MetaFunction = ({ data: loaded }) => {
  const d = loaded as TagPageData | undefined;
  if (!d) return [{ title: "Tag not found — Art Snob" }, { name: "robots", content: "noindex" }];
  const cover = d.works.find((w) => w.imageHash);
  const works = countText(d, "artwork", "artworks");
  return socialMeta({
    title: `Art tagged #${d.tag}`,
    description: `${works} tagged “${tagWords(d.tag)}”, from affiliate art shops: compare sizes and prices and find one that fits your wall.`,
    url: browseHref(`/tags/${d.tag}`, d.after, d.page),
    image: cover?.imageHash ? imageUrl(cover.imageHash, 640) : null,
    imageAlt: cover?.title ?? null,
    origin: d.origin,
  });
};

export default function TagRoute() {
  // Single fetch hands data() values over unwrapped.
  const d = useLoaderData() as unknown as TagPageData;
  return (
    <div className="browse-page" data-tag={d.tag}>
      <p className="breadcrumbs">
        <Link to="/">Feed</Link> <span aria-hidden="true">›</span> Tags
      </p>
      <h1>#{d.tag}</h1>
      <p className="lede">
        {countText(d, "artwork", "artworks")} tagged “{tagWords(d.tag)}”.
      </p>
      <PagedWorks key={`${d.tag}:${d.after ?? 0}`} initial={d} path={`/tags/${d.tag}`} label={`Artworks tagged ${d.tag}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <BrowseError subject="tag" />;
}
