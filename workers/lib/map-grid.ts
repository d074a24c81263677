/**
 * The explore map's quadtree grid, shared by the pipeline (which writes it) and the site (which
 * reads it). Every point has integer grid coordinates gx, gy in [0, GRID_MAX] (its normalised
 * position) and a cell: the Morton code of (gx, gy), bits of x and y interleaved. The points of a
 * map tile (level z, column tx, row ty) are then exactly the cells in one range,
 * [morton(tx, ty) << 2(16 - z), (morton(tx, ty) + 1) << 2(16 - z)), read through one index.
 */
export const GRID_BITS = 16;
export const GRID_MAX = (1 << GRID_BITS) - 1;
/** Deepest level with precomputed per-cell counts (512 x 512 cells). */
export const MAX_DENSITY_LEVEL = 9;
/** A density tile carries its cells DENSITY_SPLIT levels below it (16 x 16 cells at most). */
export const DENSITY_SPLIT = 4;
export const MAX_DENSITY_TILE_LEVEL = MAX_DENSITY_LEVEL - DENSITY_SPLIT;
/** Deepest tile level a client may ask points of. */
export const MAX_POINT_LEVEL = 14;
/** A point tile answers at most this many works; a fuller one says it is dense instead. */
export const POINT_TILE_CAP = 300;

function spread(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

function compact(v: number): number {
  let x = v & 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** Morton code of (x, y), each below 2^16: x in the even bits, y in the odd ones. */
export function morton(x: number, y: number): number {
  return (spread(x) | (spread(y) << 1)) >>> 0;
}

export function unmorton(code: number): { x: number; y: number } {
  return { x: compact(code), y: compact(code >>> 1) };
}

/** Is (tx, ty) a tile of level z? */
export function isTile(z: number, tx: number, ty: number): boolean {
  const n = 2 ** z;
  return Number.isInteger(z) && z >= 0 && z <= GRID_BITS && Number.isInteger(tx) && Number.isInteger(ty) && tx >= 0 && ty >= 0 && tx < n && ty < n;
}

/** The cells (at the full 16-bit depth, or at `level`) inside tile (z, tx, ty): [first, last]. */
export function tileCellRange(z: number, tx: number, ty: number, level = GRID_BITS): [number, number] {
  const shift = 2 * (level - z);
  const first = morton(tx, ty) * 2 ** shift;
  return [first, first + 2 ** shift - 1];
}
