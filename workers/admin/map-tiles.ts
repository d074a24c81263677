/**
 * Rebuilds a model's map tiles after its map points are pushed: the layout's bounding box, every
 * point's grid coordinates and quadtree cell (workers/lib/map-grid.ts), and per-cell counts of the
 * available works at levels 0..MAX_DENSITY_LEVEL, each level summed from the one below. Each cell
 * keeps the mean position of its works and the cluster holding most of them. All set-based SQL:
 * no point passes through the Worker. Per-point work runs in slices (of artwork ids, or of the
 * map's 16 level-2 tiles), so no single statement touches more than about 1/16 of a million
 * points (D1 allows 30 s a statement); the whole rebuild is one batch, one transaction.
 */
import { GRID_BITS, GRID_MAX, MAX_DENSITY_LEVEL, tileCellRange } from "../lib/map-grid";

/** The most a layout may be stretched one way (as the site has always drawn it). */
const MAX_ASPECT = 4;

export interface MapLayout {
  minX: number;
  minY: number;
  spanX: number;
  spanY: number;
  aspect: number;
  points: number;
}

export function layoutOf(bounds: { minX: number; maxX: number; minY: number; maxY: number; points: number }): MapLayout {
  const spanX = bounds.maxX - bounds.minX;
  const spanY = bounds.maxY - bounds.minY;
  let aspect = 1;
  if (spanX > 0 && spanY > 0) aspect = Math.min(MAX_ASPECT, Math.max(1 / MAX_ASPECT, spanX / spanY));
  else if (spanX > 0) aspect = MAX_ASPECT;
  else if (spanY > 0) aspect = 1 / MAX_ASPECT;
  return { minX: bounds.minX, minY: bounds.minY, spanX, spanY, aspect, points: bounds.points };
}

/** Artwork ids per UPDATE slice. */
const ID_SLICE = 65_536;
/** Density of the finest level is summed per tile of this level (4^2 = 16 slices). */
const SLICE_LEVEL = 2;

/** The Morton code of (gx, gy) as four lookups in map_spread (bits of a byte spread apart). */
const CELL_SQL =
  "(SELECT s FROM map_spread WHERE v = gx & 255) | ((SELECT s FROM map_spread WHERE v = gx >> 8) << 16)" +
  " | ((SELECT s FROM map_spread WHERE v = gy & 255) << 1) | ((SELECT s FROM map_spread WHERE v = gy >> 8) << 17)";

/** SQL for a grid coordinate from a raw one: the middle of the axis when the layout is flat. */
function gridSql(column: string, min: number, span: number): string {
  if (!(span > 0)) return String(Math.round(GRID_MAX / 2));
  return `MIN(${GRID_MAX}, MAX(0, CAST(ROUND((${column} - ${min}) * ${GRID_MAX / span}) AS INTEGER)))`;
}

export async function refreshMapTiles(db: D1Database, modelId: string): Promise<MapLayout | null> {
  const bounds = await db
    .prepare(
      "SELECT min(x) AS minX, max(x) AS maxX, min(y) AS minY, max(y) AS maxY, count(*) AS points, min(artwork_id) AS firstId, max(artwork_id) AS lastId FROM map_points WHERE model_id = ?",
    )
    .bind(modelId)
    .first<{ minX: number | null; maxX: number | null; minY: number | null; maxY: number | null; points: number; firstId: number; lastId: number }>();
  const statements: D1PreparedStatement[] = [db.prepare("DELETE FROM map_density WHERE model_id = ?").bind(modelId)];
  if (!bounds || bounds.points === 0 || bounds.minX === null || bounds.maxX === null || bounds.minY === null || bounds.maxY === null) {
    statements.push(db.prepare("DELETE FROM map_layouts WHERE model_id = ?").bind(modelId));
    await db.batch(statements);
    return null;
  }
  const layout = layoutOf({ minX: bounds.minX, maxX: bounds.maxX, minY: bounds.minY, maxY: bounds.maxY, points: bounds.points });
  // Numbers are written into the SQL (they are floats the Worker computed, never input text).
  for (let from = bounds.firstId; from <= bounds.lastId; from += ID_SLICE) {
    statements.push(
      db
        .prepare(`UPDATE map_points SET gx = ${gridSql("x", layout.minX, layout.spanX)}, gy = ${gridSql("y", layout.minY, layout.spanY)} WHERE model_id = ? AND artwork_id BETWEEN ? AND ?`)
        .bind(modelId, from, from + ID_SLICE - 1),
      db.prepare(`UPDATE map_points SET cell = ${CELL_SQL} WHERE model_id = ? AND artwork_id BETWEEN ? AND ?`).bind(modelId, from, from + ID_SLICE - 1),
    );
  }
  // The finest level from the points, slice by slice through the cell index: per (cell, cluster)
  // first, then the cluster with most works (SQLite takes bare columns from the max() row).
  const side = 2 ** SLICE_LEVEL;
  for (let ty = 0; ty < side; ty++) {
    for (let tx = 0; tx < side; tx++) {
      const [first, last] = tileCellRange(SLICE_LEVEL, tx, ty);
      statements.push(
        db
          .prepare(
            `INSERT INTO map_density (model_id, level, cell, count, gx, gy, cluster)
             SELECT ?1, ${MAX_DENSITY_LEVEL}, c, total, CAST(sx / total AS INTEGER), CAST(sy / total AS INTEGER), k FROM (
               SELECT c, sum(n) AS total, sum(sx) AS sx, sum(sy) AS sy, k, max(n) AS most FROM (
                 SELECT m.cell >> ${2 * (GRID_BITS - MAX_DENSITY_LEVEL)} AS c, cl.ordinal AS k, count(*) AS n, sum(m.gx) AS sx, sum(m.gy) AS sy
                 FROM map_points m
                 JOIN artworks a ON a.id = m.artwork_id
                 LEFT JOIN clusters cl ON cl.id = m.cluster_id
                 WHERE m.model_id = ?1 AND m.cell BETWEEN ?2 AND ?3 AND a.available = 1
                 GROUP BY 1, 2
               ) GROUP BY c
             )`,
          )
          .bind(modelId, first, last),
      );
    }
  }
  for (let level = MAX_DENSITY_LEVEL - 1; level >= 0; level--) {
    statements.push(
      db
        .prepare(
          `INSERT INTO map_density (model_id, level, cell, count, gx, gy, cluster)
           SELECT ?1, ?2, c, total, CAST(sx / total AS INTEGER), CAST(sy / total AS INTEGER), k FROM (
             SELECT cell >> 2 AS c, sum(count) AS total, sum(gx * count) AS sx, sum(gy * count) AS sy, cluster AS k, max(count) AS most
             FROM map_density WHERE model_id = ?1 AND level = ?3 GROUP BY cell >> 2
           )`,
        )
        .bind(modelId, level, level + 1),
    );
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO map_layouts (model_id, min_x, min_y, span_x, span_y, aspect, points, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER))
         ON CONFLICT (model_id) DO UPDATE SET min_x = excluded.min_x, min_y = excluded.min_y, span_x = excluded.span_x, span_y = excluded.span_y,
           aspect = excluded.aspect, points = excluded.points, updated_at = excluded.updated_at`,
      )
      .bind(modelId, layout.minX, layout.minY, layout.spanX, layout.spanY, layout.aspect, layout.points),
  );
  // One batch is one transaction: readers never see half-built tiles.
  await db.batch(statements);
  return layout;
}
