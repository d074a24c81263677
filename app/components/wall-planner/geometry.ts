/**
 * The wall planner's model and arithmetic, shared by the server (automatic
 * layout, validation, the share picture) and the browser (drawing, dragging,
 * snapping). Everything is in centimetres; inches exist only on screen.
 * Positions are a frame's outer top-left corner measured from the wall's
 * top-left corner; the floor is the wall's bottom edge.
 */

export type Unit = "cm" | "in";
export type Furniture = "none" | "sofa" | "sideboard";
export const FRAME_COLOURS = { black: "#1d1d1f", white: "#f2f1ec", oak: "#b98b55", walnut: "#5b3a24", silver: "#a7abb0", none: "" } as const;
export type FrameColour = keyof typeof FRAME_COLOURS;
export const FRAME_COLOUR_NAMES = Object.keys(FRAME_COLOURS) as FrameColour[];
/** Mat widths offered (cm on each side); 0 = no mat. */
export const MAT_WIDTHS = [0, 4, 8] as const;
export const MAT_COLOUR = "#f7f4ec";
/** Width of the frame moulding on each side. */
export const FRAME_MOULDING_CM = 2.5;

export const DEFAULT_WALL = { widthCm: 300, heightCm: 250, unit: "cm" as Unit, furniture: "none" as Furniture };
export const WALL_MIN_CM = 50;
export const WALL_MAX_CM = 2000;

/** Furniture silhouettes at typical real sizes, standing on the floor, centred. */
export const FURNITURE: Record<Exclude<Furniture, "none">, { label: string; widthCm: number; heightCm: number }> = {
  sofa: { label: "Sofa (200 × 85 cm)", widthCm: 200, heightCm: 85 },
  sideboard: { label: "Sideboard (160 × 80 cm)", widthCm: 160, heightCm: 80 },
};

/** Where gallery hangs put the centre of a picture: 145 cm above the floor. */
export const EYE_LEVEL_CM = 145;
/** Default gap between frames laid out automatically, and above furniture. */
export const AUTO_GAP_CM = 10;
export const ABOVE_FURNITURE_CM = 25;
/** Within this distance a dragged frame snaps to an edge or centre line. */
export const SNAP_CM = 3;

export interface PrintSize {
  label: string;
  widthCm: number;
  heightCm: number;
  priceMinor: number | null;
  currency: string | null;
}

export interface PlacedItem {
  artworkId: number;
  xCm: number;
  yCm: number;
  /** The chosen size's label; null = the default size. */
  variant: string | null;
  frame: FrameColour;
  matCm: number;
}

