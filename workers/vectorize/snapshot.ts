/**
 * An in-memory copy of one index at one generation: all values in a single
 * Float32Array (row-major), with per-row ids, namespaces, metadata, and the
 * values each metadata index holds, precomputed so a query is one tight scan.
 */
import { decodeHexInto } from "./codec";
import type { IndexedRow } from "./filter";
import { type Metadata, indexedValue, indexesCovering } from "./metadata";
import { inverseNorm } from "./metric";
import type { IndexState, StoredMetadataIndex, StoredVector } from "./types";

export class Snapshot {
  generation: number;
  readonly uid: string;
  readonly dimensions: number;
  readonly metric: VectorizeDistanceMetric;
  readonly metadataIndexes: readonly StoredMetadataIndex[];

  size = 0;
  matrix: Float32Array;
  inverseNorms: Float64Array;
  readonly ids: string[] = [];
  readonly namespaces: (string | null)[] = [];
  readonly metadata: (Metadata | null)[] = [];
  readonly writtenAt: number[] = [];
  readonly indexed: IndexedRow[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(state: IndexState, capacity: number) {
    this.generation = state.generation;
    this.uid = state.uid;
    this.dimensions = state.dimensions;
    this.metric = state.metric;
    this.metadataIndexes = state.metadataIndexes;
    this.matrix = new Float32Array(Math.max(capacity, 16) * this.dimensions);
    this.inverseNorms = new Float64Array(Math.max(capacity, 16));
  }

  rowOfId(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** A copy of a row's values. */
  valuesAt(row: number): Float32Array {
    const start = row * this.dimensions;
    return this.matrix.slice(start, start + this.dimensions);
  }

  /** Adds or replaces a vector whose values are still the hex read from D1. */
  putHex(id: string, namespace: string | null, hex: string, metadata: Metadata | null, writtenAt: number): void {
    const row = this.slotFor(id);
    decodeHexInto(hex, new Uint8Array(this.matrix.buffer), row * this.dimensions * 4);
    this.finishRow(row, id, namespace, metadata, writtenAt);
  }

  /** Adds or replaces a decoded vector. */
  put(vector: StoredVector): void {
    const row = this.slotFor(vector.id);
    this.matrix.set(vector.values, row * this.dimensions);
    this.finishRow(row, vector.id, vector.namespace, vector.metadata, vector.writtenAt);
  }

  /** Removes a vector by moving the last row into its place. */
  remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = this.size - 1;
    if (row !== last) {
      const d = this.dimensions;
      this.matrix.copyWithin(row * d, last * d, last * d + d);
      this.inverseNorms[row] = this.inverseNorms[last]!;
      this.ids[row] = this.ids[last]!;
      this.namespaces[row] = this.namespaces[last]!;
      this.metadata[row] = this.metadata[last]!;
      this.writtenAt[row] = this.writtenAt[last]!;
      this.indexed[row] = this.indexed[last]!;
      this.rowOf.set(this.ids[row]!, row);
    }
    for (const list of [this.ids, this.namespaces, this.metadata, this.writtenAt, this.indexed]) list.length = last;
    this.rowOf.delete(id);
    this.size = last;
  }

  private slotFor(id: string): number {
    const existing = this.rowOf.get(id);
    if (existing !== undefined) return existing;
    if (this.size === this.inverseNorms.length) this.grow();
    const row = this.size++;
    this.rowOf.set(id, row);
    return row;
  }

  private grow(): void {
    const capacity = Math.ceil(this.inverseNorms.length * 1.5);
    const matrix = new Float32Array(capacity * this.dimensions);
    matrix.set(this.matrix);
    const norms = new Float64Array(capacity);
    norms.set(this.inverseNorms);
    this.matrix = matrix;
    this.inverseNorms = norms;
  }

  private finishRow(row: number, id: string, namespace: string | null, metadata: Metadata | null, writtenAt: number): void {
    this.inverseNorms[row] = inverseNorm(this.matrix, row * this.dimensions, this.dimensions);
    this.ids[row] = id;
    this.namespaces[row] = namespace;
    this.metadata[row] = metadata;
    this.writtenAt[row] = writtenAt;
    const indexed: Record<string, string | number | boolean> = {};
    for (const index of indexesCovering(this.metadataIndexes, writtenAt)) {
      const value = indexedValue(metadata, index);
      if (value !== undefined) indexed[index.propertyName] = value;
    }
    this.indexed[row] = indexed;
  }
}
