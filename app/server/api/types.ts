import type { AppEnv } from "../../env";

/** Hono environment shared by the API's route files. */
export interface ApiEnv {
  Bindings: AppEnv;
}
