/**
 * The taste finder: a short sequence of works, one per step, each from a
 * different vibe (cluster) of the active model, that the visitor likes,
 * skips or dislikes; the answers are ordinary reactions, so they seed the
 * personal feed.
 *
 * The sequence is deterministic: the vibes come in a fixed order (largest
 * first), so consecutive steps always show different vibes. The first round
 * shows each vibe's most representative work (the clearest probe of taste,
 * and the same for everyone, so nothing changes when the first answer is
 * what creates the visitor's session); later rounds, when there are fewer
 * vibes than steps, show other representatives chosen by the session, never
 * one already shown. Reloading a step shows the same card.
 */
import { sha256Hex } from "../../workers/lib/hash";
import { type ArtworkCard, cardsByIds } from "./artworks.server";
import { activeModel } from "./models.server";

export const TASTE_STEPS = 8;

export interface TasteCluster {
  slug: string;
  name: string;
}

interface TasteSample {
  artworkId: number;
  cluster: TasteCluster;
}

export type TasteView =
  | { kind: "empty" }
  | { kind: "step"; step: number; total: number; sample: ArtworkCard; cluster: TasteCluster }
  | { kind: "done"; total: number };

interface RepresentativeRow {
  clusterId: number;
  slug: string;
  name: string;
  artworkId: number;
}

async function stableHash(text: string): Promise<number> {
  return parseInt((await sha256Hex(text)).slice(0, 8), 16);
}

/** The whole sequence for a seed (the session id, or "" before there is one). */
export async function tasteSequence(db: D1Database, modelId: string, seed: string, steps = TASTE_STEPS): Promise<TasteSample[]> {
  const { results } = await db
    .prepare(
      `SELECT c.id AS clusterId, c.slug, c.name, r.artwork_id AS artworkId
       FROM clusters c
       JOIN cluster_representatives r ON r.cluster_id = c.id
       JOIN artworks a ON a.id = r.artwork_id AND a.available = 1
       WHERE c.model_id = ?
       ORDER BY c.size DESC, c.ordinal, c.id, r.rank`,
    )
    .bind(modelId)
    .all<RepresentativeRow>();
  const clusters: { id: number; cluster: TasteCluster; works: number[]; offset: number }[] = [];
  for (const row of results) {
    const last = clusters.at(-1);
    if (last && last.id === row.clusterId) last.works.push(row.artworkId);
    else clusters.push({ id: row.clusterId, cluster: { slug: row.slug, name: row.name }, works: [row.artworkId], offset: 0 });
  }
  for (const c of clusters) c.offset = c.works.length > 1 ? (await stableHash(`taste:${seed}:${c.cluster.slug}`)) % (c.works.length - 1) : 0;
  const sequence: TasteSample[] = [];
  const seen = new Set<number>();
  const rounds = Math.max(0, ...clusters.map((c) => c.works.length));
  for (let round = 0; round < rounds && sequence.length < steps; round++) {
    for (const c of clusters) {
      if (sequence.length >= steps) break;
      if (round >= c.works.length) continue;
      // Round 0: the top representative; then the others, in a per-session rotation.
      const artworkId = round === 0 ? c.works[0]! : c.works[1 + ((c.offset + round - 1) % (c.works.length - 1))]!;
      if (seen.has(artworkId)) continue;
      seen.add(artworkId);
      sequence.push({ artworkId, cluster: c.cluster });
    }
  }
  return sequence;
}

/** What step `step` (1-based) of the taste finder shows for a session. */
export async function tasteView(env: { DB: D1Database; ACTIVE_MODEL?: string }, sessionId: string | null, step: number): Promise<TasteView> {
  const model = await activeModel(env.DB, env.ACTIVE_MODEL);
  if (!model) return { kind: "empty" };
  const sequence = await tasteSequence(env.DB, model.id, sessionId ?? "");
  if (sequence.length === 0) return { kind: "empty" };
  if (step > sequence.length) return { kind: "done", total: sequence.length };
  const sample = sequence[Math.max(1, step) - 1]!;
  const [card] = await cardsByIds(env.DB, [sample.artworkId]);
  if (!card) return { kind: "done", total: sequence.length };
  return { kind: "step", step: Math.max(1, step), total: sequence.length, sample: card, cluster: sample.cluster };
}
