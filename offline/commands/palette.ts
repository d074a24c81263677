/** palette: dominant named colours of every image that has none yet (cached per image hash). */
import sharp from "sharp";
import { ProgressLine } from "../progress";
import { extractPalette } from "../compute/palette";
import { workingSet, type Workspace } from "../workspace";

export async function palettes(ws: Workspace): Promise<{ computed: number }> {
  const hashes = [...new Set(workingSet(ws.pullState()).map((a) => a.imageHash!))];
  const todo = hashes.filter((hash) => !ws.has(ws.palettePath(hash)));
  const progress = new ProgressLine("palette");
  let done = 0;
  for (const hash of todo) {
    try {
      // 64x64 keeps every colour that covers a visible share of the picture.
      const { data } = await sharp(ws.imagePath(hash)).removeAlpha().resize(64, 64, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
      ws.writeJson(ws.palettePath(hash), extractPalette(new Uint8Array(data), 3, { seed: 1 }));
    } catch (error) {
      console.warn(`skipping palette of ${hash.slice(0, 12)}: ${(error as Error).message}`);
    }
    progress.update(++done, todo.length);
  }
  progress.finish(`${todo.length} computed, ${hashes.length - todo.length} cached`);
  return { computed: todo.length };
}
