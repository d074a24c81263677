/**
 * /walls/{id}: the owner's view of one wall: works in order with move
 * up / move down / remove, rename, delete, the total and the share link.
 * Private; any session but the owner's gets 404. Every control is a plain
 * form (intent = rename | delete | remove | move) that redirects back.
 * Above the list, the wall planner (issue 15) saves through intent = layout
 * (a JSON plan in the `layout` field), answering JSON instead of redirecting.
 */
import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { HttpError } from "../../workers/http/errors";
import { WallTotalText } from "../components/WallTotal";
import { WallPlanner } from "../components/wall-planner/WallPlanner";
import { SWATCHES, type Swatch } from "../server/search/colours";
import { layoutInputSchema, saveLayout } from "../server/wall-layout.server";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { idTextSchema, refusalOf } from "../server/reactions.server";
import { assertSameOrigin, currentSessionId } from "../server/session.server";
import { readForm } from "../server/forms.server";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { type WallDetail, deleteWall, moveWallItem, ownedWall, removeFromWall, renameWall, wallDetail, wallNameSchema } from "../server/walls.server";
import { formatPrice } from "../utils/format";
import { loaderHeaders } from "../utils/headers";
import { altText, imageUrl } from "../utils/images";

/** The loader decides caching; a rate-limited answer (issue 6) keeps its Retry-After. */
export const headers: HeadersFunction = (args) => args.errorHeaders ?? (args.actionHeaders.has("Retry-After") ? args.actionHeaders : loaderHeaders(args));

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => {
  const wall = (loaded as { wall?: WallDetail } | undefined)?.wall;
  return [{ title: wall ? `${wall.name} — your wall — Art Snob` : "Wall not found — Art Snob" }, { name: "robots", content: "noindex" }];
};

function notFound(): Response {
  return new Response("No such wall", { status: 404, headers: { "Cache-Control": CACHE_PRIVATE } });
}

async function wallFor(request: Request, env: { DB: D1Database; SESSION_SECRET?: string }, idText: string | undefined) {
  const parsed = idTextSchema.safeParse(idText ?? "");
  if (!parsed.success) throw notFound();
  const sessionId = await currentSessionId(request, env);
  try {
    return await ownedWall(env.DB, sessionId, parsed.data);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw notFound();
    throw error;
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const wall = await wallFor(request, env, params.id);
  const detail = await wallDetail(env.DB, wall, env.PUBLIC_SITE_URL || new URL(request.url).origin);
  return Response.json({ wall: detail, swatches: SWATCHES }, { headers: cacheHeaders(true) });
}

interface Refused {
  error: string;
  message: string;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  const headers = { "Cache-Control": CACHE_PRIVATE };
  try {
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    const wall = await wallFor(request, env, params.id);
    const form = await readForm(request); // fuzz fix (issue 6): not a form → 400/415, not 500
    await enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) }); // rate limit (issue 6)
    const intent = form.get("intent");
    const back = `/walls/${wall.id}`;
    switch (intent) {
      case "layout": {
        let value: unknown;
        try {
          value = JSON.parse(String(form.get("layout") ?? ""));
        } catch {
          throw new HttpError(400, "invalid_layout", "The layout is not valid JSON.");
        }
        const parsed = layoutInputSchema.safeParse(value);
        if (!parsed.success) throw new HttpError(400, "invalid_layout", parsed.error.issues[0]?.message ?? "The layout is not valid.");
        await saveLayout(env.DB, wall.id, parsed.data);
        return data({ ok: true as const }, { headers });
      }
      case "rename": {
        const parsed = wallNameSchema.safeParse(form.get("name") ?? "");
        if (!parsed.success) throw new HttpError(400, "invalid_name", parsed.error.issues[0]?.message ?? "Give the wall a name.");
        await renameWall(env.DB, wall, parsed.data);
        return redirect(back, { headers });
      }
      case "delete":
        await deleteWall(env.DB, wall);
        return redirect("/walls", { headers });
      case "remove": {
        const artworkId = idTextSchema.parse(form.get("artworkId") ?? "");
        try {
          await removeFromWall(env.DB, wall, artworkId);
        } catch (error) {
          // Removing twice (a double click, the back button) is not an error for a form.
          if (!(error instanceof HttpError && error.code === "not_in_wall")) throw error;
        }
        return redirect(back, { headers });
      }
      case "move": {
        const artworkId = idTextSchema.parse(form.get("artworkId") ?? "");
        const direction = form.get("direction");
        if (direction !== "up" && direction !== "down") throw new HttpError(400, "invalid_direction", "Move a work up or down.");
        await moveWallItem(env.DB, wall, artworkId, direction);
        return redirect(back, { headers });
      }
      default:
        throw new HttpError(400, "invalid_intent", "Unknown form action.");
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return data({ error: refusal.error, message: refusal.message } satisfies Refused, { status: refusal.status, headers: { ...headers, ...retryAfterHeaders(error) } });
  }
}

