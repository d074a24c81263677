/**
 * The test suite's local runtime relies on patches/miniflare+4.20260426.0.patch (docs/decisions/0030):
 * WebSockets from Node to workerd offer no permessage-deflate (the vitest pool sends every Worker
 * test file's modules over one), and the workerd config encoder grows its buffer twofold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../../scripts/lib/local-env";

const installed = () => readFileSync(join(projectRoot, "node_modules", "miniflare", "dist", "src", "index.js"), "utf8");

describe("the installed miniflare", () => {
  let mf: Miniflare | undefined;
  afterAll(async () => {
    await mf?.dispose();
  });

  it("opens WebSockets to the runtime without offering compression", async () => {
    // The Worker answers the upgrade and sends back the extensions the client offered.
    mf = new Miniflare({
      modules: true,
      compatibilityDate: "2026-04-20",
      script: `export default {
        fetch(request) {
          const [client, server] = Object.values(new WebSocketPair());
          server.accept();
          server.send(JSON.stringify({ extensions: request.headers.get("Sec-WebSocket-Extensions") }));
          return new Response(null, { status: 101, webSocket: client });
        },
      };`,
    });
    const res = await mf.dispatchFetch("http://localhost/", { headers: { Upgrade: "websocket" } });
    const socket = res.webSocket!;
    expect(socket).toBeTruthy();
    const message = new Promise<string>((resolve) => socket.addEventListener("message", (event) => resolve(String(event.data))));
    socket.accept();
    expect(JSON.parse(await message)).toEqual({ extensions: null });
    socket.close();
  });

  it("grows the config encoder's buffer at least twofold", () => {
    const source = installed();
    const allocate = source.slice(source.indexOf("function allocate$1(minSize, segments, s) {"), source.indexOf("function getBuffer$1("));
    expect(allocate).toContain("minSize = Math.max(minSize, srcBuffer.byteLength);");
  });

  it("is the version the patch was made for", () => {
    const version = (JSON.parse(readFileSync(join(projectRoot, "node_modules", "miniflare", "package.json"), "utf8")) as { version: string }).version;
    expect(readFileSync(join(projectRoot, "patches", `miniflare+${version}.patch`), "utf8")).toContain("perMessageDeflate: false");
  });
});
