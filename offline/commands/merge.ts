/**
 * merge: bring the embeddings (and palettes) computed by other machines with
 * `embed --shard i/n` into this work folder. Files are named by image hash and
 * model, so merging is a checked union; then map/cluster/neighbors/push run on
 * the whole collection here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PipelineError } from "../errors";
import type { Workspace } from "../workspace";

export function merge(ws: Workspace, modelId: string, dimensions: number, sources: string[]): { embeddings: number; palettes: number } {
  if (sources.length === 0) throw new PipelineError("usage: npm run offline -- merge <work-dir> [<work-dir>...]");
  let embeddings = 0;
  let palettes = 0;
  for (const source of sources) {
    const embeddingDir = join(source, "embeddings", modelId);
    if (!existsSync(embeddingDir)) throw new PipelineError(`${source} has no embeddings for model ${modelId}`);
    for (const file of readdirSync(embeddingDir).filter((f) => /^[0-9a-f]{64}\.f32$/.test(f))) {
      const hash = file.slice(0, 64);
      if (ws.has(ws.embeddingPath(modelId, hash))) continue;
      const bytes = readFileSync(join(embeddingDir, file));
      if (bytes.byteLength !== dimensions * 4) throw new PipelineError(`${join(embeddingDir, file)} holds ${bytes.byteLength / 4} values, model ${modelId} has ${dimensions}: not merging a different model's output`);
      ws.writeAtomic(ws.embeddingPath(modelId, hash), new Uint8Array(bytes));
      embeddings++;
    }
    const paletteDir = join(source, "palettes");
    if (!existsSync(paletteDir)) continue;
    for (const file of readdirSync(paletteDir).filter((f) => /^[0-9a-f]{64}\.json$/.test(f))) {
      const target = ws.palettePath(file.slice(0, 64));
      if (ws.has(target)) continue;
      ws.writeAtomic(target, readFileSync(join(paletteDir, file)));
      palettes++;
    }
  }
  console.log(`merge: ${embeddings} embeddings and ${palettes} palettes added from ${sources.length} work folder(s)`);
  return { embeddings, palettes };
}
