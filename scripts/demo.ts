/**
 * `npm run demo`: the main job. Starts the whole stack on its persisted local
 * state, brings the collection up to date from the bundled demo shop, and keeps
 * serving the site until Ctrl-C. Safe to run again: every step is idempotent.
 *
 * Steps still to come (each added by its issue): crawl the demo shop through
 * the cron -> queue -> consumer path, then run the offline pipeline.
 */
import { DEFAULT_PORTS, startStack } from "./lib/stack";

const stack = await startStack({ ports: DEFAULT_PORTS });

console.log(`
Art Snob demo is serving at ${stack.urls.app}
  demo shop   ${stack.urls.shop}
  worker      ${stack.urls.worker}
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
