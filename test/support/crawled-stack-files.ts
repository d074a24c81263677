/** The files through which the shared stack's global setup tells the e2e files how far it is. */
import { dirname, join } from "node:path";

/** Written once the second demo run serves the first run's collection: beside the ready file. */
export function servingFileFor(readyFile: string): string {
  return join(dirname(readyFile), "e2e-serving.json");
}
