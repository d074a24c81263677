/**
 * Which embedding model the site reads: ACTIVE_MODEL when set, else the newest
 * model the pipeline has pushed neighbours for. Vectors, neighbours, the map
 * and clusters are all per model, so every query names it.
 */
export interface ActiveModel {
  id: string;
  dimensions: number;
}

const TTL_MS = 60_000;
let cached: { at: number; key: string; model: ActiveModel | null } | null = null;

export async function activeModel(db: D1Database, configured?: string): Promise<ActiveModel | null> {
  const key = configured ?? "";
  if (cached && cached.key === key && Date.now() - cached.at < TTL_MS) return cached.model;
  const model = configured
    ? await db.prepare("SELECT id, dimensions FROM models WHERE id = ?").bind(configured).first<ActiveModel>()
    : await db
        .prepare(
          `SELECT m.id, m.dimensions FROM models m
           WHERE EXISTS (SELECT 1 FROM neighbours n WHERE n.model_id = m.id)
           ORDER BY m.created_at DESC, m.id LIMIT 1`,
        )
        .first<ActiveModel>();
  // An empty answer is not cached, so the first pipeline push shows up at once.
  if (model) cached = { at: Date.now(), key, model };
  return model ?? null;
}

/** For tests that seed a model and expect to see it immediately. */
export function forgetActiveModel(): void {
  cached = null;
}
