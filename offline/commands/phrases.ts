/**
 * phrases: pre-encodes the texts visitors are likely to search for, and pushes them to the
 * deployment's query-vector cache (PUT /admin/pipeline/query-vectors), so search keeps
 * working, degraded, when the query encoder is unreachable. The texts: every tag of the
 * catalogue, every colour name the palette namer uses, the cluster names, and the
 * committed list of popular phrases (offline/phrases/popular.txt). Texts the deployment
 * already has for this model are skipped, so a re-run (or a run after a kill) only
 * encodes what is new.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COLOUR_NAMES } from "../../workers/demo-shop/colours";
import { MAX_QUERY_TEXT_LENGTH, normaliseQueryText } from "../../workers/lib/query-text";
import type { AdminApi } from "../admin-api";
import { embedTexts } from "../models/encoder";
import type { LoadedModel } from "../models/load-model";
import { ProgressLine } from "../progress";
import type { Workspace } from "../workspace";
import type { ClusterResult } from "./analyse";

/** Texts encoded and pushed per call (the route takes at most 1,000). */
const BATCH = 500;
export const POPULAR_PHRASES_FILE = join(import.meta.dirname, "..", "phrases", "popular.txt");

export interface PhraseSources {
  tags: string[];
  colours: string[];
  clusters: string[];
  popular: string[];
}

/** The popular-phrases file: one phrase a line, # comments and blank lines ignored. */
export function readPhraseFile(path = POPULAR_PHRASES_FILE): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

/** Where the texts come from, each list normalised, valid and without repeats. */
export function phraseSources(ws: Workspace, modelId: string, popularFile = POPULAR_PHRASES_FILE): PhraseSources {
  const clean = (texts: Iterable<string>) => [...new Set([...texts].map(normaliseQueryText))].filter((t) => t.length > 0 && t.length <= MAX_QUERY_TEXT_LENGTH).sort();
  const artworks = Object.values(ws.pullState().artworks);
  const clusters = ws.readJson<ClusterResult[]>(ws.resultPath(modelId, "clusters"), []);
  return {
    // Tags are slugs ("colour-field"); visitors type words ("colour field").
    tags: clean(artworks.flatMap((a) => a.tags.map((tag) => tag.replace(/-/g, " ")))),
    colours: clean(COLOUR_NAMES),
    clusters: clean(clusters.map((c) => c.name)),
    popular: clean(readPhraseFile(popularFile)),
  };
}

/** Every text the deployment already caches for a model. */
export async function cachedTexts(api: AdminApi, modelId: string): Promise<Set<string>> {
  const texts = new Set<string>();
  let after: string | null = null;
  do {
    const query = new URLSearchParams({ model: modelId, limit: "5000", ...(after !== null ? { after } : {}) });
    const page: { texts: string[]; next: string | null } = await api.json("GET", `/admin/pipeline/query-vectors?${query}`);
    for (const text of page.texts) texts.add(text);
    after = page.next;
  } while (after !== null);
  return texts;
}

export async function phrases(api: AdminApi, ws: Workspace, model: LoadedModel, options: { popularFile?: string; quiet?: boolean } = {}): Promise<{ pushed: number; cached: number }> {
  const modelId = model.manifest.id;
  await api.json("PUT", `/admin/pipeline/models/${modelId}`, { dimensions: model.manifest.dimensions, description: model.manifest.description });
  const sources = phraseSources(ws, modelId, options.popularFile);
  const wanted = [...new Set([...sources.tags, ...sources.colours, ...sources.clusters, ...sources.popular])].sort();
  const cached = await cachedTexts(api, modelId);
  const todo = wanted.filter((text) => !cached.has(text));
  const progress = new ProgressLine(`phrases (${modelId})`, options.quiet);
  for (let start = 0; start < todo.length; start += BATCH) {
    const batch = todo.slice(start, start + BATCH);
    const vectors = await embedTexts(model, batch);
    await api.json("PUT", "/admin/pipeline/query-vectors", { model: modelId, entries: batch.map((text, i) => ({ text, vector: Array.from(vectors[i]!) })) });
    progress.update(start + batch.length, todo.length);
  }
  progress.finish(
    `${todo.length} encoded and pushed, ${wanted.length - todo.length} already cached ` +
      `(${sources.tags.length} tags, ${sources.colours.length} colours, ${sources.clusters.length} cluster names, ${sources.popular.length} popular phrases)`,
  );
  return { pushed: todo.length, cached: wanted.length - todo.length };
}
