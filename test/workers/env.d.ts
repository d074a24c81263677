import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../../workers/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      DEMO_SHOP_URL: string;
      DEMO_PARTNER_URL: string;
      DEMO_FAULTY_SHOP_URL: string;
    }
  }
}
export {};