export interface WallLayout {
  widthCm: number;
  heightCm: number;
  unit: Unit;
  furniture: Furniture;
  /** Only works with known dimensions; in the wall's order. */
  items: PlacedItem[];
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const CM_PER_INCH = 2.54;

export function toUnit(cm: number, unit: Unit): number {
  return unit === "in" ? cm / CM_PER_INCH : cm;
}

export function fromUnit(value: number, unit: Unit): number {
  return unit === "in" ? value * CM_PER_INCH : value;
}

/** "60 cm" or "23.6 in" (one decimal at most). */
export function formatLength(cm: number, unit: Unit): string {
  const v = Math.round(toUnit(cm, unit) * 10) / 10;
  return `${v} ${unit}`;
}

export function formatSize(widthCm: number, heightCm: number, unit: Unit): string {
  const r = (cm: number) => Math.round(toUnit(cm, unit) * 10) / 10;
  return `${r(widthCm)} × ${r(heightCm)} ${unit}`;
}

/** The default size: the cheapest priced one, ties and unpriced ones by smallest area. */
export function defaultSize(sizes: readonly PrintSize[]): PrintSize | null {
  if (sizes.length === 0) return null;
  return [...sizes].sort((a, b) => {
    if ((a.priceMinor === null) !== (b.priceMinor === null)) return a.priceMinor === null ? 1 : -1;
    return (a.priceMinor ?? 0) - (b.priceMinor ?? 0) || a.widthCm * a.heightCm - b.widthCm * b.heightCm;
  })[0]!;
}

export function chosenSize(sizes: readonly PrintSize[], variant: string | null): PrintSize | null {
  return (variant !== null ? sizes.find((s) => s.label === variant) : undefined) ?? defaultSize(sizes);
}

/** A frame's outer size: the print, the mat on each side, the moulding on each side. */
export function outerSize(size: { widthCm: number; heightCm: number }, frame: FrameColour, matCm: number): { w: number; h: number } {
  const border = 2 * matCm + (frame === "none" ? 0 : 2 * FRAME_MOULDING_CM);
  return { w: size.widthCm + border, h: size.heightCm + border };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Keeps a frame on the wall (or at its top-left corner if it is larger than the wall). */
export function clampToWall(rect: Rect, wall: { widthCm: number; heightCm: number }): { x: number; y: number } {
  return {
    x: round1(Math.max(0, Math.min(rect.x, wall.widthCm - rect.w))),
    y: round1(Math.max(0, Math.min(rect.y, wall.heightCm - rect.h))),
  };
}

/** Top of the furniture silhouette measured from the wall's top (the wall height if none). */
export function furnitureTop(wall: { heightCm: number; furniture: Furniture }): number {
  return wall.furniture === "none" ? wall.heightCm : wall.heightCm - FURNITURE[wall.furniture].heightCm;
}

/**
 * An automatic layout for frames never placed: one row (more if it does not
 * fit) centred on the wall, centred at eye level, or just above the furniture.
 */
export function autoLayout(wall: { widthCm: number; heightCm: number; furniture: Furniture }, sizes: readonly { w: number; h: number }[]): { x: number; y: number }[] {
  const rows: number[][] = [];
  let current: number[] = [];
  let width = 0;
  sizes.forEach((s, i) => {
    const next = width + (current.length > 0 ? AUTO_GAP_CM : 0) + s.w;
    if (current.length > 0 && next > wall.widthCm - 2 * AUTO_GAP_CM) {
      rows.push(current);
      current = [];
      width = 0;
    }
    width += (current.length > 0 ? AUTO_GAP_CM : 0) + s.w;
    current.push(i);
  });
  if (current.length > 0) rows.push(current);
  const out: { x: number; y: number }[] = sizes.map(() => ({ x: 0, y: 0 }));
  const rowHeights = rows.map((row) => Math.max(...row.map((i) => sizes[i]!.h)));
  const total = rowHeights.reduce((a, b) => a + b, 0) + AUTO_GAP_CM * Math.max(0, rows.length - 1);
  const centreFromTop = wall.heightCm - EYE_LEVEL_CM;
  let top = centreFromTop - total / 2;
  if (wall.furniture !== "none") top = Math.min(top, furnitureTop({ heightCm: wall.heightCm, furniture: wall.furniture }) - ABOVE_FURNITURE_CM - total);
  top = Math.max(0, top);
  rows.forEach((row, r) => {
    const rowWidth = row.reduce((a, i) => a + sizes[i]!.w, 0) + AUTO_GAP_CM * (row.length - 1);
    let x = (wall.widthCm - rowWidth) / 2;
    for (const i of row) {
      const s = sizes[i]!;
      const placed = clampToWall({ x, y: top + (rowHeights[r]! - s.h) / 2, w: s.w, h: s.h }, wall);
      out[i] = placed;
      x += s.w + AUTO_GAP_CM;
    }
    top += rowHeights[r]! + AUTO_GAP_CM;
  });
  return out;
}

export interface Guide {
  axis: "x" | "y";
  /** Position of the line in cm (x for a vertical line, y for a horizontal one). */
  at: number;
}

/**
 * Snaps a frame being dragged to the other frames' edges and centre lines
 * and to the wall's centre lines, each axis on its own, within `threshold`.
 */
export function snapRect(rect: Rect, others: readonly Rect[], wall: { widthCm: number; heightCm: number }, threshold = SNAP_CM): { x: number; y: number; guides: Guide[] } {
  const guides: Guide[] = [];
  const lines = (axis: "x" | "y") => {
    const out: number[] = [axis === "x" ? wall.widthCm / 2 : wall.heightCm / 2];
    for (const o of others) {
      const start = axis === "x" ? o.x : o.y;
      const size = axis === "x" ? o.w : o.h;
      out.push(start, start + size / 2, start + size);
    }
    return out;
  };
  const snapAxis = (axis: "x" | "y"): number => {
    const start = axis === "x" ? rect.x : rect.y;
    const size = axis === "x" ? rect.w : rect.h;
    let best: { delta: number; line: number } | null = null;
    for (const line of lines(axis)) {
      for (const offset of [0, size / 2, size]) {
        const delta = line - (start + offset);
        if (Math.abs(delta) <= threshold && (!best || Math.abs(delta) < Math.abs(best.delta))) best = { delta, line };
      }
    }
    if (!best) return start;
    guides.push({ axis, at: best.line });
    return start + best.delta;
  };
  const x = snapAxis("x");
  const y = snapAxis("y");
  return { x: round1(x), y: round1(y), guides };
}

/**
 * Equal spacing: keeps the leftmost and rightmost frames where they are and
 * spreads the others between them with equal gaps (by their current order).
 */
export function spaceEvenly(rects: readonly Rect[]): number[] {
  if (rects.length < 3) return rects.map((r) => r.x);
  const order = rects.map((r, i) => i).sort((a, b) => rects[a]!.x - rects[b]!.x);
  const first = rects[order[0]!]!;
  const last = rects[order[order.length - 1]!]!;
  const span = last.x + last.w - first.x;
  const widths = rects.reduce((a, r) => a + r.w, 0);
  const gap = (span - widths) / (rects.length - 1);
  const xs = rects.map((r) => r.x);
  let x = first.x;
  for (const i of order) {
    xs[i] = round1(x);
    x += rects[i]!.w + gap;
  }
  return xs;
}

/** Rulers: a tick every `minor`, labelled every `major` (in the display unit). */
export function rulerTicks(lengthCm: number, unit: Unit): { cm: number; label: string | null }[] {
  const step = unit === "cm" ? 10 : CM_PER_INCH * 6;
  const labelEvery = unit === "cm" ? 5 : 2;
  const out: { cm: number; label: string | null }[] = [];
  for (let i = 0; i * step <= lengthCm + 0.001; i++) {
    const cm = i * step;
    out.push({ cm, label: i % labelEvery === 0 ? String(Math.round(toUnit(cm, unit))) : null });
  }
  return out;
}
