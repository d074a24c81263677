/**
 * What a metadata index "sees" of a vector's metadata, as Vectorize defines it:
 * only properties with a metadata index, only values of the index's type, and
 * strings cut to their first 64 bytes on a UTF-8 boundary.
 */
import { MAX_INDEXED_STRING_BYTES } from "./limits";
import type { MetadataIndex, StoredMetadataIndex } from "./types";

export type IndexedValue = string | number | boolean;
export type Metadata = Record<string, VectorizeVectorMetadata>;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Longest prefix of `text` that fits `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text; // cannot exceed: skip the walk
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Follows a dotted path ("pandas.nice") into nested metadata objects. */
export function resolvePath(metadata: Metadata | null, path: string): unknown {
  let current: unknown = metadata;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The value an index holds for this metadata, or undefined when it holds none. */
export function indexedValue(metadata: Metadata | null, index: MetadataIndex): IndexedValue | undefined {
  const value = resolvePath(metadata, index.propertyName);
  switch (index.type) {
    case "string":
      return typeof value === "string" ? truncateUtf8(value, MAX_INDEXED_STRING_BYTES) : undefined;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
  }
}

/** Indexes that contain a vector written at generation `writtenAt`. */
export function indexesCovering(
  indexes: readonly StoredMetadataIndex[],
  writtenAt: number,
): StoredMetadataIndex[] {
  return indexes.filter((index) => writtenAt > index.createdAt);
}

/**
 * Metadata as `returnMetadata: "indexed"` returns it: indexed properties only,
 * strings truncated, dotted paths rebuilt as nested objects.
 */
export function indexedMetadata(
  metadata: Metadata | null,
  indexes: readonly StoredMetadataIndex[],
  writtenAt: number,
): Metadata {
  const out: Record<string, unknown> = {};
  for (const index of indexesCovering(indexes, writtenAt)) {
    const value = indexedValue(metadata, index);
    if (value === undefined) continue;
    const path = index.propertyName.split(".");
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = (next !== null && typeof next === "object" ? next : (node[key] = {})) as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return out as Metadata;
}
