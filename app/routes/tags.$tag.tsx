/** /tags/:tag — every available work with one tag, 48 to a page (?page=N). */
import { type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { BrowseError } from "../components/BrowseError";
import { PagedWorks } from "../components/PagedWorks";
import { type TagPage, normaliseTag, parsePage, tagPage } from "../server/browse.server";
import { cacheHeaders } from "../server/cache";
import { loaderHeaders } from "../utils/headers";
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
  const page = parsePage(url.searchParams.get("page"));
  if (page === null) throw data("That page number is not valid.", { status: 400, headers: cacheHeaders(false) });
  const result = await tagPage(env.DB, tag, page);
  if (!result) throw data("No such tag.", { status: 404, headers: cacheHeaders(false) });
  return data<TagPageData>({ ...result, origin: siteOrigin(request.url, env.PUBLIC_SITE_URL) }, { headers: cacheHeaders(false) });
}

export const meta: MetaFunction = ({ data: loaded }) => {
  const d = loaded as TagPageData | undefined;
  if (!d) return [{ title: "Tag not found — Art Snob" }, { name: "robots", content: "noindex" }];
  const cover = d.works.find((w) => w.imageHash);
  const works = d.total === 1 ? "1 artwork" : `${d.total} artworks`;
  return socialMeta({
    title: `Art tagged #${d.tag}`,
    description: `${works} tagged “${tagWords(d.tag)}”, from affiliate art shops: compare sizes and prices and find one that fits your wall.`,
    url: d.page > 1 ? `/tags/${d.tag}?page=${d.page}` : `/tags/${d.tag}`,
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
        {d.total === 1 ? "1 artwork" : `${d.total} artworks`} tagged “{tagWords(d.tag)}”.
      </p>
      <PagedWorks key={`${d.tag}:${d.page}`} initial={d} path={`/tags/${d.tag}`} label={`Artworks tagged ${d.tag}`} />
    </div>
  );
}

export function ErrorBoundary() {
  return <BrowseError subject="tag" />;
}