export default function WallPage() {
  const { wall, swatches } = useLoaderData<{ wall: WallDetail; swatches: Swatch[] }>();
  const refused = useActionData() as Refused | undefined;
  const last = wall.works.length - 1;
  return (
    <article className="wall" aria-labelledby="wall-title" data-wall-id={wall.id}>
      <p className="breadcrumb">
        <Link to="/walls">Your walls</Link>
      </p>
      <h1 id="wall-title">{wall.name}</h1>
      <p className="wall-meta">
        {wall.works.length === 1 ? "1 work" : `${wall.works.length} works`} · Total: <WallTotalText totals={wall.totals} unpriced={wall.unpriced} />
      </p>
      {refused ? (
        <p className="form-error" role="alert">
          {refused.message}
        </p>
      ) : null}

      <section className="wall-share" aria-labelledby="share-heading">
        <h2 id="share-heading">Share</h2>
        <label htmlFor="share-link">Share link</label>
        <input id="share-link" type="text" readOnly value={wall.shareUrl} onFocus={(e) => e.currentTarget.select()} />
        <p className="hint">
          Anyone with the link sees this wall’s name, works, plan and total, read-only; nothing else about you. <a href={wall.sharePath}>Open the shared page</a> ·{" "}
          <a href={`/api/shared-walls/${wall.shareToken}/image.png?download=1`} download={`${wall.name}.png`} data-share-image>
            Download the wall as a picture (PNG)
          </a>
        </p>
      </section>

      {wall.works.length > 0 ? <WallPlanner key={wall.works.map((w) => w.id).join(",")} wall={wall} swatches={swatches} /> : null}

      <section aria-labelledby="works-heading">
        <h2 id="works-heading">Works</h2>
        {wall.works.length === 0 ? (
          <p className="empty">
            This wall is empty. Use “Add to wall” on any artwork, for example from the <Link to="/">feed</Link>.
          </p>
        ) : (
          <ol className="wall-items" aria-label={`Works on ${wall.name}`} data-wall-items>
            {wall.works.map((work, i) => (
              <li key={work.id} className="wall-item" data-artwork-id={work.id}>
                <Link to={`/artworks/${work.slug}`} className="wall-item-link">
                  {work.imageHash ? (
                    <img src={imageUrl(work.imageHash, 320)} alt={altText(work.title, work.artist)} width={120} height={120} loading={i < 4 ? "eager" : "lazy"} />
                  ) : (
                    <span className="no-image" aria-hidden="true" />
                  )}
                  <span className="title">{work.title}</span>
                </Link>
                {work.artist ? <span className="artist">{work.artist}</span> : null}
                <span className="price">{formatPrice(work.priceMinor, work.currency)}</span>
                <div className="wall-item-actions">
                  <ItemButton artworkId={work.id} intent="move" direction="up" label="Move up" title={work.title} disabled={i === 0} />
                  <ItemButton artworkId={work.id} intent="move" direction="down" label="Move down" title={work.title} disabled={i === last} />
                  <ItemButton artworkId={work.id} intent="remove" label="Remove" title={work.title} />
                </div>
              </li>
            ))}
          </ol>
        )}
        {wall.unavailable.length > 0 ? (
          <>
            <h3>No longer sold</h3>
            <ul className="wall-unavailable" data-wall-unavailable>
              {wall.unavailable.map((work) => (
                <li key={work.id} data-artwork-id={work.id}>
                  <Link to={`/artworks/${work.slug}`}>{work.title}</Link> <ItemButton artworkId={work.id} intent="remove" label="Remove" title={work.title} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="wall-settings" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Wall settings</h2>
        <Form method="post" className="wall-rename">
          <input type="hidden" name="intent" value="rename" />
          <label htmlFor="wall-name">Wall name</label>
          <input id="wall-name" name="name" type="text" required maxLength={80} defaultValue={wall.name} key={wall.name} autoComplete="off" />
          <button type="submit">Rename wall</button>
        </Form>
        <Form method="post" className="wall-delete">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="danger">
            Delete wall
          </button>
        </Form>
      </section>
    </article>
  );
}

function ItemButton(props: { artworkId: number; intent: "move" | "remove"; direction?: "up" | "down"; label: string; title: string; disabled?: boolean }) {
  return (
    <Form method="post" className="inline-form" preventScrollReset>
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="artworkId" value={props.artworkId} />
      {props.direction ? <input type="hidden" name="direction" value={props.direction} /> : null}
      <button type="submit" className="secondary small" disabled={props.disabled} aria-label={`${props.label}: ${props.title}`}>
        {props.label}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <>
      <h1>{missing ? "Wall not found" : "Something went wrong"}</h1>
      <p>{missing ? "This wall does not exist, or it belongs to another visitor." : "The wall could not be shown. Please try again."}</p>
      <p>
        <Link to="/walls">Your walls</Link>
      </p>
    </>
  );
}
