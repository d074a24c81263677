/**
 * /likes: the works the visitor liked (a grid) and disliked (a list, each
 * with an undo button). Private.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ArtworkGrid } from "../components/ArtworkGrid";
import { cacheHeaders } from "../server/cache";
import { type LikesView, likesView } from "../server/reactions.server";
import { currentSessionId } from "../server/session.server";
import { loaderHeaders } from "../utils/headers";
import { altText, imageUrl } from "../utils/images";

export const headers = loaderHeaders;

export const meta: MetaFunction = () => [{ title: "Your likes — Art Snob" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const sessionId = await currentSessionId(request, env);
  return Response.json((await likesView(env.DB, sessionId)) satisfies LikesView, { headers: cacheHeaders(true) });
}

export default function LikesPage() {
  const { liked, disliked } = useLoaderData<LikesView>();
  return (
    <>
      <h1>Your likes</h1>
      <section aria-labelledby="liked-heading">
        <h2 id="liked-heading">Liked ({liked.length})</h2>
        {liked.length === 0 ? (
          <p className="empty">
            Nothing liked yet. Press “Like” on works you love, or let the <Link to="/taste">taste finder</Link> show you a few.
          </p>
        ) : (
          <>
            <ArtworkGrid works={liked} label="Liked works" eager={4} />
            <p>
              <Link to="/?feed=for-you">See your feed</Link>, picked from what you like.
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="disliked-heading">
        <h2 id="disliked-heading">Disliked ({disliked.length})</h2>
        {disliked.length === 0 ? (
          <p className="muted">Nothing disliked. Works you dislike are shown less in your feed.</p>
        ) : (
          <ul className="disliked-list" aria-label="Disliked works" data-disliked>
            {disliked.map((work) => (
              <li key={work.id} data-artwork-id={work.id}>
                {work.imageHash ? <img src={imageUrl(work.imageHash, 320)} alt={altText(work.title, work.artist)} width={64} height={64} loading="lazy" /> : null}
                <Link to={`/artworks/${work.slug}`}>{work.title}</Link>
                <Form method="post" action="/reactions" className="inline-form">
                  <input type="hidden" name="artworkId" value={work.id} />
                  <input type="hidden" name="value" value="0" />
                  <input type="hidden" name="redirectTo" value="/likes" />
                  <button type="submit" className="secondary small" aria-label={`Undo dislike of ${work.title}`}>
                    Undo
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
