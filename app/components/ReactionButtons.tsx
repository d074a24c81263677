import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";

export type Reaction = 1 | -1 | 0;

/** True once React has hydrated in the browser (false during the server render). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

type ReactionAnswer = { artworkId: number; value: Reaction } | { error: string; message: string };

const STATUS: Record<Reaction, string> = { 1: "Liked", [-1]: "Disliked", 0: "Reaction removed" };

/**
 * Like / Dislike toggle buttons for one work. Each is a plain form posting to
 * /reactions (so it works without JavaScript: the action redirects back);
 * with JavaScript a fetcher submits it in place, shows the new state at once
 * and announces it. Pressing a pressed button again undoes the reaction.
 */
export function ReactionButtons({ artworkId, current }: { artworkId: number; current: Reaction }) {
  const fetcher = useFetcher<ReactionAnswer>();
  const location = useLocation();
  const hydrated = useHydrated();
  const pending = fetcher.formData ? (Number(fetcher.formData.get("value")) as Reaction) : null;
  const failed = fetcher.state === "idle" && fetcher.data && "error" in fetcher.data ? fetcher.data : null;
  const shown: Reaction = pending ?? current;
  const status = failed ? `Not saved: ${failed.message}` : pending !== null ? STATUS[pending] : fetcher.data && "value" in fetcher.data ? STATUS[fetcher.data.value] : "";
  const redirectTo = `${location.pathname}${location.search}`;

  const button = (value: 1 | -1, label: string) => (
    <fetcher.Form method="post" action="/reactions" className="reaction-form">
      <input type="hidden" name="artworkId" value={artworkId} />
      <input type="hidden" name="value" value={shown === value ? 0 : value} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      <button type="submit" className={`reaction reaction-${value === 1 ? "like" : "dislike"}`} aria-pressed={shown === value}>
        <span aria-hidden="true">{value === 1 ? "♥" : "✕"}</span> {label}
      </button>
    </fetcher.Form>
  );

  return (
    <div className="reactions" data-reaction={shown} data-reaction-for={artworkId}>
      {button(1, "Like")}
      {button(-1, "Dislike")}
      <span className="reaction-status" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
