/**
 * The local stack relies on patches/wrangler+4.86.0.patch: without it a request that a browser
 * abandons mid-flight ends `wrangler pages dev` with an empty error (docs/decisions/0025), and
 * every local dev server polls its bundle's files for changes and relays DevTools network events
 * no DevTools asked for (docs/decisions/0026).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localCloudflareEnv, projectRoot } from "../../../scripts/lib/local-env";

describe("the installed wrangler", () => {
  it("keeps serving after one failed proxied request (the patch is applied)", () => {
    const cli = readFileSync(join(projectRoot, "node_modules", "wrangler", "wrangler-dist", "cli.js"), "utf8");
    const handler = cli.slice(cli.indexOf("handleErrorEvent(event) {"), cli.indexOf("async teardown()", cli.indexOf("handleErrorEvent(event) {")));
    // The ProxyWorker's request errors are handled (logged) before the fall-through that emits a fatal error.
    const handled = handler.indexOf('event.reason === "Error inside ProxyWorker"');
    expect(handled).toBeGreaterThan(0);
    expect(handled).toBeLessThan(handler.lastIndexOf('this.emit("error", event)'));
  });

  it("bundles without esbuild's polling watch unless a stack asks for it (docs/decisions/0026)", () => {
    const cli = readFileSync(join(projectRoot, "node_modules", "wrangler", "wrangler-dist", "cli.js"), "utf8");
    const start = cli.indexOf("function runBuild({");
    const devBuild = cli.slice(start, cli.indexOf('__name(build5, "build")', start));
    expect(devBuild).toContain('watch: process.env.WRANGLER_BUNDLE_WATCH !== "false"');
    expect(devBuild).not.toContain("watch: true");
    expect(localCloudflareEnv({}).WRANGLER_BUNDLE_WATCH).toBe("false");
    expect(localCloudflareEnv({ WRANGLER_BUNDLE_WATCH: "true" }).WRANGLER_BUNDLE_WATCH).toBe("true");
  });

  it("enables the runtime's network events only while DevTools is attached (docs/decisions/0026)", () => {
    const proxy = readFileSync(join(projectRoot, "node_modules", "wrangler", "wrangler-dist", "InspectorProxyWorker.js"), "utf8");
    const opened = proxy.slice(proxy.indexOf("handleRuntimeWebSocketOpen(runtime) {"), proxy.indexOf("sendRuntimeDiscardConsoleEntries() {"));
    const devtoolsOnly = opened.slice(opened.indexOf("if (this.websockets.devtools !== void 0) {"), opened.indexOf("clearInterval("));
    expect(opened.split('method: "Network.enable"').length - 1).toBe(1);
    expect(devtoolsOnly).toContain('method: "Network.enable"');
  });

  it("is the version the patch was made for", () => {
    const version = (JSON.parse(readFileSync(join(projectRoot, "node_modules", "wrangler", "package.json"), "utf8")) as { version: string }).version;
    expect(readFileSync(join(projectRoot, "patches", `wrangler+${version}.patch`), "utf8")).toContain("Error inside ProxyWorker");
  });
});
