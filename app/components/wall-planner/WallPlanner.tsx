/**
 * The wall planner: the wall at true size with its frames, dragged with the
 * mouse or finger (snapping to other frames' edges and centre lines) or moved
 * with the arrow keys, and beside it a list of the same frames with their
 * size, frame colour, mat and position as form fields (the way screen-reader
 * and keyboard users plan). Changes save themselves (debounced) through the
 * wall route's action; the total per currency follows the chosen sizes.
 */
import { useFetcher } from "@remix-run/react";
import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { ArtworkCard } from "../../server/artworks.server";
import { formatPrice } from "../../utils/format";
import { WallTotalText } from "../WallTotal";
import {
  FRAME_COLOUR_NAMES,
  FURNITURE,
  type FrameColour,
  type Furniture,
  type Guide,
  MAT_WIDTHS,
  type PlacedItem,
  type PrintSize,
  type Unit,
  WALL_MAX_CM,
  WALL_MIN_CM,
  type WallLayout,
  autoLayout,
  chosenSize,
  clampToWall,
  formatSize,
  fromUnit,
  outerSize,
  snapRect,
  spaceEvenly,
  toUnit,
} from "./geometry";
import { type DrawnWork, WallDrawing, frameBox, frameDescription } from "./WallDrawing";
import { RoomMatch } from "./RoomMatch";
import { useHydrated } from "../ReactionButtons";
import type { Swatch } from "./room-colours";

export interface PlannerWall {
  id: number;
  name: string;
  works: ArtworkCard[];
  layout: WallLayout;
  sizes: Record<string, PrintSize[]>;
}

const SAVE_DELAY_MS = 600;

/** "Large · 60 × 40 cm", or just the size when the shop's label already is it. */
function sizeOptionText(label: string, size: string): string {
  const plain = (t: string) => t.toLowerCase().replace(/[^0-9a-z]+/g, "");
  return plain(label) === plain(size) || plain(label).startsWith(plain(size)) ? size : `${label} · ${size}`;
}

/** Totals per currency at the chosen sizes (a work without a priced size counts at its card price). */
export function plannedTotals(works: readonly ArtworkCard[], layout: WallLayout, sizes: Record<string, PrintSize[]>) {
  const byCurrency = new Map<string, { currency: string; amountMinor: number; works: number }>();
  let unpriced = 0;
  for (const work of works) {
    const item = layout.items.find((i) => i.artworkId === work.id);
    const size = chosenSize(sizes[String(work.id)] ?? [], item?.variant ?? null);
    const priceMinor = size?.priceMinor ?? work.priceMinor;
    const currency = size?.priceMinor != null ? (size.currency ?? work.currency) : work.currency;
    if (priceMinor === null || !currency) {
      unpriced++;
      continue;
    }
    const t = byCurrency.get(currency) ?? { currency, amountMinor: 0, works: 0 };
    t.amountMinor += priceMinor;
    t.works++;
    byCurrency.set(currency, t);
  }
  return { totals: [...byCurrency.values()].sort((a, b) => b.works - a.works || a.currency.localeCompare(b.currency)), unpriced };
}

