/**
 * The explore map, drawn on a canvas from tiles. Zoomed out it shows where the works are: one
 * disc per density cell, sized by its count and coloured by its main cluster. Where a small
 * enough tile is in view, its works are fetched and drawn one by one (thumbnails once they are
 * large enough), each moved to the nearest free slot so works at one spot do not pile up.
 * Panning and zooming fetch only the tiles in view; answers are kept for the visit.
 *
 * Server render and no JavaScript get MapOverview (a picture of the density with cluster links);
 * once hydrated the box is measured and the canvas takes over. Works near the centre of the view
 * are also listed as links below the map (keyboard and screen-reader access, and a way in).
 */
import { Link, useNavigate } from "@remix-run/react";
import {
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { MAX_POINT_LEVEL, POINT_TILE_CAP } from "../../workers/lib/map-grid";
import type { DensityTile, MapCell, MapOverview, MapPoint, PointTile } from "../server/map.server";
import { imageUrl } from "../utils/images";
import { MapOverviewPicture } from "./MapOverview";
import {
  type Geometry,
  HOME_VIEW,
  type MapView,
  type TileKey,
  clampView,
  clusterColour,
  declutter,
  densityLevel,
  fitGeometry,
  nearestCell,
  panBy,
  pictureSize,
  placeLabels,
  pointLevel,
  tileId,
  tileOf,
  toScreen,
  unit,
  visibleBox,
  visibleTiles,
  zoomAt,
} from "./map-view";

const ZOOM_STEP = 1.6;
/** Share of the view an arrow key moves the map. */
const KEY_PAN = 0.15;
/** Pictures smaller than this many px are drawn as dots. */
const MIN_PICTURE = 22;
const DRAG_THRESHOLD = 5;
const LIST_SIZE = 24;
const LABEL_FONT = 13;

interface Drawn {
  point: MapPoint;
  x: number;
  y: number;
  s: number;
}

interface Loaded {
  density: Map<string, DensityTile>;
  points: Map<string, PointTile>;
  pending: Set<string>;
}

function useTileStore(onChange: () => void) {
  const store = useRef<Loaded>({ density: new Map(), points: new Map(), pending: new Set() });
  const want = useCallback(
    (kind: "density" | "points", t: TileKey) => {
      const id = `${kind}/${tileId(t)}`;
      const s = store.current;
      if (s.pending.has(id) || (kind === "density" ? s.density.has(tileId(t)) : s.points.has(tileId(t)))) return;
      s.pending.add(id);
      fetch(`/api/map/${kind}/${tileId(t)}`)
        .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
        .then((tile) => {
          if (kind === "density") s.density.set(tileId(t), tile as DensityTile);
          else s.points.set(tileId(t), tile as PointTile);
          onChange();
        })
        .catch(() => undefined)
        .finally(() => s.pending.delete(id));
    },
    [onChange],
  );
  return { store, want };
}

/** The density cells to draw for the view: loaded tiles of the right level, the overview where a tile is missing. */
function densityCells(overview: MapOverview, loaded: Loaded, view: MapView, g: Geometry): { cells: MapCell[]; level: number; complete: boolean } {
  const level = densityLevel(view, g, overview.level);
  if (level <= overview.level) return { cells: overview.cells, level: overview.level, complete: true };
  const dz = level - 4;
  const cells: MapCell[] = [];
  const missing = new Set<string>();
  for (const t of visibleTiles(view, g, dz, CELL_MARGIN)) {
    const tile = loaded.density.get(tileId(t));
    if (tile) cells.push(...tile.cells);
    else missing.add(tileId(t));
  }
  if (missing.size > 0) for (const c of overview.cells) if (missing.has(tileId(tileOf(dz, c[0], c[1])))) cells.push(c);
  return { cells, level: missing.size > 0 ? overview.level : level, complete: missing.size === 0 };
}
const CELL_MARGIN = 60;

/**
 * Which point tiles to ask for: those in view whose works, as the density counts them, fit in one
 * answer; a fuller tile is split into its quarters, down to SPLIT_DEPTH levels below the view's.
 */
function wantedPointTiles(cells: MapCell[], level: number, view: MapView, g: Geometry): TileKey[] {
  const pz = pointLevel(view);
  const deepest = Math.min(MAX_POINT_LEVEL, pz + SPLIT_DEPTH);
  // Works per tile at the cells' level and above: each cell counted in the tile holding its centre.
  const counts = new Map<string, number>();
  for (const c of cells) {
    for (let z = Math.min(pz, level); z <= Math.min(deepest, level); z++) {
      const id = tileId(tileOf(z, c[0], c[1]));
      counts.set(id, (counts.get(id) ?? 0) + c[2]);
    }
  }
  // A tile finer than the cells gets its share of its cell's works (spread evenly, an estimate), wherever
  // in the cell it lies: counting only the tile under the cell's centre left the rest of the cell
  // unasked for, so far in (2,048x) the works between centres were never fetched.
  const countOf = (t: TileKey): number | undefined => {
    if (t.z <= level) return counts.get(tileId(t));
    const shift = 2 ** (t.z - level);
    const cell = counts.get(tileId({ z: level, x: Math.floor(t.x / shift), y: Math.floor(t.y / shift) }));
    return cell === undefined ? undefined : cell / shift ** 2;
  };
  const box = visibleBox(view, g, CELL_MARGIN);
  const inBox = (t: TileKey) => {
    const n = 2 ** t.z;
    return (t.x + 1) / n >= box.u0 && t.x / n <= box.u1 && (t.y + 1) / n >= box.v0 && t.y / n <= box.v1;
  };
  const wanted: TileKey[] = [];
  const visit = (t: TileKey) => {
    const count = countOf(t);
    if (count === undefined || !inBox(t)) return;
    if (count <= POINT_TILE_CAP || t.z >= deepest) {
      if (count <= POINT_TILE_CAP * 1.5) wanted.push(t);
      return;
    }
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) visit({ z: t.z + 1, x: 2 * t.x + dx, y: 2 * t.y + dy });
  };
  for (const t of visibleTiles(view, g, pz, CELL_MARGIN)) visit(t);
  // Single works only when the view holds few enough of them: more are unreadable as pictures and cost bytes.
  const total = wanted.reduce((sum, t) => sum + (countOf(t) ?? 0), 0);
  return total <= MAX_POINTS_IN_VIEW ? wanted : [];
}
const SPLIT_DEPTH = 3;
/** Screen pixels; a density disc at 68x is about 30 (the 1M map test's screenshots). */
const MAX_DISC_RADIUS = 48;
const MAX_POINTS_IN_VIEW = 1500;

