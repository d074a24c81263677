/**
 * The explore map: thumbnails at their UMAP coordinates, cluster names at the
 * clusters' centres, every work a link.
 *
 * Two modes. The server (and a browser without JavaScript) gets a large,
 * scrollable box with every work absolutely positioned in percentages and its
 * image lazy-loaded. Once hydrated, the map measures its box and becomes a
 * zoomable, pannable view: only the works inside the view are rendered, their
 * positions depend on the zoom alone (panning moves one layer with a CSS
 * transform), and when the pictures would be too small to see they are drawn
 * as coloured dots until the visitor zooms in.
 */
import { Link } from "@remix-run/react";
import {
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
  type UIEvent as ReactUIEvent,
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { MapCluster, MapPoint } from "../server/map.server";
import { imageUrl } from "../utils/images";

export interface MapView {
  /** Zoom: 1 shows the whole map. */
  k: number;
  /** Map point (each axis 0–1) at the centre of the view. */
  cx: number;
  cy: number;
}

interface Geometry {
  w: number;
  h: number;
  /** Size in px of the whole map at zoom 1. */
  bw: number;
  bh: number;
}

export const HOME_VIEW: MapView = { k: 1, cx: 0.5, cy: 0.5 };
export const MAX_ZOOM = 40;
const ZOOM_STEP = 1.6;
/** Share of the view an arrow key moves the map. */
const KEY_PAN = 0.15;
/** Pictures smaller than this many px are drawn as dots. */
const MIN_PICTURE = 22;
const MAX_TILE = 220;
const DRAG_THRESHOLD = 5;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function fitGeometry(w: number, h: number, aspect: number): Geometry {
  const bw = Math.max(1, Math.min(w, h * aspect) * 0.92);
  return { w, h, bw, bh: bw / aspect };
}

function clampView(view: MapView): MapView {
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

/** Tile edge in px: grows more slowly than the map so crowded clusters open up as you zoom. */
export function tileSize(g: Geometry, n: number, k: number): number {
  const base = clamp(Math.sqrt((g.bw * g.bh) / Math.max(1, n)), 6, 120);
  return Math.min(MAX_TILE, base * k ** 0.7);
}

function clusterColour(index: number): string {
  return `hsl(${Math.round((index * 137.508) % 360)} 55% 38%)`;
}

interface TileProps {
  point: MapPoint;
  left: number;
  top: number;
  size: number;
  picture: boolean;
  colour: string;
}

const Tile = memo(function Tile({ point, left, top, size, picture, colour }: TileProps) {
  const style: CSSProperties = { left, top, width: size, height: size };
  if (!picture || !point.hash) {
    const dot = Math.max(6, Math.min(size, 16));
    return (
      <Link
        to={`/artworks/${point.slug}`}
        className="map-dot"
        style={{ left: left + size / 2 - dot / 2, top: top + size / 2 - dot / 2, width: dot, height: dot, background: colour }}
        title={point.title}
        draggable={false}
        data-artwork-id={point.id}
      >
        <span className="visually-hidden">{point.title}</span>
      </Link>
    );
  }
  return (
    <Link to={`/artworks/${point.slug}`} className="map-point" style={style} title={point.title} draggable={false} data-artwork-id={point.id}>
      <img src={imageUrl(point.hash, 320)} alt={point.title} loading="lazy" decoding="async" draggable={false} width={size} height={size} />
    </Link>
  );
});

export function MapCanvas({ points, clusters, aspect }: { points: MapPoint[]; clusters: MapCluster[]; aspect: number }) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [view, setView] = useState<MapView>(HOME_VIEW);
  const safeAspect = Number.isFinite(aspect) && aspect > 0 ? aspect : 1;
  const geometry = useMemo(() => (size ? fitGeometry(size.w, size.h, safeAspect) : null), [size, safeAspect]);
  const geometryRef = useRef<Geometry | null>(null);
  geometryRef.current = geometry;

  const colours = useMemo(() => new Map(clusters.map((c, i) => [c.slug, clusterColour(i)])), [clusters]);

  // Hydrated: measure the box and switch to the interactive view.
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

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  const interactive = size !== null;
  useEffect(() => {
    const el = viewportRef.current;
    if (!el || !interactive) return;
    const onWheel = (event: WheelEvent) => {
      const g = geometryRef.current;
      if (!g) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? g.h : 1;
      const factor = Math.exp(-event.deltaY * unit * (event.ctrlKey ? 0.01 : 0.002));
      const rect = el.getBoundingClientRect();
      setView((v) => zoomAt(v, factor, event.clientX - rect.left, event.clientY - rect.top, g));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [interactive]);

  // Drag to pan, two fingers to pinch; a drag never counts as a click on a work.
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

  const onPointerMove = useCallback((event: ReactPointerEvent<HTMLDivElement>) => {
    const previous = pointers.current.get(event.pointerId);
    const g = geometryRef.current;
    if (!previous || !g) return;
    if (event.pointerType === "mouse" && event.buttons === 0) {
      // The button was let go outside the map before the drag began.
      pointers.current.delete(event.pointerId);
      return;
    }
    const current = { x: event.clientX, y: event.clientY };
    const el = event.currentTarget;
    if (pointers.current.size >= 2) {
      const others = [...pointers.current.entries()].filter(([id]) => id !== event.pointerId).map(([, p]) => p);
      const other = others[0]!;
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
      // Captured only once it is a drag, so a plain click still reaches the work's link.
      try {
        el.setPointerCapture(event.pointerId);
      } catch {
        // the pointer may already be gone
      }
    }
    setView((v) => panBy(v, current.x - previous.x, current.y - previous.y, g));
  }, []);

  const onPointerEnd = useCallback((event: ReactPointerEvent<HTMLDivElement>) => {
    pointers.current.delete(event.pointerId);
    if (pointers.current.size < 2) gesture.current.pinch = 0;
  }, []);

  const onClickCapture = useCallback((event: ReactMouseEvent) => {
    if (gesture.current.moved) {
      event.preventDefault();
      event.stopPropagation();
      gesture.current.moved = false;
    }
  }, []);

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

  // Focus moving onto a work near the edge must not scroll the clipped box under the transform.
  const onScroll = useCallback((event: ReactUIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    if (el.scrollLeft !== 0) el.scrollLeft = 0;
    if (el.scrollTop !== 0) el.scrollTop = 0;
  }, []);

  const help = interactive
    ? "Drag to move the map; scroll or pinch to zoom. When the map has focus, the arrow keys move it, + and − zoom and 0 resets the view. Each picture opens its work."
    : "Scroll to move around the map. Each picture opens its work.";

  // One structure for both modes, so hydrating keeps the same viewport element (it is measured).
  let content;
  let status = null;
  if (!geometry) {
    // Server render and no-JS: a large positioned layout in a scrollable box.
    const width = Math.round(clamp(Math.sqrt(points.length) * 60, 720, 4800));
    const height = Math.round(width / safeAspect);
    const tile = Math.round(clamp(Math.sqrt((width * height) / Math.max(1, points.length)) * 0.9, 24, 96));
    const percent = (v: number) => `${(v * 100).toFixed(2)}%`;
    content = (
      <div className="map-static-layer" style={{ width: width + tile, height: height + tile, padding: tile / 2 }}>
        <div className="map-static-plane">
          {points.map((p) => (
            <Link
              key={p.id}
              to={`/artworks/${p.slug}`}
              className="map-point"
              style={{ left: percent(p.x), top: percent(p.y), width: tile, height: tile, marginLeft: -tile / 2, marginTop: -tile / 2 }}
              title={p.title}
              data-artwork-id={p.id}
            >
              {p.hash ? (
                <img src={imageUrl(p.hash, 320)} alt={p.title} loading="lazy" decoding="async" width={tile} height={tile} />
              ) : (
                <span className="visually-hidden">{p.title}</span>
              )}
            </Link>
          ))}
          {clusters.map((c) => (
            <span key={c.slug} className="map-label" style={{ left: percent(c.x), top: percent(c.y) }} data-cluster={c.slug}>
              {c.name}
            </span>
          ))}
        </div>
      </div>
    );
  } else {
    const { w, h } = geometry;
    const cw = geometry.bw * view.k;
    const ch = geometry.bh * view.k;
    const ox = w / 2 - view.cx * cw;
    const oy = h / 2 - view.cy * ch;
    const tile = tileSize(geometry, points.length, view.k);
    const picture = tile >= MIN_PICTURE;
    const margin = tile + 120;
    const inView = (x: number, y: number) => {
      const sx = ox + x * cw;
      const sy = oy + y * ch;
      return sx > -margin && sx < w + margin && sy > -margin && sy < h + margin;
    };
    const visible = points.filter((p) => inView(p.x, p.y));
    const labels = clusters.filter((c) => inView(c.x, c.y));
    status = (
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
          {visible.length === points.length ? `All ${points.length} works in view` : `${visible.length} of ${points.length} works in view`}
        </p>
      </div>
    );
    content = (
      <div className="map-layer" style={{ transform: `translate3d(${ox}px, ${oy}px, 0)` }}>
        {visible.map((p) => (
          <Tile
            key={p.id}
            point={p}
            left={p.x * cw - tile / 2}
            top={p.y * ch - tile / 2}
            size={tile}
            picture={picture}
            colour={(p.cluster && colours.get(p.cluster)) || "#5b5870"}
          />
        ))}
        {labels.map((c) => (
          <button
            key={c.slug}
            type="button"
            className="map-label"
            style={{ left: c.x * cw, top: c.y * ch }}
            data-cluster={c.slug}
            aria-label={`Zoom to ${c.name}`}
            onClick={() => setView(clampView({ k: Math.max(view.k, 4), cx: c.x, cy: c.y }))}
          >
            {c.name}
          </button>
        ))}
      </div>
    );
  }

  return (
    <div className="map">
      <p id="map-help" className="map-help">
        {help}
      </p>
      {status}
      <div
        ref={viewportRef}
        id="collection-map"
        role="region"
        aria-label="Collection map"
        aria-describedby="map-help"
        tabIndex={0}
        className={`map-viewport ${interactive ? "map-interactive" : "map-static"}`}
        data-map-mode={interactive ? "interactive" : "static"}
        data-points={points.length}
        data-zoom={interactive ? view.k.toFixed(2) : undefined}
        onPointerDown={interactive ? onPointerDown : undefined}
        onPointerMove={interactive ? onPointerMove : undefined}
        onPointerUp={interactive ? onPointerEnd : undefined}
        onPointerCancel={interactive ? onPointerEnd : undefined}
        onClickCapture={interactive ? onClickCapture : undefined}
        onKeyDown={interactive ? onKeyDown : undefined}
        onScroll={interactive ? onScroll : undefined}
        onDragStart={interactive ? (event) => event.preventDefault() : undefined}
      >
        {content}
      </div>
    </div>
  );
}
