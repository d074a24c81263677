/**
 * A wall's plan (issue 15): its real size, unit and furniture, and per work the
 * position, chosen print size, frame colour and mat. Reads the print sizes the
 * shops offer (size variants with dimensions), fills in an automatic layout
 * for works never placed, prices each work at its chosen size, and saves a
 * plan the owner sends after checking it against what is on the wall.
 */
import { z } from "zod";
import { HttpError } from "../../workers/http/errors";
import {
  DEFAULT_WALL,
  FRAME_COLOUR_NAMES,
  type FrameColour,
  type Furniture,
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
  outerSize,
} from "../components/wall-planner/geometry";
import type { ArtworkCard } from "./artworks.server";

/** The layout columns of one wall row. */
export interface WallShape {
  widthCm: number;
  heightCm: number;
  unit: Unit;
  furniture: Furniture;
}

/** The layout columns of one wall item, as stored (x/y null until placed). */
export interface StoredPlacement {
  artworkId: number;
  xCm: number | null;
  yCm: number | null;
  variant: string | null;
  frame: string;
  matCm: number;
}

export interface WallPlan {
  layout: WallLayout;
  /** Print sizes per work (artwork id as key); an empty list = no known dimensions. */
  sizes: Record<string, PrintSize[]>;
  /** The works with their price at the chosen size, for the totals. */
  pricedWorks: ArtworkCard[];
}

export const WALL_SHAPE_COLUMNS = "w.width_cm AS widthCm, w.height_cm AS heightCm, w.unit, w.furniture";
export const PLACEMENT_COLUMNS = "i.x_cm AS xCm, i.y_cm AS yCm, i.variant_label AS variant, i.frame_colour AS frame, i.mat_cm AS matCm";

function shapeOf(row: Partial<WallShape>): WallShape {
  return {
    widthCm: row.widthCm ?? DEFAULT_WALL.widthCm,
    heightCm: row.heightCm ?? DEFAULT_WALL.heightCm,
    unit: row.unit === "in" ? "in" : "cm",
    furniture: row.furniture === "sofa" || row.furniture === "sideboard" ? row.furniture : "none",
  };
}

/** Print sizes of the works on a wall: dimensioned variants of available offers, one per label. */
export async function printSizes(db: D1Database, wallId: number): Promise<Map<number, PrintSize[]>> {
  const { results } = await db
    .prepare(
      `SELECT o.artwork_id AS artworkId, v.label, v.width_cm AS widthCm, v.height_cm AS heightCm,
         COALESCE(v.price_minor, o.price_minor) AS priceMinor, COALESCE(v.currency, o.currency) AS currency
       FROM wall_items i JOIN offers o ON o.artwork_id = i.artwork_id AND o.available = 1
       JOIN offer_variants v ON v.offer_id = o.id
       WHERE i.wall_id = ? AND v.width_cm > 0 AND v.height_cm > 0
       ORDER BY o.artwork_id, v.width_cm * v.height_cm, COALESCE(v.price_minor, o.price_minor) IS NULL, COALESCE(v.price_minor, o.price_minor), v.id`,
    )
    .bind(wallId)
    .all<PrintSize & { artworkId: number }>();
  const out = new Map<number, PrintSize[]>();
  for (const { artworkId, ...size } of results) {
    const list = out.get(artworkId) ?? [];
    if (!list.some((s) => s.label === size.label)) list.push(size);
    out.set(artworkId, list);
  }
  return out;
}

function frameOf(value: string): FrameColour {
  return (FRAME_COLOUR_NAMES as string[]).includes(value) ? (value as FrameColour) : "black";
}

/**
 * The plan as the planner draws it: stored positions where the owner placed a
 * frame, an automatic layout for the rest (laid out among themselves).
 */
