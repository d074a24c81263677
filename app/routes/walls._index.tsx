/**
 * /walls: the visitor's walls and a form to make one. Private.
 * Its action also serves the "Add to wall" form on artwork pages
 * (intent=add), redirecting back there when JavaScript is off.
 */
import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { HttpError } from "../../workers/http/errors";
import { WallTotalText } from "../components/WallTotal";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { assertArtworkExists, idTextSchema, refusalOf, safeRedirectPath } from "../server/reactions.server";
import { assertSameOrigin, currentSessionId, ensureSession } from "../server/session.server";
import { readForm } from "../server/forms.server";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { type WallSummary, addToWall, createWall, listWalls, ownedWall, wallNameSchema } from "../server/walls.server";
import { loaderHeaders } from "../utils/headers";
import { imageUrl } from "../utils/images";

/** The loader decides caching; a rate-limited answer (issue 6) keeps its Retry-After. */
export const headers: HeadersFunction = (args) => args.errorHeaders ?? (args.actionHeaders.has("Retry-After") ? args.actionHeaders : loaderHeaders(args));

export const meta: MetaFunction = () => [{ title: "Your walls — Art Snob" }, { name: "robots", content: "noindex" }];

interface Data {
  walls: WallSummary[];
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const sessionId = await currentSessionId(request, env);
  return Response.json({ walls: await listWalls(env.DB, sessionId) } satisfies Data, { headers: cacheHeaders(true) });
}

export interface WallFormRefusal {
  error: string;
  message: string;
  field?: string;
}

/** Parses the name field with the same rules as the API. */
function wallName(form: FormData, field: string): string {
  const parsed = wallNameSchema.safeParse(form.get(field) ?? "");
  if (!parsed.success) throw new HttpError(400, "invalid_name", parsed.error.issues[0]?.message ?? "Give the wall a name.");
  return parsed.data;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  const privateHeaders = { "Cache-Control": CACHE_PRIVATE };
  const writeLimit = () => enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) }); // rate limit (issue 6)
  let intent: FormDataEntryValue | null = null;
  try {
    const form = await readForm(request); // fuzz fix (issue 6): not a form → 400/415, not 500
    intent = form.get("intent");
    const js = form.get("js") === "1";
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    if (intent === "create") {
      const name = wallName(form, "name");
      await writeLimit();
      const session = await ensureSession(request, env);
      const wall = await createWall(env.DB, session.id, name);
      const headers = new Headers(privateHeaders);
      if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
      return redirect(`/walls/${wall.id}`, { headers });
    }
    if (intent === "add") {
      const artworkId = idTextSchema.parse(form.get("artworkId") ?? "");
      await writeLimit();
      await assertArtworkExists(env.DB, artworkId);
      const newName = String(form.get("newWallName") ?? "").trim();
      const headers = new Headers(privateHeaders);
      let wall;
      if (newName) {
        const name = wallName(form, "newWallName");
        const session = await ensureSession(request, env);
        if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
        wall = await createWall(env.DB, session.id, name);
      } else {
        const wallId = form.get("wallId");
        if (!wallId) throw new HttpError(400, "invalid_name", "Choose a wall or type a name for a new one.");
        wall = await ownedWall(env.DB, await currentSessionId(request, env), idTextSchema.parse(wallId));
      }
      const { added } = await addToWall(env.DB, wall, artworkId);
      if (js) return data({ ok: true as const, added, wall: { id: wall.id, name: wall.name } }, { headers });
      return redirect(safeRedirectPath(form.get("redirectTo"), `/walls/${wall.id}`), { headers });
    }
    throw new HttpError(400, "invalid_intent", "Unknown form action.");
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return data({ error: refusal.error, message: refusal.message, field: intent === "create" && refusal.status !== 429 ? "name" : undefined } satisfies WallFormRefusal, {
      status: refusal.status,
      headers: { ...privateHeaders, ...retryAfterHeaders(error) },
    });
  }
}

export default function WallsPage() {
  const { walls } = useLoaderData<Data>();
  const refusal = useActionData() as WallFormRefusal | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  return (
    <>
      <h1>Your walls</h1>
      <p className="lede">Group works you are considering for a room; each wall has a total price and a read-only link to share.</p>
      {refusal && refusal.field !== "name" ? (
        <p className="form-error" role="alert">
          {refusal.message}
        </p>
      ) : null}
      <Form method="post" action="/walls?index" className="wall-create">
        <input type="hidden" name="intent" value="create" />
        <label htmlFor="new-wall-name">Wall name</label>
        <input
          id="new-wall-name"
          name="name"
          type="text"
          required
          maxLength={80}
          autoComplete="off"
          placeholder="Living room"
          aria-invalid={refusal?.field === "name" ? true : undefined}
          aria-describedby={refusal?.field === "name" ? "new-wall-error" : undefined}
        />
        <button type="submit" disabled={busy}>
          Create wall
        </button>
        {refusal?.field === "name" ? (
          <p id="new-wall-error" className="form-error" role="alert">
            {refusal.message}
          </p>
        ) : null}
      </Form>
      {walls.length === 0 ? (
        <p className="empty">
          You have no walls yet. Create one here, or use “Add to wall” on any artwork.
        </p>
      ) : (
        <ul className="wall-list" aria-label="Your walls" data-walls>
          {walls.map((wall) => (
            <li key={wall.id} className="wall-summary" data-wall-id={wall.id}>
              {wall.coverImageHash ? <img src={imageUrl(wall.coverImageHash, 320)} alt="" width={96} height={96} loading="lazy" /> : <span className="no-image" aria-hidden="true" />}
              <div>
                <h2>
                  <Link to={`/walls/${wall.id}`}>{wall.name}</Link>
                </h2>
                <p className="muted">
                  {wall.works === 1 ? "1 work" : `${wall.works} works`}
                  {wall.totals.length > 0 ? (
                    <>
                      {" · "}
                      <WallTotalText totals={wall.totals} unpriced={wall.unpriced} />
                    </>
                  ) : null}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