export function WallPlanner({ wall, swatches }: { wall: PlannerWall; swatches: readonly Swatch[] }) {
  const [layout, setLayout] = useState<WallLayout>(wall.layout);
  const [selected, setSelected] = useState<number | null>(null);
  const [guides, setGuides] = useState<Guide[]>([]);
  const [dirty, setDirty] = useState(false);
  const fetcher = useFetcher<{ ok?: true; message?: string }>();
  const svg = useRef<SVGSVGElement | null>(null);
  const drag = useRef<{ id: number; dx: number; dy: number; pointerId: number } | null>(null);
  const id = useId();
  const works = useMemo(() => new Map<number, DrawnWork>(wall.works.map((w) => [w.id, w])), [wall.works]);
  const unit = layout.unit;
  const hydrated = useHydrated();

  // Debounced save: the latest layout, once the visitor pauses.
  const latest = useRef(layout);
  latest.current = layout;
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => {
      setDirty(false);
      fetcher.submit({ intent: "layout", layout: JSON.stringify(latest.current) }, { method: "post", preventScrollReset: true });
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dirty, layout]);

  const change = useCallback((next: (current: WallLayout) => WallLayout) => {
    setLayout((current) => next(current));
    setDirty(true);
  }, []);

  const boxOf = (item: PlacedItem) => frameBox(item, wall.sizes[String(item.artworkId)] ?? []);

  const moveItem = (artworkId: number, to: (item: PlacedItem, box: { w: number; h: number }) => { x: number; y: number }) =>
    change((current) => ({
      ...current,
      items: current.items.map((item) => {
        if (item.artworkId !== artworkId) return item;
        const box = boxOf(item);
        if (!box) return item;
        const spot = clampToWall({ ...to(item, box), w: box.w, h: box.h }, current);
        return { ...item, xCm: spot.x, yCm: spot.y };
      }),
    }));

  const updateItem = (artworkId: number, patch: Partial<PlacedItem>) =>
    change((current) => ({
      ...current,
      items: current.items.map((item) => {
        if (item.artworkId !== artworkId) return item;
        const next = { ...item, ...patch };
        const box = boxOf(next);
        if (!box) return next;
        const spot = clampToWall({ x: next.xCm, y: next.yCm, w: box.w, h: box.h }, current);
        return { ...next, xCm: spot.x, yCm: spot.y };
      }),
    }));

  const pointerCm = (event: { clientX: number; clientY: number }) => {
    const el = svg.current;
    const matrix = el?.getScreenCTM();
    if (!el || !matrix) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  };

  const onPointerDown = (event: PointerEvent<SVGGElement>, item: PlacedItem) => {
    const at = pointerCm(event);
    if (!at) return;
    event.preventDefault();
    event.currentTarget.focus();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { id: item.artworkId, dx: at.x - item.xCm, dy: at.y - item.yCm, pointerId: event.pointerId };
    setSelected(item.artworkId);
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || event.pointerId !== d.pointerId) return;
    const at = pointerCm(event);
    if (!at) return;
    const others = layout.items.filter((i) => i.artworkId !== d.id).flatMap((i) => {
      const b = boxOf(i);
      return b ? [{ x: b.x, y: b.y, w: b.w, h: b.h }] : [];
    });
    const item = layout.items.find((i) => i.artworkId === d.id);
    const box = item ? boxOf(item) : null;
    if (!box) return;
    const snapped = snapRect({ x: at.x - d.dx, y: at.y - d.dy, w: box.w, h: box.h }, others, layout);
    setGuides(snapped.guides);
    moveItem(d.id, () => snapped);
  };

  // The frame lands where the pointer was released, even if a busy page skipped the last move.
  const endDrag = (event: PointerEvent<SVGSVGElement>) => {
    if (event.type === "pointerup") onPointerMove(event);
    drag.current = null;
    setGuides([]);
  };

  const onKeyDown = (event: KeyboardEvent<SVGGElement>, item: PlacedItem) => {
    const step = event.shiftKey ? 10 : 1;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = delta[event.key];
    if (!d) return;
    event.preventDefault();
    moveItem(item.artworkId, (it) => ({ x: it.xCm + d[0], y: it.yCm + d[1] }));
  };

  const handlers = { onPointerDown, onKeyDown, onFocus: (item: PlacedItem) => setSelected(item.artworkId) };

  const rects = () => layout.items.map((i) => boxOf(i)).map((b) => (b ? { x: b.x, y: b.y, w: b.w, h: b.h } : { x: 0, y: 0, w: 0, h: 0 }));
  const spaceOut = () => {
    const xs = spaceEvenly(rects());
    change((current) => ({ ...current, items: current.items.map((item, i) => ({ ...item, xCm: xs[i] ?? item.xCm })) }));
  };
  const autoArrange = () => {
    const spots = autoLayout(layout, rects());
    change((current) => ({ ...current, items: current.items.map((item, i) => ({ ...item, xCm: spots[i]!.x, yCm: spots[i]!.y })) }));
  };

  const setWall = (patch: Partial<Pick<WallLayout, "widthCm" | "heightCm" | "unit" | "furniture">>) =>
    change((current) => {
      const next = { ...current, ...patch };
      return {
        ...next,
        items: next.items.map((item) => {
          const box = boxOf(item);
          if (!box) return item;
          const spot = clampToWall({ x: item.xCm, y: item.yCm, w: box.w, h: box.h }, next);
          return { ...item, xCm: spot.x, yCm: spot.y };
        }),
      };
    });

  const { totals, unpriced } = plannedTotals(wall.works, layout, wall.sizes);
  const saving = fetcher.state !== "idle" || dirty;
  const refused = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  const lengthInput = (cm: number) => Math.round(toUnit(cm, unit) * 10) / 10;
  const unplaceable = wall.works.filter((w) => (wall.sizes[String(w.id)] ?? []).length === 0);

  return (
    <section className="wall-planner" aria-labelledby={`${id}-heading`} data-wall-planner={hydrated ? "ready" : "static"}>
      <h2 id={`${id}-heading`}>Plan the wall</h2>
      <div className="planner-toolbar">
        <label>
          Wall width ({unit})
          <input
            type="number"
            name="wallWidth"
            min={lengthInput(WALL_MIN_CM)}
            max={lengthInput(WALL_MAX_CM)}
            step="any"
            value={lengthInput(layout.widthCm)}
            onChange={(e) => {
              const v = fromUnit(Number(e.currentTarget.value), unit);
              if (v >= WALL_MIN_CM && v <= WALL_MAX_CM) setWall({ widthCm: Math.round(v * 10) / 10 });
            }}
          />
        </label>
        <label>
          Wall height ({unit})
          <input
            type="number"
            name="wallHeight"
            min={lengthInput(WALL_MIN_CM)}
            max={lengthInput(WALL_MAX_CM)}
            step="any"
            value={lengthInput(layout.heightCm)}
            onChange={(e) => {
              const v = fromUnit(Number(e.currentTarget.value), unit);
              if (v >= WALL_MIN_CM && v <= WALL_MAX_CM) setWall({ heightCm: Math.round(v * 10) / 10 });
            }}
          />
        </label>
        <fieldset className="unit-switch">
          <legend>Units</legend>
          {(["cm", "in"] as Unit[]).map((u) => (
            <label key={u}>
              <input type="radio" name={`${id}-unit`} value={u} checked={unit === u} onChange={() => setWall({ unit: u })} /> {u === "cm" ? "Centimetres" : "Inches"}
            </label>
          ))}
        </fieldset>
        <label>
          Furniture for scale
          <select name="furniture" value={layout.furniture} onChange={(e) => setWall({ furniture: e.currentTarget.value as Furniture })}>
            <option value="none">None</option>
            {(Object.keys(FURNITURE) as (keyof typeof FURNITURE)[]).map((k) => (
              <option key={k} value={k}>
                {FURNITURE[k].label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary small" onClick={spaceOut} disabled={layout.items.length < 3}>
          Space evenly
        </button>
        <button type="button" className="secondary small" onClick={autoArrange} disabled={layout.items.length === 0}>
          Arrange automatically
        </button>
      </div>
      <p className="planner-total">
        Total at the chosen sizes: <WallTotalText totals={totals} unpriced={unpriced} />{" "}
        <span className="planner-save" role="status" aria-live="polite" data-save-state={saving ? "saving" : refused ? "refused" : "saved"}>
          {saving ? "Saving…" : refused ? `Not saved: ${refused}` : fetcher.data?.ok ? "Saved" : ""}
        </span>
      </p>
      <div className="planner-body">
        <div className="planner-canvas">
          <WallDrawing
            layout={layout}
            works={works}
            sizes={wall.sizes}
            label={`${wall.name}: a wall of ${formatSize(layout.widthCm, layout.heightCm, unit)} drawn to scale`}
            handlers={handlers}
            selectedId={selected}
            guides={guides}
            svgRef={(el) => {
              svg.current = el;
            }}
            onPointerMove={onPointerMove}
            onPointerEnd={endDrag}
          />
          <p className="hint">Drag a frame, or focus it and use the arrow keys (1 cm a press; with Shift 10 cm). Frames snap to each other’s edges and centre lines.</p>
        </div>
        <ol className="planner-list" aria-label="Frames on the wall" data-planner-list>
          {wall.works.map((work) => {
            const list = wall.sizes[String(work.id)] ?? [];
            const item = layout.items.find((i) => i.artworkId === work.id);
            const box = item ? boxOf(item) : null;
            if (!item || !box) {
              return (
                <li key={work.id} data-planner-item={work.id} className="no-dimensions">
                  <span className="title">{work.title}</span>
                  <span className="muted">No dimensions known: this work cannot be placed to scale.</span>
                </li>
              );
            }
            const fromFloor = layout.heightCm - item.yCm - box.h;
            return (
              <li key={work.id} data-planner-item={work.id} className={selected === work.id ? "selected" : undefined}>
                <span className="title" id={`${id}-t${work.id}`}>
                  {work.title}
                </span>
                <span className="visually-hidden">{frameDescription(work.title, box.size, item, layout.heightCm, box.h, unit)}</span>
                <label>
                  Size
                  <select
                    name="size"
                    aria-describedby={`${id}-t${work.id}`}
                    value={box.size.label}
                    onChange={(e) => updateItem(work.id, { variant: e.currentTarget.value })}
                  >
                    {list.map((s) => (
                      <option key={s.label} value={s.label}>
                        {sizeOptionText(s.label, formatSize(s.widthCm, s.heightCm, unit))}
                        {s.priceMinor !== null ? ` · ${formatPrice(s.priceMinor, s.currency)}` : ""}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Frame
                  <select name="frame" aria-describedby={`${id}-t${work.id}`} value={item.frame} onChange={(e) => updateItem(work.id, { frame: e.currentTarget.value as FrameColour })}>
                    {FRAME_COLOUR_NAMES.map((f) => (
                      <option key={f} value={f}>
                        {f === "none" ? "No frame" : f[0]!.toUpperCase() + f.slice(1)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Mat
                  <select name="mat" aria-describedby={`${id}-t${work.id}`} value={item.matCm} onChange={(e) => updateItem(work.id, { matCm: Number(e.currentTarget.value) })}>
                    {MAT_WIDTHS.map((m) => (
                      <option key={m} value={m}>
                        {m === 0 ? "No mat" : `${Math.round(toUnit(m, unit) * 10) / 10} ${unit}`}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  From left ({unit})
                  <input
                    type="number"
                    name="left"
                    step="any"
                    aria-describedby={`${id}-t${work.id}`}
                    value={lengthInput(item.xCm)}
                    onChange={(e) => moveItem(work.id, (it) => ({ x: fromUnit(Number(e.currentTarget.value), unit), y: it.yCm }))}
                  />
                </label>
                <label>
                  Above floor ({unit})
                  <input
                    type="number"
                    name="floor"
                    step="any"
                    aria-describedby={`${id}-t${work.id}`}
                    value={lengthInput(fromFloor)}
                    onChange={(e) => moveItem(work.id, (it, b) => ({ x: it.xCm, y: layout.heightCm - b.h - fromUnit(Number(e.currentTarget.value), unit) }))}
                  />
                </label>
              </li>
            );
          })}
        </ol>
      </div>
      {unplaceable.length > 0 ? (
        <p className="muted" data-unplaceable>
          {unplaceable.length === 1 ? "1 work has" : `${unplaceable.length} works have`} no known dimensions and {unplaceable.length === 1 ? "is" : "are"} not drawn on the wall.
        </p>
      ) : null}
      <RoomMatch layout={layout} works={works} sizes={wall.sizes} swatches={swatches} />
    </section>
  );
}