/** Is grid position (gx, gy) inside one of the open point tiles? */
function inOpenTile(open: Set<string>, levels: number[], gx: number, gy: number): boolean {
  for (const z of levels) if (open.has(tileId(tileOf(z, gx, gy)))) return true;
  return false;
}

export function MapCanvas({ overview }: { overview: MapOverview }) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [view, setView] = useState<MapView>(HOME_VIEW);
  const [generation, setGeneration] = useState(0);
  const bump = useCallback(() => setGeneration((n) => n + 1), []);
  // Thumbnails arrive by the hundred: one redraw per frame.
  const frame = useRef(0);
  const bumpSoon = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      bump();
    });
  }, [bump]);
  const { store, want } = useTileStore(bump);
  const images = useRef(new Map<string, HTMLImageElement>());
  const drawn = useRef<Drawn[]>([]);
  const labelHits = useRef<{ slug: string; box: { x: number; y: number; w: number; h: number }; cx: number; cy: number }[]>([]);
  const navigate = useNavigate();

  const safeAspect = Number.isFinite(overview.aspect) && overview.aspect > 0 ? overview.aspect : 1;
  const geometry = useMemo(() => (size ? fitGeometry(size.w, size.h, safeAspect) : null), [size, safeAspect]);
  const geometryRef = useRef<Geometry | null>(null);
  geometryRef.current = geometry;
  const interactive = geometry !== null;

  // Hydrated: measure the box and switch to the canvas.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => {
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) setSize({ w: rect.width, h: rect.height });
    };
    measure();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);

  // What the view shows: density cells, point tiles, the works drawn one by one.
  const scene = useMemo(() => {
    if (!geometry) return null;
    const { cells, level, complete } = densityCells(overview, store.current, view, geometry);
    const pointTiles = wantedPointTiles(cells, level, view, geometry);
    const open = new Set<string>();
    const points: MapPoint[] = [];
    for (const t of pointTiles) {
      const tile = store.current.points.get(tileId(t));
      if (tile && !tile.dense) {
        open.add(tileId(t));
        points.push(...tile.points);
      }
    }
    const openLevels = [...new Set(pointTiles.filter((t) => open.has(tileId(t))).map((t) => t.z))];
    // Loaded: every density and point tile the view needs has arrived (an empty view is then really empty).
    const loaded = complete && pointTiles.every((t) => store.current.points.has(tileId(t)));
    return { cells, level, pointTiles, open, openLevels, points, loaded };
    // generation: a tile arrived
  }, [geometry, overview, view, generation, store]);

  // Where each work is drawn: nearest the centre first, each in the free slot nearest its spot.
  const layout = useMemo(() => {
    if (!geometry || !scene) return { list: [] as Drawn[], picture: false };
    const { w, h } = geometry;
    const inView = scene.points
      .map((point) => ({ point, ...toScreen(view, geometry, unit(point.gx), unit(point.gy)) }))
      .filter((p) => p.x > -80 && p.y > -80 && p.x < w + 80 && p.y < h + 80)
      .sort((a, b) => Math.hypot(a.x - w / 2, a.y - h / 2) - Math.hypot(b.x - w / 2, b.y - h / 2) || a.point.id - b.point.id);
    const area = Math.min(w * h, geometry.bw * geometry.bh * view.k * view.k);
    const s = pictureSize(area, inView.length);
    const spots = declutter(inView, s);
    const list: Drawn[] = inView.map((p, i) => ({ point: p.point, x: spots[i]!.x - s / 2, y: spots[i]!.y - s / 2, s }));
    return { list, picture: s >= MIN_PICTURE };
  }, [geometry, scene, view]);

  // The density discs on screen (those under an open point tile give way to its works).
  const discs = useMemo(() => {
    if (!geometry || !scene) return [];
    const { w, h } = geometry;
    const side = (Math.min(geometry.bw, geometry.bh) * view.k) / 2 ** scene.level;
    let most = 1;
    for (const c of scene.cells) if (c[2] > most) most = c[2];
    const out: { x: number; y: number; r: number; cluster: number }[] = [];
    for (const c of scene.cells) {
      if (inOpenTile(scene.open, scene.openLevels, c[0], c[1])) continue;
      const p = toScreen(view, geometry, unit(c[0]), unit(c[1]));
      // Capped: far in, a cell not yet opened into works spans thousands of pixels, and its disc covered the view.
      const r = Math.min(MAX_DISC_RADIUS, Math.max(1.5, (side / 2) * (0.3 + 0.7 * Math.sqrt(c[2] / most))));
      if (p.x + r < 0 || p.y + r < 0 || p.x - r > w || p.y - r > h) continue;
      out.push({ x: p.x, y: p.y, r, cluster: c[3] });
    }
    return out;
  }, [geometry, scene, view]);
  const worksInView = geometry ? layout.list.filter((d) => d.x + d.s > 0 && d.y + d.s > 0 && d.x < geometry.w && d.y < geometry.h).length : 0;
  // Zoomed into a gap between regions: say so and offer the way back to works.
  // A disc counts when its centre is on screen: a coarse cell's disc can reach far past its works.
  const discsInView = geometry ? discs.filter((d) => d.x >= 0 && d.y >= 0 && d.x <= geometry.w && d.y <= geometry.h).length : 0;
  const emptyView = geometry !== null && scene !== null && scene.loaded && view.k > 1 && discsInView === 0 && worksInView === 0;

  const goToNearestWorks = useCallback(() => {
    const g = geometryRef.current;
    if (!g) return;
    // A work already loaded is a sure landing; a density cell's centre is where its works average
    // out, which far in can itself be a gap (at 2,048x a visitor was sent from one gap to the next).
    const works = [...store.current.points.values()].filter((t) => !t.dense).flatMap((t) => t.points.map((p) => [p.gx, p.gy, 1] as const));
    const known = [...overview.cells, ...[...store.current.density.values()].flatMap((t) => t.cells)];
    setView((v) => {
      const box = visibleBox(v, g);
      const target = nearestCell(works, v, g, box) ?? nearestCell(known, v, g, box);
      return target ? clampView({ k: v.k, cx: unit(target[0]), cy: unit(target[1]) }) : v;
    });
  }, [overview.cells, store]);

  // Ask for what the view lacks (density tiles first: they decide which point tiles are small).
  useEffect(() => {
    if (!geometry || !scene) return;
    const level = densityLevel(view, geometry, overview.level);
    if (level > overview.level) for (const t of visibleTiles(view, geometry, level - 4, CELL_MARGIN)) want("density", t);
    for (const t of scene.pointTiles) want("points", t);
  }, [geometry, scene, view, overview.level, want]);

  // Draw.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !geometry || !scene) return;
    const dpr = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;
    const { w, h } = geometry;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);

    // Density where no point tile is open.
    for (const disc of discs) {
      ctx.beginPath();
      ctx.arc(disc.x, disc.y, disc.r, 0, Math.PI * 2);
      ctx.fillStyle = clusterColour(disc.cluster, 0.55);
      ctx.fill();
    }

    // Works, at their decluttered spots.
    for (const d of layout.list) {
      const image = layout.picture && d.point.hash ? loadImage(images.current, d.point.hash, bumpSoon) : null;
      if (image) {
        ctx.drawImage(image, d.x, d.y, d.s, d.s);
      } else {
        const dot = layout.picture ? d.s : Math.max(6, d.s * 0.8);
        ctx.fillStyle = clusterColour(d.point.cluster);
        ctx.fillRect(d.x + d.s / 2 - dot / 2, d.y + d.s / 2 - dot / 2, dot, dot);
      }
    }
    drawn.current = layout.list;

    // Cluster labels: biggest first, kept inside the box, never overlapping.
    ctx.font = `600 ${LABEL_FONT}px system-ui, sans-serif`;
    const labels = overview.clusters
      .slice()
      .sort((a, b) => b.size - a.size)
      .map((c) => {
        const p = toScreen(view, geometry, c.x, c.y);
        return { item: c, x: p.x, y: p.y, w: ctx.measureText(c.name).width + 12, h: LABEL_FONT + 8 };
      })
      .filter((l) => l.x > -l.w && l.y > -l.h && l.x < w + l.w && l.y < h + l.h);
    const placed = placeLabels(labels, w, h);
    labelHits.current = placed.map(({ item, box }) => ({ slug: item.slug, box, cx: item.x, cy: item.y }));
    for (const { item, box } of placed) {
      ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
      ctx.beginPath();
      ctx.roundRect(box.x, box.y, box.w, box.h, 6);
      ctx.fill();
      ctx.fillStyle = clusterColour(item.ordinal);
      ctx.textBaseline = "middle";
      ctx.fillText(item.name, box.x + 6, box.y + box.h / 2 + 0.5);
    }
    canvas.dataset.drawn = String(layout.list.length);
    canvas.dataset.inView = String(worksInView);
    canvas.dataset.cells = String(scene.cells.length);
    // Every tile the view needs has arrived: what is drawn is what this view shows (tests wait for it).
    canvas.dataset.loaded = String(scene.loaded);
  }, [geometry, scene, discs, layout, worksInView, view, overview.clusters, bumpSoon, generation]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el || !interactive) return;
    const onWheel = (event: WheelEvent) => {
      const g = geometryRef.current;
      if (!g) return;
      event.preventDefault();
      const unitPx = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? g.h : 1;
      const factor = Math.exp(-event.deltaY * unitPx * (event.ctrlKey ? 0.01 : 0.002));
      const rect = el.getBoundingClientRect();
      setView((v) => zoomAt(v, factor, event.clientX - rect.left, event.clientY - rect.top, g));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [interactive]);

  // Drag to pan, two fingers to pinch, a click opens the work (or zooms to the label) under it.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef({ startX: 0, startY: 0, moved: false, pinch: 0 });

  const onPointerDown = useCallback((event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    if (pointers.current.size === 0) gesture.current = { startX: event.clientX, startY: event.clientY, moved: false, pinch: 0 };
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      gesture.current.pinch = Math.hypot(a!.x - b!.x, a!.y - b!.y);
    }
  }, []);

  const hitAt = useCallback((event: { clientX: number; clientY: number; currentTarget: Element }) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const label = labelHits.current.find((l) => x >= l.box.x && x <= l.box.x + l.box.w && y >= l.box.y && y <= l.box.y + l.box.h);
    if (label) return { label };
    for (let i = drawn.current.length - 1; i >= 0; i--) {
      const d = drawn.current[i]!;
      if (x >= d.x && x <= d.x + d.s && y >= d.y && y <= d.y + d.s) return { work: d.point };
    }
    return null;
  }, []);

  const onPointerMove = useCallback(
    (event: ReactPointerEvent<HTMLDivElement>) => {
      const previous = pointers.current.get(event.pointerId);
      const g = geometryRef.current;
      const el = event.currentTarget;
      if (!previous || !g) {
        if (event.pointerType === "mouse") {
          const hit = hitAt(event);
          el.style.cursor = hit ? "pointer" : "";
          el.title = hit?.work?.title ?? "";
        }
        return;
      }
      if (event.pointerType === "mouse" && event.buttons === 0) {
        pointers.current.delete(event.pointerId);
        return;
      }
      const current = { x: event.clientX, y: event.clientY };
      if (pointers.current.size >= 2) {
        const other = [...pointers.current.entries()].filter(([id]) => id !== event.pointerId).map(([, p]) => p)[0]!;
        pointers.current.set(event.pointerId, current);
        const distance = Math.hypot(current.x - other.x, current.y - other.y);
        const rect = el.getBoundingClientRect();
        const mid = { x: (current.x + other.x) / 2 - rect.left, y: (current.y + other.y) / 2 - rect.top };
        const factor = gesture.current.pinch > 0 ? distance / gesture.current.pinch : 1;
        gesture.current.pinch = distance;
        gesture.current.moved = true;
        const shift = { x: (current.x - previous.x) / 2, y: (current.y - previous.y) / 2 };
        setView((v) => panBy(zoomAt(v, factor, mid.x, mid.y, g), shift.x, shift.y, g));
        return;
      }
      pointers.current.set(event.pointerId, current);
      if (!gesture.current.moved) {
        if (Math.hypot(current.x - gesture.current.startX, current.y - gesture.current.startY) < DRAG_THRESHOLD) return;
        gesture.current.moved = true;
        try {
          el.setPointerCapture(event.pointerId);
        } catch {
          // the pointer may already be gone
        }
      }
      setView((v) => panBy(v, current.x - previous.x, current.y - previous.y, g));
    },
    [hitAt],
  );

  const onPointerUp = useCallback(
    (event: ReactPointerEvent<HTMLDivElement>) => {
      const wasDrag = gesture.current.moved;
      const single = pointers.current.size === 1;
      pointers.current.delete(event.pointerId);
      if (pointers.current.size < 2) gesture.current.pinch = 0;
      if (wasDrag || !single || event.type !== "pointerup") return;
      const hit = hitAt(event);
      if (hit?.work) navigate(`/artworks/${hit.work.slug}`);
      else if (hit?.label) {
        const { cx, cy } = hit.label;
        setView((v) => clampView({ k: Math.max(v.k * 2.5, 4), cx, cy }));
      }
    },
    [hitAt, navigate],
  );

  const zoomBy = useCallback((factor: number) => {
    const g = geometryRef.current;
    if (g) setView((v) => zoomAt(v, factor, g.w / 2, g.h / 2, g));
  }, []);

  const onKeyDown = useCallback(
    (event: ReactKeyboardEvent<HTMLDivElement>) => {
      const g = geometryRef.current;
      if (!g || event.altKey || event.ctrlKey || event.metaKey) return;
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [g.w * KEY_PAN, 0],
        ArrowRight: [-g.w * KEY_PAN, 0],
        ArrowUp: [0, g.h * KEY_PAN],
        ArrowDown: [0, -g.h * KEY_PAN],
      };
      const move = moves[event.key];
      if (move) setView((v) => panBy(v, move[0], move[1], g));
      else if (event.key === "+" || event.key === "=") zoomBy(ZOOM_STEP);
      else if (event.key === "-" || event.key === "_") zoomBy(1 / ZOOM_STEP);
      else if (event.key === "0") setView(HOME_VIEW);
      else return;
      event.preventDefault();
    },
    [zoomBy],
  );

  const help = interactive
    ? "Drag to move the map; scroll or pinch to zoom. When the map has focus, the arrow keys move it, + and − zoom and 0 resets the view. Click a picture to open its work, a name to zoom to its vibe."
    : "Each vibe opens its works. With JavaScript the map zooms into single works.";

  const nearest = interactive ? drawnNearCentre(layout.list, geometry) : [];
  return (
    <div className="map">
      <p id="map-help" className="map-help">
        {help}
      </p>
      {interactive ? (
        <div className="map-toolbar" role="toolbar" aria-label="Map controls" aria-controls="collection-map">
          <button type="button" onClick={() => zoomBy(ZOOM_STEP)}>
            Zoom in
          </button>
          <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)}>
            Zoom out
          </button>
          <button type="button" className="secondary" onClick={() => setView(HOME_VIEW)}>
            Reset view
          </button>
          <p className="map-status" aria-live="polite" aria-atomic="true">
            Zoom {view.k < 10 ? view.k.toFixed(1) : Math.round(view.k)}×
          </p>
          <p className="map-count">
            {emptyView
              ? `${overview.total.toLocaleString("en")} works, none in view here`
              : layout.list.length > 0
                ? `${layout.list.length} of ${overview.total.toLocaleString("en")} works shown one by one`
                : `${overview.total.toLocaleString("en")} works; zoom in to see single works`}
          </p>
        </div>
      ) : null}
      <div
        ref={viewportRef}
        id="collection-map"
        role="region"
        aria-label="Collection map"
        aria-describedby="map-help"
        tabIndex={interactive ? 0 : undefined}
        className={`map-viewport ${interactive ? "map-interactive" : "map-static"}`}
        data-map-mode={interactive ? "interactive" : "static"}
        data-points={overview.total}
        data-zoom={interactive ? view.k.toFixed(2) : undefined}
        onPointerDown={interactive ? onPointerDown : undefined}
        onPointerMove={interactive ? onPointerMove : undefined}
        onPointerUp={interactive ? onPointerUp : undefined}
        onPointerCancel={interactive ? onPointerUp : undefined}
        onKeyDown={interactive ? onKeyDown : undefined}
      >
        {interactive ? <canvas ref={canvasRef} className="map-canvas" aria-hidden="true" /> : <MapOverviewPicture overview={overview} />}
        {emptyView ? (
          // Its own pointer events: a press on the button is not a press on the map.
          <div className="map-empty" role="status" onPointerDown={stopPointer} onPointerUp={stopPointer}>
            <p>No works in this part of the map.</p>
            <button type="button" onClick={goToNearestWorks}>
              Go to the nearest works
            </button>
          </div>
        ) : null}
      </div>
      {interactive && nearest.length > 0 ? (
        <section aria-labelledby="map-in-view" className="map-in-view">
          <h2 id="map-in-view">Works near the centre</h2>
          <ul aria-label="Works in view">
            {nearest.map((d) => (
              <li key={d.point.id}>
                <Link to={`/artworks/${d.point.slug}`} data-artwork-id={d.point.id} title={d.point.title}>
                  {d.point.hash ? <img src={imageUrl(d.point.hash, 320)} alt={d.point.title} width={56} height={56} loading="lazy" decoding="async" /> : d.point.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

const stopPointer = (event: ReactPointerEvent) => event.stopPropagation();

function drawnNearCentre(list: Drawn[], g: Geometry | null): Drawn[] {
  if (!g) return [];
  return list
    .filter((d) => d.x + d.s > 0 && d.y + d.s > 0 && d.x < g.w && d.y < g.h)
    .slice(0, LIST_SIZE);
}

/** A thumbnail once it has loaded (null until then; `ready` redraws when it arrives). */
function loadImage(cache: Map<string, HTMLImageElement>, hash: string, ready: () => void): HTMLImageElement | null {
  let image = cache.get(hash);
  if (!image) {
    image = new Image();
    image.decoding = "async";
    image.onload = ready;
    image.src = imageUrl(hash, 320);
    cache.set(hash, image);
  }
  return image.complete && image.naturalWidth > 0 ? image : null;
}
