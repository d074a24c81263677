/**
 * The catalogue version the site keys its edge cache by (see
 * docs/decisions/0006). A trigger bumps it when an artwork changes; pipeline
 * pushes (vectors, neighbours, map, clusters, palettes) bump it here.
 */
export async function bumpCatalogueVersion(db: D1Database): Promise<void> {
  await db
    .prepare("INSERT INTO site_state (key, value) VALUES ('catalogue_version', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1")
    .run();
}
