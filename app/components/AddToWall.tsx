import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { useHydrated } from "./ReactionButtons";

export interface WallOption {
  id: number;
  name: string;
  /** The work is already on this wall. */
  contains?: boolean;
}

type AddAnswer = { ok: true; added: boolean; wall: { id: number; name: string } } | { error: string; message: string };

/**
 * "Add to wall": pick one of the visitor's walls or type a name for a new one.
 * A plain form posting to the /walls action (which redirects back without
 * JavaScript); with JavaScript a fetcher adds in place and announces it.
 */
export function AddToWall({ artworkId, walls }: { artworkId: number; walls: WallOption[] }) {
  const fetcher = useFetcher<AddAnswer>();
  const location = useLocation();
  const hydrated = useHydrated();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;

  useEffect(() => {
    if (answer && "ok" in answer) form.current?.reset();
  }, [answer]);

  let status = "";
  if (fetcher.state !== "idle") status = "Adding…";
  else if (answer && "ok" in answer) status = answer.added ? `Added to “${answer.wall.name}”` : `Already on “${answer.wall.name}”`;
  else if (answer && "error" in answer) status = `Not added: ${answer.message}`;

  const firstFree = walls.find((w) => !w.contains) ?? walls[0];
  return (
    <fetcher.Form ref={form} method="post" action="/walls?index" className="add-to-wall" data-add-to-wall={artworkId}>
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="artworkId" value={artworkId} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      {walls.length > 0 ? (
        <div className="field">
          <label htmlFor={`${id}-wall`}>Wall</label>
          <select id={`${id}-wall`} name="wallId" defaultValue={firstFree ? String(firstFree.id) : undefined}>
            {walls.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
                {w.contains ? " (added)" : ""}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-new`}>New wall name</label>
        <input
          id={`${id}-new`}
          name="newWallName"
          type="text"
          maxLength={80}
          autoComplete="off"
          placeholder="Living room"
          required={walls.length === 0}
          aria-describedby={walls.length > 0 ? `${id}-hint` : undefined}
        />
        {walls.length > 0 ? (
          <span id={`${id}-hint`} className="hint">
            Leave empty to use the wall chosen above.
          </span>
        ) : null}
      </div>
      <button type="submit" className="secondary">
        Add to wall
      </button>
      <span className="add-to-wall-status" role="status" aria-live="polite">
        {status}
        {answer && "ok" in answer ? (
          <>
            {" "}
            <Link to={`/walls/${answer.wall.id}`}>View wall</Link>
          </>
        ) : null}
      </span>
    </fetcher.Form>
  );
}
