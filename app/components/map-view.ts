/**
 * The explore map's view arithmetic, free of React and the DOM: zoom and pan, which tiles a view
 * needs at which level, where each work is drawn so that works at one spot do not pile up, and
 * which cluster labels fit without overlapping.
 */
import { DENSITY_SPLIT, GRID_BITS, GRID_MAX, MAX_DENSITY_LEVEL, MAX_POINT_LEVEL } from "../../workers/lib/map-grid";

export interface MapView {
  /** Zoom: 1 shows the whole map. */
  k: number;
  /** Map point (each axis 0–1) at the centre of the view. */
  cx: number;
  cy: number;
}

export interface Geometry {
  w: number;
  h: number;
  /** Size in px of the whole map at zoom 1. */
  bw: number;
  bh: number;
}

export const HOME_VIEW: MapView = { k: 1, cx: 0.5, cy: 0.5 };
/** Deep enough to open the densest tile of a million works into single pictures. */
export const MAX_ZOOM = 2 ** 11;
/** Density cells are drawn about this many px apart. */
export const CELL_PX = 24;

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function fitGeometry(w: number, h: number, aspect: number): Geometry {
  const bw = Math.max(1, Math.min(w, h * aspect) * 0.92);
  return { w, h, bw, bh: bw / aspect };
}

export function clampView(view: MapView): MapView {
  return { k: clamp(view.k, 1, MAX_ZOOM), cx: clamp(view.cx, 0, 1), cy: clamp(view.cy, 0, 1) };
}

/** Zoom by `factor` keeping the map point under screen point (sx, sy) where it is. */
export function zoomAt(view: MapView, factor: number, sx: number, sy: number, g: Geometry): MapView {
  const k = clamp(view.k * factor, 1, MAX_ZOOM);
  const wx = view.cx + (sx - g.w / 2) / (g.bw * view.k);
  const wy = view.cy + (sy - g.h / 2) / (g.bh * view.k);
  return clampView({ k, cx: wx - (sx - g.w / 2) / (g.bw * k), cy: wy - (sy - g.h / 2) / (g.bh * k) });
}

/** Move the map by (dx, dy) screen px (a drag to the right shows what is on the left). */
export function panBy(view: MapView, dx: number, dy: number, g: Geometry): MapView {
  return clampView({ k: view.k, cx: view.cx - dx / (g.bw * view.k), cy: view.cy - dy / (g.bh * view.k) });
}

/** Screen position of map point (u, v), each in [0, 1]. */
export function toScreen(view: MapView, g: Geometry, u: number, v: number): { x: number; y: number } {
  return { x: g.w / 2 + (u - view.cx) * g.bw * view.k, y: g.h / 2 + (v - view.cy) * g.bh * view.k };
}

/** The part of the map ([0, 1] per axis) on screen, widened by `margin` px. */
export function visibleBox(view: MapView, g: Geometry, margin = 0): { u0: number; u1: number; v0: number; v1: number } {
  const su = g.bw * view.k;
  const sv = g.bh * view.k;
  return {
    u0: clamp(view.cx - (g.w / 2 + margin) / su, 0, 1),
    u1: clamp(view.cx + (g.w / 2 + margin) / su, 0, 1),
    v0: clamp(view.cy - (g.h / 2 + margin) / sv, 0, 1),
    v1: clamp(view.cy + (g.h / 2 + margin) / sv, 0, 1),
  };
}

export interface TileKey {
  z: number;
  x: number;
  y: number;
}

/** The tiles of level z the view touches, nearest the centre first. */
export function visibleTiles(view: MapView, g: Geometry, z: number, margin = 0): TileKey[] {
  const n = 2 ** z;
  const box = visibleBox(view, g, margin);
  const x0 = Math.min(n - 1, Math.floor(box.u0 * n));
  const x1 = Math.min(n - 1, Math.floor(box.u1 * n));
  const y0 = Math.min(n - 1, Math.floor(box.v0 * n));
  const y1 = Math.min(n - 1, Math.floor(box.v1 * n));
  const tiles: TileKey[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) tiles.push({ z, x, y });
  const d = (t: TileKey) => Math.hypot((t.x + 0.5) / n - view.cx, (t.y + 0.5) / n - view.cy);
  return tiles.sort((a, b) => d(a) - d(b));
}

/** Level of the density cells to draw: cells about CELL_PX apart, between `coarsest` and the finest stored. */
export function densityLevel(view: MapView, g: Geometry, coarsest: number): number {
  const ideal = Math.round(Math.log2(Math.max(g.bw, g.bh) * view.k / CELL_PX));
  return clamp(ideal, Math.max(coarsest, DENSITY_SPLIT), MAX_DENSITY_LEVEL);
}

