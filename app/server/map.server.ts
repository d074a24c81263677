/**
 * The explore map at any catalogue size, read as tiles (workers/lib/map-grid.ts): an overview
 * (layout aspect, cluster labels, coarse per-cell counts), density tiles (per-cell counts of
 * the works in one tile, precomputed by the pipeline) and point tiles (the works of one small
 * tile, at most POINT_TILE_CAP; a fuller tile answers that it is dense). Each is one indexed
 * range read, so no request reads more than a few hundred rows however large the catalogue.
 * Positions are grid integers in [0, GRID_MAX] on each axis; the aspect says how wide the
 * layout is, so a client draws it at any size without the pipeline's units.
 */
import {
  DENSITY_SPLIT,
  GRID_BITS,
  MAX_DENSITY_TILE_LEVEL,
  MAX_POINT_LEVEL,
  POINT_TILE_CAP,
  isTile,
  tileCellRange,
} from "../../workers/lib/map-grid";
import { activeModel } from "./models.server";

export interface MapCluster {
  ordinal: number;
  slug: string;
  name: string;
  /** Centre, normalised to [0, 1] on each axis. */
  x: number;
  y: number;
  size: number;
}

/** One density cell: [gx, gy, works, cluster ordinal or -1]; (gx, gy) is the mean position of its works. */
export type MapCell = [number, number, number, number];

export interface MapOverview {
  model: string | null;
  /** Width / height of the layout (gx and gy each span [0, GRID_MAX]). */
  aspect: number;
  /** Available works on the map. */
  total: number;
  clusters: MapCluster[];
  /** Cells of level OVERVIEW_LEVEL: the whole map at a glance (the page without JavaScript draws these). */
  level: number;
  cells: MapCell[];
}

export interface DensityTile {
  z: number;
  x: number;
  y: number;
  /** The level of the cells (z + DENSITY_SPLIT). */
  level: number;
  cells: MapCell[];
}

export interface MapPoint {
  id: number;
  slug: string;
  title: string;
  /** Image content hash; thumbnails are /images/{hash}?w=320. */
  hash: string | null;
  gx: number;
  gy: number;
  /** Ordinal of the cluster the work falls in, or -1. */
  cluster: number;
}

export interface PointTile {
  z: number;
  x: number;
  y: number;
  /** True when the tile holds more than POINT_TILE_CAP works: draw its density instead. */
  dense: boolean;
  points: MapPoint[];
}

export const OVERVIEW_LEVEL = 5;
export const EMPTY_MAP: MapOverview = { model: null, aspect: 1, total: 0, clusters: [], level: OVERVIEW_LEVEL, cells: [] };

const DECIMALS = 1e4;
const round = (v: number) => Math.round(v * DECIMALS) / DECIMALS;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

interface LayoutRow {
  minX: number;
  minY: number;
  spanX: number;
  spanY: number;
  aspect: number;
}

interface ClusterRow {
  ordinal: number;
  slug: string;
  name: string;
  x: number | null;
  y: number | null;
  size: number;
}

interface CellRow {
  gx: number;
  gy: number;
  count: number;
  cluster: number | null;
}

const toCell = (r: CellRow): MapCell => [r.gx, r.gy, r.count, r.cluster ?? -1];

/** Cluster centres on the layout's [0, 1] scale; a cluster without a stored centre is left out. */
export function placeClusters(layout: LayoutRow, rows: ClusterRow[]): MapCluster[] {
  const nx = (x: number) => (layout.spanX > 0 ? clamp01((x - layout.minX) / layout.spanX) : 0.5);
  const ny = (y: number) => (layout.spanY > 0 ? clamp01((y - layout.minY) / layout.spanY) : 0.5);
  return rows
    .filter((c) => c.x !== null && c.y !== null && Number.isFinite(c.x) && Number.isFinite(c.y))
    .map((c) => ({ ordinal: c.ordinal, slug: c.slug, name: c.name, x: round(nx(c.x!)), y: round(ny(c.y!)), size: c.size }));
}

