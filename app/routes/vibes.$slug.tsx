import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { ArtworkGrid } from "../components/ArtworkGrid";
import type { ArtworkCard } from "../server/artworks.server";
import { cacheHeaders } from "../server/cache";
import { vibeBySlug } from "../server/feeds.server";
import { activeModel } from "../server/models.server";
import { loaderHeaders } from "../utils/headers";

export const headers = loaderHeaders;

interface Data {
  slug: string;
  name: string;
  size: number;
  page: number;
  works: ArtworkCard[];
  hasMore: boolean;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const slug = params.slug ?? "";
  const vibe = /^[a-z0-9-]{1,80}$/.test(slug) ? await vibeBySlug(env.DB, await activeModel(env.DB, env.ACTIVE_MODEL), slug, page) : null;
  if (!vibe) throw new Response("No such vibe", { status: 404 });
  return Response.json({ slug: vibe.slug, name: vibe.name, size: vibe.size, page, works: vibe.works, hasMore: vibe.hasMore } satisfies Data, { headers: cacheHeaders(false) });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const d = data as Data | undefined;
  return [{ title: d ? `${d.name} — Art Snob` : "Vibe not found — Art Snob" }];
};

export default function VibePage() {
  const vibe = useLoaderData<Data>();
  return (
    <>
      <h1>{vibe.name}</h1>
      <p className="lede">{vibe.size} works that share a look, grouped by the collection's map.</p>
      <ArtworkGrid works={vibe.works} label={vibe.name} eager={6} />
      {vibe.hasMore ? (
        <p className="load-more">
          <a className="button secondary" href={`/vibes/${vibe.slug}?page=${vibe.page + 1}`}>
            Next page
          </a>
        </p>
      ) : null}
    </>
  );
}
