/**
 * The explore map: every available work at its 2-D UMAP coordinates (per
 * model), plus the clusters' names at their centres. Coordinates are sent
 * normalised to [0, 1] on each axis with the layout's aspect ratio beside
 * them, so a client draws the picture at any size without knowing the
 * pipeline's units; values are rounded to keep thousands of points small.
 */
import { activeModel } from "./models.server";

export interface MapPoint {
  id: number;
  slug: string;
  title: string;
  /** Image content hash; thumbnails are /images/{hash}?w=320. */
  hash: string | null;
  x: number;
  y: number;
  /** Slug of the cluster the work falls in, if any. */
  cluster: string | null;
}

export interface MapCluster {
  slug: string;
  name: string;
  x: number;
  y: number;
  size: number;
}

export interface MapData {
  model: string | null;
  /** Width / height of the original layout's bounding box (x and y are each scaled to [0, 1]). */
  aspect: number;
  clusters: MapCluster[];
  points: MapPoint[];
}

export const EMPTY_MAP: MapData = { model: null, aspect: 1, clusters: [], points: [] };

/** A point as read from D1, in the pipeline's own units (normaliseMap scales it). */
type RawPoint = MapPoint;

interface RawCluster {
  slug: string;
  name: string;
  x: number | null;
  y: number | null;
  size: number;
}

const DECIMALS = 1e4;
const round = (v: number) => Math.round(v * DECIMALS) / DECIMALS;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The most a layout may be stretched one way; a degenerate line of points stays drawable. */
const MAX_ASPECT = 4;

/**
 * Scales raw coordinates into [0, 1] per axis (a single point, or all points on
 * one line, sit in the middle of that axis). Cluster centres use the same
 * transform, clamped; a cluster without a stored centre gets its members' mean.
 */
export function normaliseMap(model: string | null, rawPoints: RawPoint[], rawClusters: RawCluster[]): MapData {
  const points = rawPoints.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (points.length === 0) return { model, aspect: 1, clusters: [], points: [] };
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const nx = (x: number) => (spanX > 0 ? clamp01((x - minX) / spanX) : 0.5);
  const ny = (y: number) => (spanY > 0 ? clamp01((y - minY) / spanY) : 0.5);
  let aspect = 1;
  if (spanX > 0 && spanY > 0) aspect = Math.min(MAX_ASPECT, Math.max(1 / MAX_ASPECT, spanX / spanY));
  else if (spanX > 0) aspect = MAX_ASPECT;
  else if (spanY > 0) aspect = 1 / MAX_ASPECT;

  const members = new Map<string, { sx: number; sy: number; n: number }>();
  for (const p of points) {
    if (!p.cluster) continue;
    const m = members.get(p.cluster) ?? { sx: 0, sy: 0, n: 0 };
    m.sx += p.x;
    m.sy += p.y;
    m.n += 1;
    members.set(p.cluster, m);
  }
  const clusters: MapCluster[] = [];
  for (const c of rawClusters) {
    const m = members.get(c.slug);
    const cx = c.x ?? (m ? m.sx / m.n : null);
    const cy = c.y ?? (m ? m.sy / m.n : null);
    if (cx === null || cy === null || !Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    clusters.push({ slug: c.slug, name: c.name, x: round(nx(cx)), y: round(ny(cy)), size: c.size });
  }
  return {
    model,
    aspect: round(aspect),
    clusters,
    points: points.map((p) => ({ id: p.id, slug: p.slug, title: p.title, hash: p.hash, x: round(nx(p.x)), y: round(ny(p.y)), cluster: p.cluster })),
  };
}

/** The map of the active model (ACTIVE_MODEL, else the newest with neighbours); empty before the pipeline has run. */
export async function loadMap(db: D1Database, configuredModel?: string): Promise<MapData> {
  const model = await activeModel(db, configuredModel);
  if (!model) return EMPTY_MAP;
  const [pointRows, clusterRows] = await db.batch([
    db
      .prepare(
        `SELECT a.id, a.slug, a.title, a.image_hash AS hash, m.x, m.y, c.slug AS cluster
         FROM map_points m
         JOIN artworks a ON a.id = m.artwork_id
         LEFT JOIN clusters c ON c.id = m.cluster_id
         WHERE m.model_id = ? AND a.available = 1
         ORDER BY a.id`,
      )
      .bind(model.id),
    db.prepare("SELECT slug, name, x, y, size FROM clusters WHERE model_id = ? ORDER BY ordinal, id").bind(model.id),
  ]);
  return normaliseMap(model.id, pointRows!.results as RawPoint[], clusterRows!.results as RawCluster[]);
}
