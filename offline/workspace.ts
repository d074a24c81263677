/**
 * The pipeline's local state, under one work folder (default `.offline/`):
 *   artworks.json                    what was pulled, by id, plus the pull cursor
 *   images/<hash>                    image bytes (content-addressed)
 *   embeddings/<model>/<hash>.f32    one L2-normalised vector per image and model
 *   palettes/<hash>.json             dominant colours per image
 *   results/<model>/*.json           map, clusters, neighbours
 *   thumbs/<width>/<hash>.webp       WebP thumbnails (320 and 640 px wide) made by `thumbs`
 * Every file is written to a temporary name and renamed into place, so a killed
 * run leaves either the old file or the new one, never half of one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface PulledArtwork {
  id: number;
  slug: string;
  title: string;
  artist: string | null;
  tags: string[];
  imageHash: string | null;
  available: boolean;
  updatedAt: number;
}

export interface PullState {
  cursor: string | null;
  artworks: Record<string, PulledArtwork>;
}

export class Workspace {
  constructor(readonly root: string) {}

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  imagePath(hash: string): string {
    return this.path("images", hash);
  }

  embeddingPath(modelId: string, hash: string): string {
    return this.path("embeddings", modelId, `${hash}.f32`);
  }

  palettePath(hash: string): string {
    return this.path("palettes", `${hash}.json`);
  }

  thumbnailPath(width: number, hash: string): string {
    return this.path("thumbs", String(width), `${hash}.webp`);
  }

  resultPath(modelId: string, name: string): string {
    return this.path("results", modelId, `${name}.json`);
  }

  has(path: string): boolean {
    return existsSync(path);
  }

  readBytes(path: string): Uint8Array {
    const bytes = readFileSync(path);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  writeAtomic(path: string, data: string | Uint8Array): void {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, data);
    renameSync(temp, path);
  }

  writeJson(path: string, value: unknown): void {
    this.writeAtomic(path, JSON.stringify(value));
  }

  readJson<T>(path: string, fallback: T): T {
    if (!existsSync(path)) return fallback;
    return JSON.parse(readFileSync(path, "utf8")) as T;
  }

  pullState(): PullState {
    return this.readJson<PullState>(this.path("artworks.json"), { cursor: null, artworks: {} });
  }

  savePullState(state: PullState): void {
    this.writeJson(this.path("artworks.json"), state);
  }

  hasEmbedding(modelId: string, hash: string): boolean {
    return existsSync(this.embeddingPath(modelId, hash));
  }

  readEmbedding(modelId: string, hash: string): Float32Array | null {
    const path = this.embeddingPath(modelId, hash);
    if (!existsSync(path)) return null;
    const bytes = readFileSync(path);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  writeEmbedding(modelId: string, hash: string, vector: Float32Array): void {
    this.writeAtomic(this.embeddingPath(modelId, hash), new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  }
}

/** Available works with an image: what every later step works on, in a stable order. */
export function workingSet(state: PullState): PulledArtwork[] {
  return Object.values(state.artworks)
    .filter((a) => a.available && a.imageHash)
    .sort((a, b) => a.id - b.id);
}
