/**
 * push: everything computed, through the admin API, in batches the platform
 * accepts. Every call is an idempotent replace, so pushing twice is harmless
 * and a push interrupted half-way is finished by running it again.
 */
import { ProgressLine } from "../progress";
import type { AdminApi } from "../admin-api";
import { PipelineError } from "../errors";
import type { PaletteColour } from "../compute/palette";
import type { LoadedModel } from "../models/load-model";
import { loadCollection, type ClusterResult, type MapResult, type NeighbourResult } from "./analyse";
import type { Workspace } from "../workspace";

const VECTOR_BATCH = 1000;
const ITEM_BATCH = 500;

export async function push(api: AdminApi, ws: Workspace, model: LoadedModel): Promise<{ vectors: number }> {
  const modelId = model.manifest.id;
  await api.json("PUT", `/admin/pipeline/models/${modelId}`, { dimensions: model.manifest.dimensions, description: model.manifest.description });
  const { works, vectors } = loadCollection(ws, modelId);

  // Palettes first: the vectors' colour filter is taken from the artwork's dominant colour.
  const palettes = works
    .map((w) => ({ artworkId: w.id, palette: ws.readJson<PaletteColour[] | null>(ws.palettePath(w.imageHash!), null) }))
    .filter((p): p is { artworkId: number; palette: PaletteColour[] } => Boolean(p.palette?.length));
  for (let i = 0; i < palettes.length; i += ITEM_BATCH) await api.json("PUT", "/admin/pipeline/palettes", { items: palettes.slice(i, i + ITEM_BATCH) });

  const progress = new ProgressLine(`push vectors (${modelId})`);
  for (let i = 0; i < works.length; i += VECTOR_BATCH) {
    const batch = works.slice(i, i + VECTOR_BATCH).map((w, j) => ({
      artworkId: w.id,
      imageHash: w.imageHash!,
      values: Array.from(vectors.data.subarray((i + j) * vectors.cols, (i + j + 1) * vectors.cols), (v) => Number(v.toFixed(6))),
    }));
    await api.json("POST", "/admin/pipeline/vectors", { model: modelId, vectors: batch });
    progress.update(Math.min(i + VECTOR_BATCH, works.length), works.length);
  }
  progress.finish(`${works.length} vectors, ${palettes.length} palettes`);

  const clusters = ws.readJson<ClusterResult[] | null>(ws.resultPath(modelId, "clusters"), null);
  const map = ws.readJson<MapResult | null>(ws.resultPath(modelId, "map"), null);
  const neighbours = ws.readJson<NeighbourResult[] | null>(ws.resultPath(modelId, "neighbours"), null);
  if (!clusters || !map || !neighbours) throw new PipelineError("map, clusters or neighbours missing: run `npm run offline -- map`, `cluster` and `neighbors` first (or `run`)");

  await api.json("PUT", "/admin/pipeline/clusters", { model: modelId, clusters: clusters.map(({ members: _members, ...c }) => c) });
  const clusterOf = new Map(clusters.flatMap((c) => c.members.map((id) => [id, c.ordinal] as const)));
  const points = map.ids.map((id, i) => ({ artworkId: id, x: map.x[i]!, y: map.y[i]!, cluster: clusterOf.get(id) ?? null }));
  for (let i = 0; i < points.length; i += 5000) await api.json("PUT", "/admin/pipeline/map", { model: modelId, points: points.slice(i, i + 5000) });
  await api.json("POST", "/admin/pipeline/map/tiles", { model: modelId });
  for (let i = 0; i < neighbours.length; i += ITEM_BATCH) await api.json("PUT", "/admin/pipeline/neighbours", { model: modelId, items: neighbours.slice(i, i + ITEM_BATCH) });
  console.log(`push: ${clusters.length} clusters, ${points.length} map points, neighbours of ${neighbours.length} works`);
  return { vectors: works.length };
}
