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
  works: ArtworkCard[];
  nextAfter: number | null;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  // Keyset paging (?after=<last id shown>); anything else, such as an old ?page=N link, starts at the top.
  const rawAfter = new URL(request.url).searchParams.get("after") ?? "";
  const after = /^\d{1,15}$/.test(rawAfter) ? Number(rawAfter) : 0;
  const slug = params.slug ?? "";
  const vibe = /^[a-z0-9-]{1,80}$/.test(slug) ? await vibeBySlug(env.DB, await activeModel(env.DB, env.ACTIVE_MODEL), slug, after) : null;
  if (!vibe) throw new Response("No such vibe", { status: 404 });
  return Response.json({ slug: vibe.slug, name: vibe.name, size: vibe.size, works: vibe.works, nextAfter: vibe.nextAfter } satisfies Data, { headers: cacheHeaders(false) });
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
      {vibe.nextAfter !== null ? (
        <p className="load-more">
          <a className="button secondary" href={`/vibes/${vibe.slug}?after=${vibe.nextAfter}`}>
            Next page
          </a>
        </p>
      ) : null}
    </>
  );
}
