/**
 * Exact (brute-force) nearest-neighbour search over a snapshot: namespace
 * first, then the metadata filter, then the top K by the index's metric, as
 * Vectorize orders them ("filter is applied first, and the topK results are
 * taken from the filtered set").
 */
import type { RowPredicate } from "./filter";
import { indexedMetadata } from "./metadata";
import { makeScorer } from "./metric";
import type { Snapshot } from "./snapshot";
import { TopK } from "./top-k";
import type { QueryPlan } from "./validate";

export function search(
  snapshot: Snapshot,
  query: Float32Array,
  plan: QueryPlan,
  predicate: RowPredicate | null,
): VectorizeMatches {
  const scorer = makeScorer(snapshot.metric, query, snapshot.inverseNorms);
  const best = new TopK(plan.topK, (row) => snapshot.ids[row]!);
  const { matrix, namespaces, indexed, dimensions } = snapshot;
  const namespace = plan.namespace;
  for (let row = 0, offset = 0; row < snapshot.size; row++, offset += dimensions) {
    if (namespace !== null && namespaces[row] !== namespace) continue;
    if (predicate !== null && !predicate(indexed[row]!)) continue;
    best.offer(scorer.key(matrix, offset, row), row);
  }
  const matches = best.result().map(({ key, row }) => toMatch(snapshot, row, scorer.score(key), plan));
  return { matches, count: matches.length };
}

function toMatch(snapshot: Snapshot, row: number, score: number, plan: QueryPlan): VectorizeMatch {
  const match: VectorizeMatch = { id: snapshot.ids[row]!, score };
  const namespace = snapshot.namespaces[row];
  if (namespace !== null && namespace !== undefined) match.namespace = namespace;
  if (plan.returnValues) match.values = Array.from(snapshot.valuesAt(row));
  const metadata = snapshot.metadata[row] ?? null;
  if (plan.returnMetadata === "all" && metadata !== null) {
    match.metadata = structuredClone(metadata);
  } else if (plan.returnMetadata === "indexed" && metadata !== null) {
    match.metadata = indexedMetadata(metadata, snapshot.metadataIndexes, snapshot.writtenAt[row]!);
  }
  return match;
}
