import type { D1Migration } from "cloudflare:test";
import type { AppEnv } from "../../app/env";

declare global {
  namespace Cloudflare {
    interface Env extends AppEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
export {};
