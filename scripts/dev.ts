/**
 * `npm run dev`: the whole stack locally on one persisted state, until Ctrl-C.
 */
import { stopAllProcesses } from "./lib/processes";
import { DEFAULT_PORTS, startStack } from "./lib/stack";

// Registered first: Ctrl-C while the stack is still starting stops what has started.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping…");
    await stopAllProcesses();
    process.exit(0);
  });
}

const stack = await startStack({ ports: DEFAULT_PORTS, echo: process.argv.includes("--verbose"), watchSources: true });
console.log(`
Art Snob is running locally:
  site        ${stack.urls.app}
  worker      in the site's process: admin API ${stack.urls.worker}/admin, cron ${stack.urls.worker}/__scheduled?cron=*/30+*+*+*+*
  demo shop   ${stack.urls.shop}   (partner shop ${stack.urls.partner})
  state       ${stack.persistTo}
  admin token in .dev.vars (ADMIN_TOKEN)
Press Ctrl-C to stop.`);
