/**
 * The local stack relies on patches/wrangler+4.86.0.patch (docs/decisions/0025): without it a
 * request that a browser abandons mid-flight ends `wrangler pages dev` with an empty error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../scripts/lib/local-env";

describe("the installed wrangler", () => {
  it("keeps serving after one failed proxied request (the patch is applied)", () => {
    const cli = readFileSync(join(projectRoot, "node_modules", "wrangler", "wrangler-dist", "cli.js"), "utf8");
    const handler = cli.slice(cli.indexOf("handleErrorEvent(event) {"), cli.indexOf("async teardown()", cli.indexOf("handleErrorEvent(event) {")));
    // The ProxyWorker's request errors are handled (logged) before the fall-through that emits a fatal error.
    const handled = handler.indexOf('event.reason === "Error inside ProxyWorker"');
    expect(handled).toBeGreaterThan(0);
    expect(handled).toBeLessThan(handler.lastIndexOf('this.emit("error", event)'));
  });

  it("is the version the patch was made for", () => {
    const version = (JSON.parse(readFileSync(join(projectRoot, "node_modules", "wrangler", "package.json"), "utf8")) as { version: string }).version;
    expect(readFileSync(join(projectRoot, "patches", `wrangler+${version}.patch`), "utf8")).toContain("Error inside ProxyWorker");
  });
});
