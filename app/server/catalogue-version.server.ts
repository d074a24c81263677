/** The catalogue version the edge cache is keyed by (bumped by the Worker; see docs/decisions/0006). */
export async function catalogueVersion(db: D1Database): Promise<number> {
  const row = await db.prepare("SELECT value FROM site_state WHERE key = 'catalogue_version'").first<{ value: number }>();
  return row?.value ?? 0;
}
