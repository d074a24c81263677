/**
 * map, cluster, neighbors: computed from all embeddings of the available works
 * together (they are properties of the whole collection), written as results.
 * `run` computes them only when what they are computed from changed (analysisInputs).
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { clusterEmbeddings, nameCluster } from "../compute/clusters";
import { umapLayout } from "../compute/map";
import { matrix, type Matrix, type RowSource } from "../compute/matrix";
import { topKNeighbours } from "../compute/neighbours";
import { APPROXIMATE_MIN_ROWS, approximateTopK } from "../compute/neighbours-approximate";
import { PipelineError } from "../errors";
import { slugify } from "../../workers/lib/slug";
import { workingSet, type PulledArtwork, type Workspace } from "../workspace";

export interface Collection {
  works: PulledArtwork[];
  vectors: Matrix;
}

/**
 * Every embedding of the working set in one matrix. Read straight into a buffer sized for the
 * whole working set (one copy of the vectors: 2 GB at a million works of 512 dimensions), not
 * gathered as a million small arrays first and then copied.
 */
export function loadCollection(ws: Workspace, modelId: string): Collection {
  const candidates = workingSet(ws.pullState());
  const works: PulledArtwork[] = [];
  let data: Float32Array | null = null;
  let dims = 0;
  for (const work of candidates) {
    const vector = ws.readEmbedding(modelId, work.imageHash!);
    if (!vector) continue;
    if (!data) {
      dims = vector.length;
      data = new Float32Array(candidates.length * dims);
    }
    if (vector.length !== dims) {
      throw new PipelineError(`the embedding of image ${work.imageHash} has ${vector.length} dimensions, the others ${dims}: run \`npm run offline -- embed\` again for model ${modelId}`);
    }
    data.set(vector, works.length * dims);
    works.push(work);
  }
  if (!data) throw new PipelineError(`no embeddings for model ${modelId}: run \`npm run offline -- embed\` first`);
  return { works, vectors: matrix(data.subarray(0, works.length * dims), works.length, dims) };
}

/**
 * The working set's embeddings as a row source read from disk on demand: the map holds only
 * its fitted sample and one block (about 60 MB at 512 dimensions), not the whole collection
 * (2 GB at a million works). Only the works that have an embedding count, as in loadCollection.
 */
export function embeddingRows(ws: Workspace, modelId: string): { works: PulledArtwork[]; rows: RowSource } {
  const works = workingSet(ws.pullState()).filter((work) => ws.hasEmbedding(modelId, work.imageHash!));
  if (works.length === 0) throw new PipelineError(`no embeddings for model ${modelId}: run \`npm run offline -- embed\` first`);
  const cols = ws.readEmbedding(modelId, works[0]!.imageHash!)!.length;
  const copyRows = (rows: readonly number[], into: Float32Array, at: number) =>
    rows.forEach((row, i) => {
      const hash = works[row]!.imageHash!;
      const vector = ws.readEmbedding(modelId, hash);
      if (!vector) throw new PipelineError(`the embedding of image ${hash} disappeared while the map read it: run \`npm run offline -- map\` again`);
      if (vector.length !== cols) {
        throw new PipelineError(`the embedding of image ${hash} has ${vector.length} dimensions, the others ${cols}: run \`npm run offline -- embed\` again for model ${modelId}`);
      }
      into.set(vector, (at + i) * cols);
    });
  return { works, rows: { rows: works.length, cols, copyRows } };
}

export interface MapResult { ids: number[]; x: number[]; y: number[] }
export interface ClusterResult { ordinal: number; slug: string; name: string; size: number; x: number; y: number; representatives: number[]; members: number[] }
export interface NeighbourResult { artworkId: number; neighbours: { id: number; score: number }[] }

export function computeMap(ws: Workspace, modelId: string): MapResult {
  const { works, rows } = embeddingRows(ws, modelId);
  const coords = umapLayout(rows, { seed: 42 });
  const result = { ids: works.map((w) => w.id), x: works.map((_, i) => coords[2 * i]!), y: works.map((_, i) => coords[2 * i + 1]!) };
  ws.writeJson(ws.resultPath(modelId, "map"), result);
  console.log(`map: ${works.length} works laid out in 2-D (UMAP)`);
  return result;
}

