/**
 * Clusters ("vibes") over normalised embeddings: seeded k-means, each cluster with the works
 * nearest its centre as representatives, and a name drawn from the tags that are frequent in
 * the cluster but not across the whole collection.
 */
import { COLOUR_NAMES } from "../../workers/demo-shop/colours.ts";
import { kmeans } from "./kmeans.ts";
import { type Matrix, l2NormaliseRows } from "./matrix.ts";

export interface ClusterOptions {
  /** Number of clusters; defaultClusterCount(n) when absent. */
  k?: number;
  seed?: number;
  /** Representatives kept per cluster. */
  representatives?: number;
  restarts?: number;
  maxIterations?: number;
  /** Stop a k-means run once a pass improves the inertia by less than this share (default 1e-4). */
  tolerance?: number;
  /** k-means++ seeding on at most this many rows (default 10,000). */
  seedSample?: number;
}

export interface Cluster {
  id: number;
  size: number;
  /** Row indices of the members nearest the centre, nearest first. */
  representatives: number[];
}

export interface Clustering {
  k: number;
  /** Cluster id of every row. */
  assignment: Int32Array;
  /** k x cols centres (in the normalised space). */
  centres: Float32Array;
  clusters: Cluster[];
}

/** round(sqrt(n/2)) clamped to [4, 40]: enough vibes to browse, few enough to name. Never above n. */
export function defaultClusterCount(n: number): number {
  return Math.min(n, Math.max(4, Math.min(40, Math.round(Math.sqrt(n / 2)))));
}

export function clusterEmbeddings(m: Matrix, options: ClusterOptions = {}): Clustering {
  const n = m.rows;
  if (n === 0) return { k: 0, assignment: new Int32Array(0), centres: new Float32Array(0), clusters: [] };
  const normalised = l2NormaliseRows(m);
  const k = Math.min(n, options.k ?? defaultClusterCount(n));
  const result = kmeans(normalised.data, n, m.cols, k, {
    seed: options.seed ?? 0,
    restarts: options.restarts ?? 3,
    maxIterations: options.maxIterations ?? 100,
    // Past ~10k works the last passes only move a few boundary points (the inertia changes in
    // its sixth digit) and seeding over every row costs a pass per restart: both capped, so the
    // time grows about linearly with the collection (docs/benchmarks.md, map rows).
    tolerance: options.tolerance ?? 1e-4,
    seedSample: options.seedSample ?? 10_000,
  });
  const members: number[][] = Array.from({ length: result.k }, () => []);
  for (let i = 0; i < n; i++) members[result.assignment[i] as number]?.push(i);

  const want = Math.max(0, options.representatives ?? 6);
  const d = m.cols;
  const clusters = members.map((rows, id) => {
    // Nearest to the centre by Euclidean distance in the normalised space; ties by row index.
    const dist = new Map<number, number>();
    for (const row of rows) {
      let sum = 0;
      for (let c = 0; c < d; c++) {
        const diff = (normalised.data[row * d + c] as number) - (result.centres[id * d + c] as number);
        sum += diff * diff;
      }
      dist.set(row, sum);
    }
    const representatives = [...rows].sort((a, b) => (dist.get(a) as number) - (dist.get(b) as number) || a - b).slice(0, want);
    return { id, size: rows.length, representatives };
  });
  return { k: result.k, assignment: result.assignment, centres: result.centres, clusters };
}

export interface ClusterName {
  title: string;
  /** The chosen tags, most distinctive first, with their share in the cluster and lift. */
  tags: Array<{ tag: string; share: number; lift: number }>;
}

export interface NameOptions {
  /** Tags in the title. */
  maxTags?: number;
  /** A tag must be on at least this share of the cluster's works to speak for it. */
  minShare?: number;
}

const COLOUR_WORDS: ReadonlySet<string> = new Set(COLOUR_NAMES);

/**
 * Name a cluster by its most distinctive tags. Each tag scores share x log(lift), where share is
 * its frequency among the members and lift = share / its frequency in the whole collection: a tag
 * on every work (e.g. "art") has lift 1 and scores 0, however common it is in the cluster.
 * `allTags` is the tag list of every work in the collection (members included).
 */
export function nameCluster(memberTags: ReadonlyArray<readonly string[]>, allTags: ReadonlyArray<readonly string[]>, options: NameOptions = {}): ClusterName {
  const maxTags = Math.max(1, options.maxTags ?? 2);
  const minShare = options.minShare ?? 0.2;
  const inCluster = documentFrequency(memberTags);
  const overall = documentFrequency(allTags);
  const size = Math.max(1, memberTags.length);
  const total = Math.max(1, allTags.length);

  const scored: Array<{ tag: string; share: number; lift: number; score: number }> = [];
  for (const [tag, count] of inCluster) {
    const share = count / size;
    if (share < minShare) continue;
    // A member's tag is in the collection too; max() guards against callers passing a subset.
    const globalShare = Math.max(count, overall.get(tag) ?? 0) / Math.max(total, size);
    const lift = share / globalShare;
    if (lift <= 1) continue;
    scored.push({ tag, share, lift, score: share * Math.log(lift) });
  }
  scored.sort((a, b) => b.score - a.score || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const chosen = scored.slice(0, maxTags).map(({ tag, share, lift }) => ({ tag, share, lift }));
  return { title: formatTitle(chosen.map((t) => t.tag)), tags: chosen };
}

/** Tag -> number of works carrying it (a work's repeated tag counts once). */
function documentFrequency(tagLists: ReadonlyArray<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tags of tagLists) {
    for (const tag of new Set(tags.map(normaliseTag))) {
      if (tag) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  return counts;
}

function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/** ["colour-field", "crimson"] -> "Crimson colour field": colour words read first, as adjectives. */
function formatTitle(tags: readonly string[]): string {
  if (tags.length === 0) return "Miscellany";
  const ordered = [...tags.filter((t) => COLOUR_WORDS.has(t)), ...tags.filter((t) => !COLOUR_WORDS.has(t))];
  const text = ordered.map((t) => t.replace(/[-_]+/g, " ")).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