/** The map of the active model (ACTIVE_MODEL, else the newest with neighbours); empty before the pipeline has run. */
export async function loadMapOverview(db: D1Database, configuredModel?: string): Promise<MapOverview> {
  const model = await activeModel(db, configuredModel);
  if (!model) return EMPTY_MAP;
  const [layoutRows, clusterRows, cellRows] = await db.batch([
    db.prepare("SELECT min_x AS minX, min_y AS minY, span_x AS spanX, span_y AS spanY, aspect FROM map_layouts WHERE model_id = ?").bind(model.id),
    db.prepare("SELECT ordinal, slug, name, x, y, size FROM clusters WHERE model_id = ? ORDER BY ordinal, id").bind(model.id),
    db.prepare("SELECT gx, gy, count, cluster FROM map_density WHERE model_id = ? AND level = ? ORDER BY cell").bind(model.id, OVERVIEW_LEVEL),
  ]);
  const layout = layoutRows!.results[0] as LayoutRow | undefined;
  if (!layout) return { ...EMPTY_MAP, model: model.id };
  const cells = (cellRows!.results as unknown as CellRow[]).map(toCell);
  return {
    model: model.id,
    aspect: round(layout.aspect),
    total: cells.reduce((sum, c) => sum + c[2], 0),
    clusters: placeClusters(layout, clusterRows!.results as unknown as ClusterRow[]),
    level: OVERVIEW_LEVEL,
    cells,
  };
}

export class TileOutOfRange extends Error {}

/** Per-cell counts inside tile (z, x, y), DENSITY_SPLIT levels finer than the tile. */
export async function loadDensityTile(db: D1Database, z: number, x: number, y: number, configuredModel?: string): Promise<DensityTile> {
  if (!isTile(z, x, y) || z > MAX_DENSITY_TILE_LEVEL) throw new TileOutOfRange(`density tiles go from level 0 to ${MAX_DENSITY_TILE_LEVEL}`);
  const level = z + DENSITY_SPLIT;
  const model = await activeModel(db, configuredModel);
  if (!model) return { z, x, y, level, cells: [] };
  const [first, last] = tileCellRange(z, x, y, level);
  const rows = await db
    .prepare("SELECT gx, gy, count, cluster FROM map_density WHERE model_id = ? AND level = ? AND cell BETWEEN ? AND ? ORDER BY cell")
    .bind(model.id, level, first, last)
    .all<CellRow>();
  return { z, x, y, level, cells: rows.results.map(toCell) };
}

/** The available works inside tile (z, x, y), or `dense` when there are more than POINT_TILE_CAP. */
export async function loadPointTile(db: D1Database, z: number, x: number, y: number, configuredModel?: string): Promise<PointTile> {
  if (!isTile(z, x, y) || z > MAX_POINT_LEVEL) throw new TileOutOfRange(`point tiles go from level 0 to ${MAX_POINT_LEVEL}`);
  const model = await activeModel(db, configuredModel);
  if (!model) return { z, x, y, dense: false, points: [] };
  const [first, last] = tileCellRange(z, x, y, GRID_BITS);
  // Reads the index range in cell order and stops one past the cap.
  const rows = await db
    .prepare(
      `SELECT a.id, a.slug, a.title, a.image_hash AS hash, m.gx, m.gy, coalesce(c.ordinal, -1) AS cluster
       FROM map_points m
       JOIN artworks a ON a.id = m.artwork_id
       LEFT JOIN clusters c ON c.id = m.cluster_id
       WHERE m.model_id = ? AND m.cell BETWEEN ? AND ? AND a.available = 1
       LIMIT ?`,
    )
    .bind(model.id, first, last, POINT_TILE_CAP + 1)
    .all<MapPoint>();
  if (rows.results.length > POINT_TILE_CAP) return { z, x, y, dense: true, points: [] };
  return { z, x, y, dense: false, points: rows.results.sort((a, b) => a.id - b.id) };
}
