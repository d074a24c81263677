/**
 * /history: the visitor's likes, dislikes, wall changes and searches, newest
 * first, 30 to a page (?before=<entry id>), each with an Undo button where
 * undo makes sense. POST /history (entryId, redirectTo) undoes one entry.
 * Private; works without JavaScript.
 */
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CACHE_PRIVATE, cacheHeaders } from "../server/cache";
import { readForm } from "../server/forms.server";
import { type HistoryEntry, type HistoryPage, historyCursorSchema, historyPage, undoHistoryEntry } from "../server/history.server";
import { enforceWriteLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { idTextSchema, refusalOf, requireSessionId, safeRedirectPath } from "../server/reactions.server";
import { assertSameOrigin, currentSessionId } from "../server/session.server";
import { loaderHeaders } from "../utils/headers";

export const headers = loaderHeaders;

export const meta: MetaFunction = () => [{ title: "Your history — Art Snob" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const raw = new URL(request.url).searchParams.get("before");
  const before = raw === null ? null : historyCursorSchema.safeParse(raw);
  if (before && !before.success) {
    throw new Response("That history cursor is not valid.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", ...cacheHeaders(true) } });
  }
  const sessionId = await currentSessionId(request, env);
  const page = await historyPage(env.DB, sessionId, before ? before.data : null);
  return data<HistoryPage>(page, { headers: cacheHeaders(true) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  try {
    const form = await readForm(request);
    assertSameOrigin(request, env.PUBLIC_SITE_URL);
    const redirectTo = safeRedirectPath(form.get("redirectTo"), "/history");
    const entryId = idTextSchema.parse(form.get("entryId") ?? "");
    await enforceWriteLimit(request, env, { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) });
    const sessionId = await requireSessionId(request, env);
    await undoHistoryEntry(env.DB, sessionId, entryId);
    return redirect(redirectTo, { headers: { "Cache-Control": CACHE_PRIVATE } });
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return new Response(`${refusal.message}\n`, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE_PRIVATE, ...retryAfterHeaders(error) },
    });
  }
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function WorkLink({ entry }: { entry: HistoryEntry }) {
  return entry.artwork ? <Link to={`/artworks/${entry.artwork.slug}`}>{entry.artwork.title}</Link> : <span>a work no longer listed</span>;
}

function WallLink({ entry }: { entry: HistoryEntry }) {
  if (!entry.wall) return <span>a wall</span>;
  return entry.wall.exists ? <Link to={`/walls/${entry.wall.id}`}>{entry.wall.name}</Link> : <span>{entry.wall.name}</span>;
}

const REACTION = (v: number | null) => (v === 1 ? "like" : "dislike");

/** What the entry says, as a sentence. */
function Description({ entry }: { entry: HistoryEntry }) {
  switch (entry.kind) {
    case "react":
      return (
        <>
          {entry.value === 1 ? "Liked" : "Disliked"} <WorkLink entry={entry} />
          {entry.previousValue ? <span className="muted"> (was a {REACTION(entry.previousValue)})</span> : null}
        </>
      );
    case "unreact":
      return (
        <>
          Took back your {REACTION(entry.value)} of <WorkLink entry={entry} />
        </>
      );
    case "wall_create":
      return (
        <>
          Made the wall <WallLink entry={entry} />
        </>
      );
    case "wall_rename":
      return (
        <>
          Renamed the wall “{entry.previousLabel}” to <WallLink entry={entry} />
        </>
      );
    case "wall_delete":
      return (
        <>
          Deleted the wall “{entry.label}”{entry.value ? ` (${entry.value === 1 ? "1 work" : `${entry.value} works`})` : ""}
        </>
      );
    case "wall_add":
      return (
        <>
          Put <WorkLink entry={entry} /> on <WallLink entry={entry} />
        </>
      );
    case "wall_remove":
      return (
        <>
          Took <WorkLink entry={entry} /> off <WallLink entry={entry} />
        </>
      );
    case "search":
      return (
        <>
          Searched for <Link to={`/search?q=${encodeURIComponent(entry.label ?? "")}`}>“{entry.label}”</Link>
          <span className="muted"> ({entry.value === 1 ? "1 result" : `${entry.value ?? 0} results`})</span>
        </>
      );
    default:
      return <>A change</>;
  }
}

function undoLabel(entry: HistoryEntry): string {
  return entry.kind === "search" ? "Forget" : entry.kind === "wall_create" ? "Undo (delete the empty wall)" : "Undo";
}

export default function HistoryPageView() {
  const { entries, nextBefore } = useLoaderData<HistoryPage>();
  return (
    <>
      <h1>Your history</h1>
      <p className="muted">What you liked, disliked, put on walls and searched for, newest first. Undo puts things back the way they were.</p>
      {entries.length === 0 ? (
        <p className="empty">
          Nothing here yet. Like a work, make a <Link to="/walls">wall</Link> or <Link to="/search">search</Link>, and it shows up here.
        </p>
      ) : (
        <ol className="history" aria-label="History, newest first" data-history>
          {entries.map((entry) => (
            <li key={entry.id} data-entry-id={entry.id} data-kind={entry.kind} className={entry.undoneAt ? "history-undone" : undefined}>
              <span className="history-text" id={`history-entry-${entry.id}`}>
                <Description entry={entry} />
              </span>{" "}
              <time className="muted" dateTime={new Date(entry.at).toISOString()}>
                {dateFormat.format(entry.at)}
              </time>{" "}
              {entry.undoneAt ? (
                <span className="history-state">Undone</span>
              ) : entry.undoBlock === null ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="entryId" value={entry.id} />
                  <input type="hidden" name="redirectTo" value="/history" />
                  <button type="submit" className="secondary small" aria-describedby={`history-entry-${entry.id}`}>
                    {undoLabel(entry)}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {nextBefore !== null ? (
        <p>
          <Link to={`/history?before=${nextBefore}`} rel="next">
            Older entries
          </Link>
        </p>
      ) : null}
    </>
  );
}
