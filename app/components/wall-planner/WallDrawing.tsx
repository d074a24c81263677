/**
 * The wall drawn to scale as SVG, in centimetres: rulers on the top and left
 * edges, the floor line, the furniture silhouette, and each frame at the
 * printed size of its chosen variant with its moulding, mat and picture.
 * Used read-only on the share page and, with handlers, by the planner.
 */
import type { KeyboardEvent, PointerEvent, ReactNode } from "react";
import { imageUrl } from "../../utils/images";
import {
  FRAME_COLOURS,
  FRAME_MOULDING_CM,
  FURNITURE,
  type Guide,
  MAT_COLOUR,
  type PlacedItem,
  type PrintSize,
  type WallLayout,
  chosenSize,
  formatLength,
  formatSize,
  outerSize,
  rulerTicks,
} from "./geometry";

export interface DrawnWork {
  id: number;
  title: string;
  artist: string | null;
  imageHash: string | null;
  dominantColour: string | null;
}

export interface FrameHandlers {
  onPointerDown: (event: PointerEvent<SVGGElement>, item: PlacedItem) => void;
  onKeyDown: (event: KeyboardEvent<SVGGElement>, item: PlacedItem) => void;
  onFocus: (item: PlacedItem) => void;
}

/** The frame's geometry for drawing and hit-testing. */
export function frameBox(item: PlacedItem, sizes: readonly PrintSize[]) {
  const size = chosenSize(sizes, item.variant);
  if (!size) return null;
  const { w, h } = outerSize(size, item.frame, item.matCm);
  return { size, x: item.xCm, y: item.yCm, w, h };
}

/** How a frame is described to screen readers and in the list. */
export function frameDescription(title: string, size: PrintSize, item: PlacedItem, wallHeightCm: number, outerH: number, unit: WallLayout["unit"]): string {
  const fromFloor = wallHeightCm - item.yCm - outerH;
  return `${title}, ${formatSize(size.widthCm, size.heightCm, unit)}, ${formatLength(item.xCm, unit)} from the left, ${formatLength(fromFloor, unit)} above the floor`;
}

