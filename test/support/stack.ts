/** Starts the local stack for a test file on free ports and a throw-away state folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack, type Stack } from "../../scripts/lib/stack";

export async function startTestStack(): Promise<Stack & { cleanup(): Promise<void> }> {
  const persistTo = mkdtempSync(join(tmpdir(), "art-snob-e2e-"));
  const stack = await startStack({
    persistTo,
    ports: { shop: 0, partner: 0, app: 0 },
    // The e2e global setup has built the site; rebuilding would pull build/ from under the shared stack.
    buildApp: "if-stale",
    adminToken: "e2e-admin-token",
    sessionSecret: "e2e-session-secret",
    log: () => {},
  });
  return {
    ...stack,
    async cleanup() {
      await stack.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
