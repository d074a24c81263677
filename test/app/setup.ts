// Before each site test file: fresh storage and caches in the runtime the files share (test/workers/fresh-storage.ts).
import { env } from "cloudflare:test";
import { startFromFreshStorage } from "../workers/fresh-storage";

await startFromFreshStorage(env);
