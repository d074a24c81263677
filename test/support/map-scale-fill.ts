/**
 * Fills a local D1 with a synthetic explore map of N works (map data only: a model, a cluster
 * per region, artworks with just a slug and a title, their map points), generated inside SQLite
 * by one recursive query, so a million rows take seconds rather than a pipeline run. Positions
 * are deterministic: each work sits near its cluster's centre with a bell-shaped spread.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { localCloudflareEnv, projectRoot } from "../../scripts/lib/local-env";
import { runCommand } from "../../scripts/lib/run";

export const SCALE_MODEL = "scale-map-v1";
const CLUSTERS = 24;

export function mapScaleSql(works: number): string {
  const centres = Array.from({ length: CLUSTERS }, (_, k) => ({
    k,
    x: ((k * 0.618034) % 1) * 40,
    y: ((k * 0.754878 + 0.3) % 1) * 24,
    spread: 1 + (k % 5) * 0.6,
  }));
  // Three uniform draws, summed: a bell shape in [-1.5, 1.5]. Each draw is a quadratic in i
  // modulo a prime with its own constants: draws linear in i put the works on a lattice (diagonal
  // stripes at 1x, empty gaps between lattice points when zoomed in).
  const MULTIPLIERS = [2654435761, 2246822519, 3266489917, 668265263, 374761393, 1181783497, 3144134277];
  const uniform = (salt: number) =>
    `((((i * i) % 1000003) * ${MULTIPLIERS[salt % MULTIPLIERS.length]} + i * ${MULTIPLIERS[(salt + 3) % MULTIPLIERS.length]} + ${salt * 40503}) % 1000003) / 1000003.0`;
  const bell = (a: number) => `(${uniform(a)} + ${uniform(a + 1)} + ${uniform(a + 2)} - 1.5)`;
  return [
    `INSERT OR IGNORE INTO models (id, dimensions, description) VALUES ('${SCALE_MODEL}', 512, 'synthetic map for the scale test');`,
    `INSERT OR IGNORE INTO artists (id, slug, name) VALUES (1, 'synthetic-artist', 'Synthetic Artist');`,
    ...centres.map(
      (c) =>
        `INSERT OR IGNORE INTO clusters (id, model_id, ordinal, slug, name, size, x, y) VALUES (${c.k + 1}, '${SCALE_MODEL}', ${c.k}, 'region-${c.k}', 'Region ${c.k}', ${Math.ceil(works / CLUSTERS)}, ${c.x.toFixed(3)}, ${c.y.toFixed(3)});`,
    ),
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${works})
     INSERT OR IGNORE INTO artworks (id, slug, title, artist_id, first_seen_at, last_seen_at, updated_at)
     SELECT i, 'scale-work-' || i, 'Scale work ' || i, 1, 1796515200000, 1796515200000, 1796515200000 FROM seq;`,
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${works}),
       centres(k, x, y, spread) AS (VALUES ${centres.map((c) => `(${c.k}, ${c.x.toFixed(3)}, ${c.y.toFixed(3)}, ${c.spread.toFixed(2)})`).join(", ")})
     INSERT OR REPLACE INTO map_points (model_id, artwork_id, x, y, cluster_id)
     SELECT '${SCALE_MODEL}', i, c.x + ${bell(1)} * c.spread * 2, c.y + ${bell(4)} * c.spread * 2, c.k + 1 FROM seq JOIN centres c ON c.k = i % ${CLUSTERS};`,
    // The site shows the newest model that has neighbours.
    `INSERT OR IGNORE INTO neighbours (model_id, artwork_id, rank, neighbour_id, score) VALUES ('${SCALE_MODEL}', 1, 0, 2, 0.9);`,
  ].join("\n");
}

/** Writes the SQL into `dir` and runs it against the local D1 kept in `persistTo`. */
export async function fillMapScale(persistTo: string, dir: string, works: number): Promise<void> {
  const file = join(dir, `map-scale-${works}.sql`);
  writeFileSync(file, mapScaleSql(works));
  await runCommand(join(projectRoot, "node_modules", ".bin", "wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file, "--yes"], {
    cwd: projectRoot,
    env: localCloudflareEnv(),
    label: "wrangler d1 execute (map scale fill)",
  });
}