export function computeClusters(ws: Workspace, modelId: string): ClusterResult[] {
  const { works, vectors } = loadCollection(ws, modelId);
  const map = ws.readJson<MapResult | null>(ws.resultPath(modelId, "map"), null);
  const position = new Map(map?.ids.map((id, i) => [id, [map.x[i]!, map.y[i]!] as const]) ?? []);
  const clustering = clusterEmbeddings(vectors, { seed: 7, representatives: 6 });
  const allTags = works.map((w) => w.tags);
  const used = new Set<string>();
  const result = clustering.clusters
    .filter((c) => c.size > 0)
    .map((cluster, ordinal): ClusterResult => {
      const members = works.filter((_, i) => clustering.assignment[i] === cluster.id);
      const name = nameCluster(members.map((m) => m.tags), allTags).title;
      let slug = slugify(name);
      for (let n = 2; used.has(slug); n++) slug = `${slugify(name)}-${n}`;
      used.add(slug);
      const points = members.map((m) => position.get(m.id)).filter((p): p is readonly [number, number] => Boolean(p));
      const mean = (k: 0 | 1) => (points.length ? points.reduce((s, p) => s + p[k], 0) / points.length : 0.5);
      return { ordinal, slug, name, size: members.length, x: mean(0), y: mean(1), representatives: cluster.representatives.map((row) => works[row]!.id), members: members.map((m) => m.id) };
    });
  ws.writeJson(ws.resultPath(modelId, "clusters"), result);
  console.log(`cluster: ${result.length} vibes: ${result.map((c) => `${c.name} (${c.size})`).join(", ")}`);
  return result;
}

export function computeNeighbours(ws: Workspace, modelId: string, k = 24): NeighbourResult[] {
  const { works, vectors } = loadCollection(ws, modelId);
  const started = Date.now();
  // The same image is the same work (a duplicate listing), never its own "more like this".
  const exclude = (i: number, j: number) => works[i]!.imageHash === works[j]!.imageHash;
  // Exact below APPROXIMATE_MIN_ROWS (O(n^2): about 54 s at 100k on 2 cores), HNSW with exact re-scoring above.
  const approximate = vectors.rows >= APPROXIMATE_MIN_ROWS;
  const found = approximate ? approximateTopK(vectors, k, { exclude }) : topKNeighbours(vectors, k, { exclude });
  const result = works.map((work, i) => {
    const neighbours: { id: number; score: number }[] = [];
    for (let r = 0; r < found.k; r++) {
      const j = found.ids[i * found.k + r]!;
      if (j >= 0) neighbours.push({ id: works[j]!.id, score: Number(found.scores[i * found.k + r]!.toFixed(5)) });
    }
    return { artworkId: work.id, neighbours };
  });
  ws.writeJson(ws.resultPath(modelId, "neighbours"), result);
  console.log(`neighbors: top-${k} for ${works.length} works (${approximate ? "approximate, HNSW" : "exact"}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

const ANALYSIS_RESULTS = ["map", "clusters", "neighbours"] as const;

/**
 * A fingerprint of what the map, vibes and neighbour lists are computed from: the model, and each
 * available work with an embedding (id, image, tags, and its embedding file's size and time, so a
 * re-embedded image counts as changed). All three are seeded, so the same inputs give the same results.
 * The code is not in it: bump `analysis v1` when a change to map.ts, clusters.ts or neighbours*.ts
 * changes what they compute, so work folders analysed before compute again.
 */
export function analysisInputs(ws: Workspace, modelId: string): string {
  const hash = createHash("sha256").update(`analysis v1\n${modelId}\n`);
  for (const work of workingSet(ws.pullState())) {
    let embedding: { size: number; mtimeMs: number };
    try {
      embedding = statSync(ws.embeddingPath(modelId, work.imageHash!));
    } catch {
      continue; // no embedding: not in the collection the analysis sees
    }
    hash.update(`${JSON.stringify([work.id, work.imageHash, work.tags, embedding.size, embedding.mtimeMs])}\n`);
  }
  return hash.digest("hex");
}

/** True when the last complete analysis was of exactly these inputs and its three results are all there. */
export function analysisCurrent(ws: Workspace, modelId: string, inputs: string): boolean {
  const recorded = ws.readJson<{ inputs?: string } | null>(ws.resultPath(modelId, "analysis-inputs"), null);
  return recorded?.inputs === inputs && ANALYSIS_RESULTS.every((name) => ws.has(ws.resultPath(modelId, name)));
}

/** Written after all three results, so a run killed part-way computes them again. */
export function recordAnalysisInputs(ws: Workspace, modelId: string, inputs: string): void {
  ws.writeJson(ws.resultPath(modelId, "analysis-inputs"), { inputs });
}

/** The map, vibes and neighbours of `run`: kept when nothing they are computed from changed since the last run. */
export function analyseIfChanged(ws: Workspace, modelId: string): void {
  const inputs = analysisInputs(ws, modelId);
  if (analysisCurrent(ws, modelId, inputs)) {
    console.log("map, cluster, neighbors: kept (the same works, images, tags and embeddings as the last run)");
    return;
  }
  computeMap(ws, modelId);
  computeClusters(ws, modelId);
  computeNeighbours(ws, modelId);
  recordAnalysisInputs(ws, modelId, inputs);
}
