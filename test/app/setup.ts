// Before each site test file: fresh storage and caches in the runtime the files share (fresh-storage.ts).
import { startFromFreshStorage } from "./fresh-storage";

await startFromFreshStorage();