/** Level of the point tiles to ask: the view spans two or three of them each way. */
export function pointLevel(view: MapView): number {
  return clamp(Math.ceil(Math.log2(view.k)) + 1, 0, MAX_POINT_LEVEL);
}

/** The tile of level z holding grid position (gx, gy). */
export function tileOf(z: number, gx: number, gy: number): TileKey {
  const shift = GRID_BITS - z;
  return { z, x: Math.floor(gx / 2 ** shift), y: Math.floor(gy / 2 ** shift) };
}

export const tileId = (t: TileKey) => `${t.z}/${t.x}/${t.y}`;
export const unit = (g: number) => g / GRID_MAX;

/** Picture edge in px for `count` works spread over `area` px²: as large as fits, within bounds. */
export function pictureSize(area: number, count: number): number {
  return clamp(Math.sqrt(area / Math.max(1, count)) * 0.85, 8, 160);
}

/**
 * Where to draw each work so that works at (nearly) the same spot do not hide each other: each
 * takes the free grid slot of `size` px nearest its own position, searching rings out to
 * `maxRing`; one that finds none is drawn where it is. Input order is priority order.
 */
export function declutter(positions: { x: number; y: number }[], size: number, maxRing = 6): { x: number; y: number }[] {
  const taken = new Set<string>();
  return positions.map((p) => {
    const cx = Math.round(p.x / size);
    const cy = Math.round(p.y / size);
    for (let ring = 0; ring <= maxRing; ring++) {
      let best: { gx: number; gy: number; d: number } | null = null;
      for (let dy = -ring; dy <= ring; dy++) {
        for (let dx = -ring; dx <= ring; dx++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
          const key = `${cx + dx},${cy + dy}`;
          if (taken.has(key)) continue;
          const d = Math.hypot((cx + dx) * size - p.x, (cy + dy) * size - p.y);
          if (!best || d < best.d) best = { gx: cx + dx, gy: cy + dy, d };
        }
      }
      if (best) {
        taken.add(`${best.gx},${best.gy}`);
        return { x: best.gx * size, y: best.gy * size };
      }
    }
    return { x: p.x, y: p.y };
  });
}

export interface LabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Cluster labels that fit: each centred on its anchor, pushed inside [0, width] x [0, height],
 * dropped when it would overlap a label placed before it (input order is priority order).
 */
export function placeLabels<T>(labels: { item: T; x: number; y: number; w: number; h: number }[], width: number, height: number, gap = 4): { item: T; box: LabelBox }[] {
  const placed: { item: T; box: LabelBox }[] = [];
  for (const l of labels) {
    if (l.w > width || l.h > height) continue;
    const box = { x: clamp(l.x - l.w / 2, 0, width - l.w), y: clamp(l.y - l.h / 2, 0, height - l.h), w: l.w, h: l.h };
    const clash = placed.some(({ box: b }) => box.x < b.x + b.w + gap && b.x < box.x + box.w + gap && box.y < b.y + b.h + gap && b.y < box.y + box.h + gap);
    if (!clash) placed.push({ item: l.item, box });
  }
  return placed;
}

export function clusterColour(ordinal: number, alpha = 1): string {
  const hue = ordinal < 0 ? 250 : Math.round((ordinal * 137.508) % 360);
  const saturation = ordinal < 0 ? 10 : 55;
  return alpha >= 1 ? `hsl(${hue} ${saturation}% 38%)` : `hsl(${hue} ${saturation}% 38% / ${alpha})`;
}

/**
 * The cell nearest the view's centre, by distance on screen, among those outside `skip` (the part
 * of the map in view): where "go to the nearest works" takes a visitor who zoomed into empty
 * space. Cells inside an empty view are coarser levels' centroids with nothing drawn there.
 */
export function nearestCell<C extends readonly number[]>(
  cells: Iterable<C>,
  view: MapView,
  g: Geometry,
  skip?: { u0: number; u1: number; v0: number; v1: number },
): C | null {
  let best: C | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of cells) {
    const u = unit(c[0]!);
    const v = unit(c[1]!);
    if (!(c[2]! > 0)) continue;
    if (skip && u >= skip.u0 && u <= skip.u1 && v >= skip.v0 && v <= skip.v1) continue;
    const distance = Math.hypot((u - view.cx) * g.bw, (v - view.cy) * g.bh);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}