export function WallDrawing(props: {
  layout: WallLayout;
  works: ReadonlyMap<number, DrawnWork>;
  sizes: Record<string, PrintSize[]>;
  label: string;
  handlers?: FrameHandlers;
  selectedId?: number | null;
  guides?: readonly Guide[];
  svgRef?: (el: SVGSVGElement | null) => void;
  onPointerMove?: (event: PointerEvent<SVGSVGElement>) => void;
  onPointerEnd?: (event: PointerEvent<SVGSVGElement>) => void;
  children?: ReactNode;
}) {
  const { layout, works, sizes, handlers } = props;
  const W = layout.widthCm;
  const H = layout.heightCm;
  const ruler = Math.max(12, Math.max(W, H) * 0.05);
  const font = ruler * 0.45;
  const floorBand = ruler * 0.6;
  const viewBox = `${-ruler} ${-ruler} ${W + ruler + 2} ${H + ruler + floorBand}`;
  const furniture = layout.furniture === "none" ? null : FURNITURE[layout.furniture];
  return (
    <svg
      ref={props.svgRef}
      onPointerMove={props.onPointerMove}
      onPointerUp={props.onPointerEnd}
      onPointerCancel={props.onPointerEnd}
      className={`wall-drawing${handlers ? " interactive" : ""}`}
      viewBox={viewBox}
      role="group"
      aria-label={props.label}
      data-wall-drawing
      data-wall-width-cm={W}
      data-wall-height-cm={H}
      preserveAspectRatio="xMidYMid meet"
    >
      <rect x={0} y={0} width={W} height={H} className="wall-surface" />
      {/* Rulers */}
      <g className="wall-ruler" aria-hidden="true">
        <rect x={0} y={-ruler} width={W} height={ruler} className="ruler-band" />
        <rect x={-ruler} y={0} width={ruler} height={H} className="ruler-band" />
        {rulerTicks(W, layout.unit).map((t) => (
          <g key={`x${t.cm}`}>
            <line x1={t.cm} x2={t.cm} y1={-(t.label ? ruler * 0.55 : ruler * 0.3)} y2={0} className="ruler-tick" />
            {t.label ? (
              <text x={t.cm + font * 0.2} y={-ruler * 0.6} fontSize={font} className="ruler-label">
                {t.label}
              </text>
            ) : null}
          </g>
        ))}
        {rulerTicks(H, layout.unit).map((t) => (
          <g key={`y${t.cm}`}>
            <line y1={H - t.cm} y2={H - t.cm} x1={-(t.label ? ruler * 0.55 : ruler * 0.3)} x2={0} className="ruler-tick" />
            {/* No label at the very top, where the unit is written. */}
            {t.label && H - t.cm > font * 1.2 ? (
              <text x={-ruler * 0.95} y={H - t.cm - font * 0.2} fontSize={font} className="ruler-label">
                {t.label}
              </text>
            ) : null}
          </g>
        ))}
        <text x={-ruler * 0.95} y={-ruler * 0.15} fontSize={font * 0.9} className="ruler-label">
          {layout.unit}
        </text>
      </g>
      {/* Floor */}
      <rect x={-ruler} y={H} width={W + ruler + 2} height={floorBand} className="wall-floor" aria-hidden="true" />
      <line x1={-ruler} x2={W + 2} y1={H} y2={H} className="wall-floor-line" aria-hidden="true" />
      {furniture ? (
        <g className="wall-furniture" aria-hidden="true" data-furniture={layout.furniture}>
          {layout.furniture === "sofa" ? (
            <path
              d={sofaPath((W - furniture.widthCm) / 2, H - furniture.heightCm, furniture.widthCm, furniture.heightCm)}
            />
          ) : (
            <path d={sideboardPath((W - furniture.widthCm) / 2, H - furniture.heightCm, furniture.widthCm, furniture.heightCm)} />
          )}
        </g>
      ) : null}
      {/* Snap guides */}
      {(props.guides ?? []).map((g, i) =>
        g.axis === "x" ? (
          <line key={i} x1={g.at} x2={g.at} y1={0} y2={H} className="snap-guide" aria-hidden="true" />
        ) : (
          <line key={i} y1={g.at} y2={g.at} x1={0} x2={W} className="snap-guide" aria-hidden="true" />
        ),
      )}
      {layout.items.map((item) => {
        const work = works.get(item.artworkId);
        const box = frameBox(item, sizes[String(item.artworkId)] ?? []);
        if (!work || !box) return null;
        const moulding = item.frame === "none" ? 0 : FRAME_MOULDING_CM;
        const inner = { x: box.x + moulding, y: box.y + moulding, w: box.w - 2 * moulding, h: box.h - 2 * moulding };
        const print = { x: inner.x + item.matCm, y: inner.y + item.matCm, w: box.size.widthCm, h: box.size.heightCm };
        const description = frameDescription(work.title, box.size, item, H, box.h, layout.unit);
        const interactive = handlers
          ? {
              tabIndex: 0,
              role: "button",
              "aria-roledescription": "movable frame",
              "aria-label": `${description}. Drag, or use the arrow keys to move (Shift: 10 cm).`,
              onPointerDown: (e: PointerEvent<SVGGElement>) => handlers.onPointerDown(e, item),
              onKeyDown: (e: KeyboardEvent<SVGGElement>) => handlers.onKeyDown(e, item),
              onFocus: () => handlers.onFocus(item),
            }
          : { role: "img", "aria-label": description };
        return (
          <g
            key={item.artworkId}
            className={`wall-frame${props.selectedId === item.artworkId ? " selected" : ""}`}
            data-frame-id={item.artworkId}
            data-x-cm={item.xCm}
            data-y-cm={item.yCm}
            data-w-cm={box.w}
            data-h-cm={box.h}
            data-variant={box.size.label}
            {...interactive}
          >
            {moulding > 0 ? <rect x={box.x} y={box.y} width={box.w} height={box.h} fill={FRAME_COLOURS[item.frame]} className="frame-moulding" /> : null}
            {item.matCm > 0 ? <rect x={inner.x} y={inner.y} width={inner.w} height={inner.h} fill={MAT_COLOUR} /> : null}
            <rect x={print.x} y={print.y} width={print.w} height={print.h} fill="#d9d4cc" />
            {work.imageHash ? (
              <image href={imageUrl(work.imageHash, 320)} x={print.x} y={print.y} width={print.w} height={print.h} preserveAspectRatio="xMidYMid slice" />
            ) : null}
            <rect x={box.x} y={box.y} width={box.w} height={box.h} className="frame-outline" />
          </g>
        );
      })}
      {props.children}
    </svg>
  );
}

/** A sofa seen from the front: seat, back, two arms and short legs. */
export function sofaPath(x: number, y: number, w: number, h: number): string {
  const leg = h * 0.1;
  const arm = w * 0.08;
  const back = h * 0.45;
  return [
    `M${x} ${y + back * 0.5} h${arm} v${back * 0.5} h${w - 2 * arm} v${-back * 0.5} h${arm} v${h - leg - back * 0.5} h${-w} Z`,
    `M${x + arm} ${y} h${w - 2 * arm} v${back} h${-(w - 2 * arm)} Z`,
    `M${x + arm * 0.5} ${y + h - leg} h${leg} v${leg} h${-leg} Z`,
    `M${x + w - arm * 0.5 - leg} ${y + h - leg} h${leg} v${leg} h${-leg} Z`,
  ].join(" ");
}

/** A sideboard: a cabinet on legs. */
export function sideboardPath(x: number, y: number, w: number, h: number): string {
  const leg = h * 0.18;
  return [`M${x} ${y} h${w} v${h - leg} h${-w} Z`, `M${x + w * 0.05} ${y + h - leg} h${3} v${leg} h${-3} Z`, `M${x + w * 0.95 - 3} ${y + h - leg} h${3} v${leg} h${-3} Z`].join(" ");
}
