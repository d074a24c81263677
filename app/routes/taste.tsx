/**
 * /taste: the taste finder. /taste?step=N shows one sample work from one
 * vibe with Like / Skip / Dislike (a plain form posting here; likes and
 * dislikes are written as ordinary reactions, a skip writes nothing) and the
 * progress; after the last step it links to the personal feed.
 */
import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { HttpError } from "../../workers/http/errors";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { type ReactionValue, idTextSchema, reactionsOf, refusalOf, setReaction } from "../server/reactions.server";
import { assertSameOrigin, currentSessionId, ensureSession } from "../server/session.server";
import { readForm } from "../server/forms.server";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { TASTE_STEPS, type TasteView, tasteView } from "../server/taste.server";
import { formatPrice } from "../utils/format";
import { loaderHeaders } from "../utils/headers";
import { altText, imageUrl } from "../utils/images";

/** The loader decides caching; a rate-limited answer (issue 6) keeps its Retry-After. */
export const headers: HeadersFunction = (args) => args.errorHeaders ?? (args.actionHeaders.has("Retry-After") ? args.actionHeaders : loaderHeaders(args));

export const meta: MetaFunction = () => [
  { title: "Taste finder — Art Snob" },
  { name: "description", content: "Like, skip or dislike a few works from different vibes to start your personal feed." },
];

type Data = TasteView & { liked?: number; disliked?: number };

/** ?step=N, clamped: anything unreadable starts at 1, anything past the end is the final screen. */
function stepOf(url: URL): number {
  const text = url.searchParams.get("step") ?? "1";
  if (!/^[0-9]{1,4}$/.test(text)) return 1;
  return Math.min(Math.max(Number(text), 1), TASTE_STEPS + 1);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const sessionId = await currentSessionId(request, env);
  const view = await tasteView(env, sessionId, stepOf(new URL(request.url)));
  let body: Data = view;
  if (view.kind === "done" && sessionId) {
    const { liked, disliked } = await reactionsOf(env.DB, sessionId);
    body = { ...view, liked: liked.length, disliked: disliked.length };
  }
  // The sample depends on the session; without one every visitor sees the same page.
  return Response.json(body, { headers: cacheHeaders(sessionId !== null) });
}

const ANSWERS: Record<string, ReactionValue | null> = { like: 1, dislike: -1, skip: null };

export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  const headers = new Headers({ "Cache-Control": CACHE_PRIVATE });
  try {
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    const form = await readForm(request); // fuzz fix (issue 6): not a form → 400/415, not 500
    const stepText = String(form.get("step") ?? "");
    if (!/^[0-9]{1,4}$/.test(stepText)) throw new HttpError(400, "invalid_step", "Unknown step.");
    const step = Math.min(Math.max(Number(stepText), 1), TASTE_STEPS);
    const answer = String(form.get("answer") ?? "");
    // Own keys only: `"constructor" in ANSWERS` is true (fuzz fix, issue 6).
    if (!Object.hasOwn(ANSWERS, answer)) throw new HttpError(400, "invalid_answer", "Answer Like, Skip or Dislike.");
    const value = ANSWERS[answer]!;
    if (value !== null) {
      const artworkId = idTextSchema.parse(form.get("artworkId") ?? "");
      // Rate limit (issue 6): answers that write count per session, new sessions per client.
      await enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) });
      const session = await ensureSession(request, env);
      if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
      await setReaction(env.DB, session.id, artworkId, value);
    }
    return redirect(`/taste?step=${step + 1}`, { headers });
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    for (const [name, value] of Object.entries(retryAfterHeaders(error))) headers.set(name, value);
    return data({ message: refusal.message }, { status: refusal.status, headers });
  }
}

export default function TastePage() {
  const view = useLoaderData<Data>();
  const refused = useActionData() as { message: string } | undefined;
  return (
    <div className="taste">
      <h1>Taste finder</h1>
      {refused ? (
        <p className="form-error" role="alert">
          {refused.message}
        </p>
      ) : null}
      {view.kind === "empty" ? <Empty /> : view.kind === "done" ? <Done {...view} /> : <Step {...view} />}
    </div>
  );
}

function Empty() {
  return (
    <p className="empty" data-taste="empty">
      The taste finder is not ready yet: it shows works from the collection’s vibes, and the offline pipeline has not grouped the collection into vibes
      so far. Meanwhile, <Link to="/">browse the feed</Link> and like what you see.
    </p>
  );
}

function Done({ total, liked, disliked }: { total: number; liked?: number; disliked?: number }) {
  return (
    <section className="taste-done" aria-labelledby="taste-done-heading" data-taste="done">
      <p className="taste-progress">
        All {total} steps done
      </p>
      <progress max={total} value={total} aria-label="Taste finder progress" />
      <h2 id="taste-done-heading">Your feed is ready</h2>
      <p>
        {liked !== undefined
          ? `You like ${liked === 1 ? "1 work" : `${liked} works`} and dislike ${disliked === 1 ? "1" : `${disliked ?? 0}`}. `
          : "You skipped them all; that is fine. "}
        Your feed now follows your likes, and keeps learning as you go.
      </p>
      <p className="taste-next">
        <Link to="/?feed=for-you" className="button">
          See your feed
        </Link>{" "}
        <Link to="/taste?step=1">Start again</Link>
      </p>
    </section>
  );
}

function Step({ step, total, sample, cluster }: Extract<TasteView, { kind: "step" }>) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/taste") === true;
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After answering (a client-side navigation), move focus to the new work so keyboard and screen-reader users follow along.
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  return (
    <section className="taste-step" aria-labelledby="taste-sample-title" data-taste="step" data-step={step} data-artwork-id={sample.id}>
      <p className="taste-progress" id="taste-progress-text">
        Step {step} of {total}
      </p>
      <progress max={total} value={step} aria-label="Taste finder progress" aria-describedby="taste-progress-text" />
      <p className="muted">Do you like this one? Your answers start your personal feed.</p>
      {/* The answers come before the picture, so they are on screen without scrolling (1280 x 800 and phones). */}
      <Form method="post" action="/taste" className="taste-answers" preventScrollReset>
        <input type="hidden" name="step" value={step} />
        <input type="hidden" name="artworkId" value={sample.id} />
        <button type="submit" name="answer" value="like" disabled={busy}>
          Like
        </button>
        <button type="submit" name="answer" value="skip" className="secondary" disabled={busy}>
          Skip
        </button>
        <button type="submit" name="answer" value="dislike" className="secondary" disabled={busy}>
          Dislike
        </button>
      </Form>
      <figure className="taste-figure">
        {sample.imageHash ? (
          <img
            src={imageUrl(sample.imageHash, 640)}
            srcSet={`${imageUrl(sample.imageHash, 320)} 320w, ${imageUrl(sample.imageHash, 640)} 640w`}
            sizes="(max-width: 700px) 100vw, 640px"
            alt={altText(sample.title, sample.artist)}
          />
        ) : (
          <span className="no-image" aria-hidden="true" />
        )}
        <figcaption>
          <h2 id="taste-sample-title" ref={heading} tabIndex={-1}>
            {sample.title}
          </h2>
          <span className="muted">
            {sample.artist ? `${sample.artist} · ` : ""}
            {formatPrice(sample.priceMinor, sample.currency)} · Vibe: {cluster.name}
          </span>{" "}
          <Link to={`/artworks/${sample.slug}`}>Details</Link>
        </figcaption>
      </figure>
    </section>
  );
}
