/**
 * The smoke test provision ends with, against the deployment: the Worker is
 * healthy, the admin API refuses no token and accepts the real one, one vector
 * pushed into the active model's index becomes queryable (processedUpToMutation
 * reaches its mutationId), and a search on the site finds it. The smoke artwork
 * is written through `wrangler d1 execute` and marked unavailable afterwards.
 */
import type { Runner } from "./runner";
import type { ServedModel } from "./resources";

export interface SmokeOptions {
  workerUrl: string;
  siteUrl: string;
  adminToken: string;
  model: ServedModel;
  fetch?: typeof fetch;
  /** How long to wait for the vector write to be processed (Vectorize takes seconds). */
  timeoutMs?: number;
  pollMs?: number;
  log: (line: string) => void;
}

export const SMOKE_ARTWORK_ID = 999_999_999;
export const SMOKE_TEXT = "provision smoke test";
const SMOKE_HASH = "5".repeat(64);

export function smokeRowsSql(available: boolean): string {
  return [
    "INSERT OR IGNORE INTO artists (id, slug, name) VALUES (999999999, 'provision-smoke', 'Provision Smoke')",
    `INSERT OR IGNORE INTO images (hash, r2_key, content_type, width, height, bytes) VALUES ('${SMOKE_HASH}', 'images/${SMOKE_HASH}', 'image/png', 1, 1, 1)`,
    `INSERT OR IGNORE INTO artworks (id, slug, title, artist_id, image_hash, updated_at) VALUES (${SMOKE_ARTWORK_ID}, 'provision-smoke', 'Provision smoke test', 999999999, '${SMOKE_HASH}', 0)`,
    `UPDATE artworks SET available = ${available ? 1 : 0} WHERE id = ${SMOKE_ARTWORK_ID}`,
  ].join("; ");
}

export async function smokeTest(runner: Runner, options: SmokeOptions): Promise<void> {
  const http = options.fetch ?? fetch;
  const { log, model } = options;
  const admin = (path: string, init: RequestInit = {}, token: string | null = options.adminToken) =>
    http(`${options.workerUrl}/admin/pipeline${path}`, {
      ...init,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Content-Type": "application/json" },
    });
  const expectStatus = async (what: string, res: Response, status: number) => {
    if (res.status !== status) throw new Error(`smoke test: ${what} answered ${res.status}, expected ${status}: ${(await res.text()).slice(0, 300)}`);
    log(`smoke: ${what} -> ${status}`);
    return res;
  };

  await expectStatus("GET /health", await http(`${options.workerUrl}/health`), 200);
  await expectStatus("admin API without a token", await admin(`/coverage?model=${model.id}`, {}, null), 401);
  await expectStatus("admin API with the token", await admin(`/coverage?model=${model.id}`), 200);

  await runner.run({ cmd: "wrangler", args: ["d1", "execute", "DB", "--env", "production", "--remote", "--command", smokeRowsSql(true)], kind: "write" });
  const values = Array.from({ length: model.dimensions }, (_, i) => (i === 0 ? 1 : 0));
  await expectStatus(`PUT model ${model.id}`, await admin(`/models/${model.id}`, { method: "PUT", body: JSON.stringify({ dimensions: model.dimensions }) }), 200);
  const pushed = await expectStatus(
    "push one vector",
    await admin("/vectors", { method: "POST", body: JSON.stringify({ model: model.id, vectors: [{ artworkId: SMOKE_ARTWORK_ID, imageHash: SMOKE_HASH, values }] }) }),
    200,
  );
  const { mutationId } = (await pushed.json()) as { mutationId: string };
  // The site's search uses the newest model with neighbours, and the pre-encoded text cache.
  await expectStatus("push its neighbours", await admin("/neighbours", { method: "PUT", body: JSON.stringify({ model: model.id, items: [{ artworkId: SMOKE_ARTWORK_ID, neighbours: [{ id: SMOKE_ARTWORK_ID, score: 1 }] }] }) }), 200);
  await expectStatus("cache the smoke query's vector", await admin("/query-vectors", { method: "PUT", body: JSON.stringify({ model: model.id, entries: [{ text: SMOKE_TEXT, vector: values }] }) }), 200);

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const status = (await (await admin(`/vectors/status?model=${model.id}`)).json()) as { processedUpToMutation: string | null };
    if (status.processedUpToMutation === mutationId) break;
    if (Date.now() > deadline) throw new Error(`smoke test: mutation ${mutationId} not processed in time (processedUpToMutation ${status.processedUpToMutation})`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
  }
  log(`smoke: mutation ${mutationId} processed`);

  const search = await expectStatus("site search", await http(`${options.siteUrl}/api/search?q=${encodeURIComponent(SMOKE_TEXT)}`), 200);
  const answer = (await search.json()) as { results?: { id: number }[] };
  if (!answer.results?.some((r) => r.id === SMOKE_ARTWORK_ID)) {
    throw new Error(`smoke test: searching "${SMOKE_TEXT}" did not find the smoke artwork ${SMOKE_ARTWORK_ID}`);
  }
  log("smoke: search finds the pushed vector");
  await runner.run({ cmd: "wrangler", args: ["d1", "execute", "DB", "--env", "production", "--remote", "--command", smokeRowsSql(false)], kind: "write" });
}
