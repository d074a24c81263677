// Before each file of the workers-storage project: fresh storage and caches in the runtime its files share (fresh-storage.ts).
import { env } from "cloudflare:test";
import { startFromFreshStorage } from "./fresh-storage";

await startFromFreshStorage(env);