export function planOf(shapeRow: Partial<WallShape>, works: readonly ArtworkCard[], placements: ReadonlyMap<number, StoredPlacement>, sizes: ReadonlyMap<number, PrintSize[]>): WallPlan {
  const shape = shapeOf(shapeRow);
  const sizeRecord: Record<string, PrintSize[]> = {};
  const items: PlacedItem[] = [];
  const unplaced: { item: PlacedItem; w: number; h: number }[] = [];
  const pricedWorks: ArtworkCard[] = [];
  for (const work of works) {
    const list = sizes.get(work.id) ?? [];
    sizeRecord[String(work.id)] = list;
    const stored = placements.get(work.id);
    const variant = stored?.variant ?? null;
    const size = chosenSize(list, variant);
    pricedWorks.push(size && size.priceMinor !== null ? { ...work, priceMinor: size.priceMinor, currency: size.currency ?? work.currency } : work);
    if (!size) continue;
    const frame = frameOf(stored?.frame ?? "black");
    const matCm = stored?.matCm ?? 0;
    const item: PlacedItem = { artworkId: work.id, xCm: stored?.xCm ?? 0, yCm: stored?.yCm ?? 0, variant: size.label === variant ? variant : null, frame, matCm };
    items.push(item);
    const { w, h } = outerSize(size, frame, matCm);
    if (stored?.xCm === null || stored?.yCm === null || stored === undefined) unplaced.push({ item, w, h });
  }
  const spots = autoLayout(shape, unplaced);
  unplaced.forEach(({ item }, i) => {
    item.xCm = spots[i]!.x;
    item.yCm = spots[i]!.y;
  });
  return { layout: { ...shape, items }, sizes: sizeRecord, pricedWorks };
}

const lengthCm = z.number().finite().min(WALL_MIN_CM, `A wall is at least ${WALL_MIN_CM} cm.`).max(WALL_MAX_CM, `A wall is at most ${WALL_MAX_CM} cm.`);
const positionCm = z.number().finite().min(-WALL_MAX_CM).max(2 * WALL_MAX_CM);

export const layoutInputSchema = z.object({
  widthCm: lengthCm,
  heightCm: lengthCm,
  unit: z.enum(["cm", "in"]),
  furniture: z.enum(["none", "sofa", "sideboard"]),
  items: z
    .array(
      z.object({
        artworkId: z.number().int().positive(),
        xCm: positionCm,
        yCm: positionCm,
        variant: z.string().min(1).max(200).nullable(),
        frame: z.enum(FRAME_COLOUR_NAMES as [FrameColour, ...FrameColour[]]),
        matCm: z.number().refine((v) => (MAT_WIDTHS as readonly number[]).includes(v), `A mat is ${MAT_WIDTHS.join(", ")} cm wide.`),
      }),
    )
    .max(200),
});
export type LayoutInput = z.infer<typeof layoutInputSchema>;

/**
 * Saves the owner's plan. Every item must be a work on this wall with known
 * dimensions, at most once, and a named size must be one the shops offer;
 * positions are kept on the wall. Works left out keep their stored placement.
 */
export async function saveLayout(db: D1Database, wallId: number, input: LayoutInput): Promise<void> {
  const ids = input.items.map((i) => i.artworkId);
  if (new Set(ids).size !== ids.length) throw new HttpError(400, "duplicate_artwork", "Each work appears in a layout once.");
  const [onWall, sizes] = await Promise.all([
    db.prepare("SELECT artwork_id AS id FROM wall_items WHERE wall_id = ?").bind(wallId).all<{ id: number }>(),
    printSizes(db, wallId),
  ]);
  const present = new Set(onWall.results.map((r) => r.id));
  const missing = ids.filter((id) => !present.has(id));
  if (missing.length > 0) throw new HttpError(404, "not_in_wall", "Some works are not on this wall.", { artworkIds: missing });
  const statements: D1PreparedStatement[] = [
    db
      .prepare(`UPDATE walls SET width_cm = ?, height_cm = ?, unit = ?, furniture = ?, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE id = ?`)
      .bind(input.widthCm, input.heightCm, input.unit, input.furniture, wallId),
  ];
  for (const item of input.items) {
    const list = sizes.get(item.artworkId) ?? [];
    if (list.length === 0) throw new HttpError(400, "no_dimensions", "A work without known dimensions cannot be placed to scale.", { artworkId: item.artworkId });
    if (item.variant !== null && !list.some((s) => s.label === item.variant)) {
      throw new HttpError(400, "unknown_size", "That size is not offered for this work.", { artworkId: item.artworkId, sizes: list.map((s) => s.label) });
    }
    const { w, h } = outerSize(chosenSize(list, item.variant)!, item.frame, item.matCm);
    const { x, y } = clampToWall({ x: item.xCm, y: item.yCm, w, h }, input);
    statements.push(
      db
        .prepare("UPDATE wall_items SET x_cm = ?, y_cm = ?, variant_label = ?, frame_colour = ?, mat_cm = ? WHERE wall_id = ? AND artwork_id = ?")
        .bind(x, y, item.variant, item.frame, item.matCm, wallId, item.artworkId),
    );
  }
  await db.batch(statements);
}
