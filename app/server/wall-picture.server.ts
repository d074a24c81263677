/**
 * The share picture of a wall (issue 15): reads the shared wall, its works'
 * palettes and (for PNG originals of a modest size) the originals from R2,
 * and draws the picture with wall-picture.ts.
 */
import { SWATCHES } from "./search/colours";
import { sharedWall } from "./walls.server";
import { type PictureWork, type Pixels, pngPixels, renderWallPicture } from "./wall-picture";

/** Originals larger than this are painted from their palette instead of decoded. */
const MAX_DECODE_BYTES = 4 * 1024 * 1024;
const MAX_DECODE_PIXELS = 4_000_000;
/** At most this many originals are decoded for one picture (CPU time in a Worker). */
const MAX_DECODED = 12;

interface Row {
  id: number;
  palette: string | null;
  dominantColour: string | null;
  imageHash: string | null;
  contentType: string | null;
  width: number | null;
  height: number | null;
  bytes: number | null;
}

function paletteOf(text: string | null): { hex: string; weight: number }[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return [];
    return value.flatMap((c) => (c && typeof c === "object" && typeof c.hex === "string" && typeof c.weight === "number" ? [{ hex: c.hex, weight: c.weight }] : []));
  } catch {
    return [];
  }
}

/** PNG bytes of the wall behind a share token, or null when there is no such wall. */
export async function sharedWallPicture(env: { DB: D1Database; IMAGES: R2Bucket }, token: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const wall = await sharedWall(env.DB, token);
  if (!wall) return null;
  const placed = new Set(wall.layout.items.map((i) => i.artworkId));
  const ids = wall.works.filter((w) => placed.has(w.id)).map((w) => w.id);
  const works = new Map<number, PictureWork>();
  if (ids.length > 0) {
    const { results } = await env.DB.prepare(
      `SELECT a.id, a.palette, a.dominant_colour AS dominantColour, a.image_hash AS imageHash, i.content_type AS contentType, i.width, i.height, i.bytes
       FROM json_each(?) j JOIN artworks a ON a.id = j.value LEFT JOIN images i ON i.hash = a.image_hash`,
    )
      .bind(JSON.stringify(ids))
      .all<Row>();
    let decoded = 0;
    const swatchHex = new Map(SWATCHES.map((s) => [s.name as string, s.hex]));
    await Promise.all(
      results.map(async (row) => {
        let pixels: Pixels | null = null;
        const small = (row.bytes ?? Infinity) <= MAX_DECODE_BYTES && (row.width ?? 0) * (row.height ?? 0) <= MAX_DECODE_PIXELS;
        if (row.imageHash && row.contentType === "image/png" && small && decoded < MAX_DECODED) {
          decoded++;
          const object = await env.IMAGES.get(`images/${row.imageHash}`);
          if (object) pixels = pngPixels(new Uint8Array(await object.arrayBuffer()));
        }
        works.set(row.id, { id: row.id, palette: paletteOf(row.palette), dominantColour: row.dominantColour ? (swatchHex.get(row.dominantColour) ?? null) : null, pixels });
      }),
    );
  }
  return renderWallPicture(wall.layout, wall.sizes, works);
}
