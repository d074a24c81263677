/** The catalogue version the edge cache and the fragment cache are keyed by (bumped by the Worker; see docs/decisions/0006). */
const VERSION_SQL = "SELECT value FROM site_state WHERE key = 'catalogue_version'";

export async function catalogueVersion(db: D1Database): Promise<number> {
  const row = await db.prepare(VERSION_SQL).first<{ value: number }>();
  return row?.value ?? 0;
}

/** The same read as a statement, to ride in a request's one db.batch() with its personal reads. */
export function catalogueVersionStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(VERSION_SQL);
}

/** The version out of catalogueVersionStatement's result. */
export function versionFrom(result: D1Result | undefined): number {
  return (result?.results[0] as { value: number } | undefined)?.value ?? 0;
}
