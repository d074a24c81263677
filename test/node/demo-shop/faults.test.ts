/**
 * The demo shop's fault-injecting mode (`faults: { seed, rate }`) and its
 * smaller catalogue (`works`): a deterministic plan, each kind of fault as a
 * client sees it over real HTTP, a flapping robots.txt, and a ground truth that
 * says which works a correct crawler still stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth.ts";
import { WORK_FAULTS, type FaultKind, type PlannedFault } from "../../../workers/demo-shop/faults.ts";
import { bytesOf, startTestShop, type TestShop } from "../../support/demo-shop.ts";

const FAULTS = { seed: 7, rate: 0.38, hangMs: 1500, trickleMs: 700 };

function crcOk(png: Uint8Array): boolean {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  for (let i = 8; i + 12 <= png.length; ) {
    const length = view.getUint32(i);
    let crc = 0xffffffff;
    for (let j = i + 4; j < i + 8 + length; j++) crc = (table[(crc ^ png[j]!) & 0xff]! ^ (crc >>> 8)) >>> 0;
    if (((crc ^ 0xffffffff) >>> 0) !== view.getUint32(i + 8 + length)) return false;
    i += 12 + length;
  }
  return true;
}

describe("the demo shop's fault-injecting mode", () => {
  let faulty: TestShop;
  let clean: TestShop;
  let truth: GroundTruth;
  const planned = (target: PlannedFault["target"], kind: FaultKind, times: number | null): PlannedFault & { url: string } => {
    const fault = truth.faults!.planned.find((f) => f.target === target && f.kind === kind && f.times === times);
    if (!fault) throw new Error(`no ${target} ${kind} x${times} in the plan`);
    return fault;
  };

  beforeAll(async () => {
    faulty = await startTestShop({ works: 40, faults: FAULTS });
    clean = await startTestShop({ works: 40 });
    truth = await faulty.groundTruth();
  }, 60_000);
  afterAll(async () => {
    await faulty?.close();
    await clean?.close();
  });

  it("serves a smaller catalogue when asked: the first 40 works, with their cases", async () => {
    expect(truth.works.map((w) => w.id)).toEqual(Array.from({ length: 40 }, (_, i) => 1001 + i));
    expect(truth.cases.map((c) => c.case)).toEqual(["not-found", "server-error", "slow"]);
    const sitemap = await clean.text("/sitemaps/artworks-1.xml");
    expect(sitemap.match(/<loc>/g)).toHaveLength(40);
    expect((await clean.groundTruth()).faults).toBeNull();
  });

  it("plans every kind of fault once, deterministically from the seed", async () => {
    const plan = truth.faults!;
    const workFaults = plan.planned.filter((f) => f.workId !== null);
    expect(workFaults.map((f) => [f.target, f.kind, f.times])).toEqual(WORK_FAULTS.map((f) => [f.target, f.kind, f.times]));
    expect(new Set(workFaults.map((f) => f.workId)).size).toBe(workFaults.length);
    expect(plan.planned.filter((f) => f.workId === null).map((f) => f.kind).sort()).toEqual(["http-500", "reset", "trickle", "truncated"]);
    const again = await startTestShop({ works: 40, faults: FAULTS });
    const other = await startTestShop({ works: 40, faults: { ...FAULTS, seed: 8 } });
    try {
      const withoutOrigin = (faults: GroundTruth["faults"]) => faults!.planned.map(({ url: _url, ...f }) => f);
      expect(withoutOrigin((await again.groundTruth()).faults)).toEqual(withoutOrigin(plan));
      expect((await other.groundTruth()).faults!.planned.map((f) => f.path)).not.toEqual(plan.planned.map((f) => f.path));
    } finally {
      await again.close();
      await other.close();
    }
  });

  it("says which works are good: every work a crawler stores without faults, less those failing for good", () => {
    const plan = truth.faults!;
    const lost = plan.planned.filter((f) => f.expected === "not-stored").map((f) => f.workId);
    expect(plan.planned.filter((f) => f.expected === "not-stored").map((f) => `${f.target}:${f.kind}`).sort()).toEqual(["image:corrupt-image", "page:http-500", "page:reset"]);
    const storable = truth.works.filter((w) => ["indexed", "indexed-with-browser", "indexed-once", "slow"].includes(w.expected)).map((w) => w.id);
    expect(plan.good).toEqual(storable.filter((id) => !lost.includes(id)));
    expect(plan.good).toHaveLength(35);
  });

  it("hangs a request without an answer until the client gives up, once", async () => {
    const fault = planned("page", "hang", 1);
    const started = Date.now();
    await expect(faulty.get(fault.path, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await faulty.get(fault.path)).status).toBe(200);
  });

  it("resets the connection before any answer", async () => {
    const fault = planned("page", "reset", null);
    for (let i = 0; i < 3; i++) await expect(faulty.get(fault.path)).rejects.toThrow(/fetch failed/);
    const once = planned("image", "reset", 1);
    await expect(faulty.get(once.path)).rejects.toThrow();
    expect((await faulty.get(once.path)).status).toBe(200);
  });

  it("answers 500 as often as planned, and 503 with Retry-After", async () => {
    const twice = planned("page", "http-500", 2);
    expect([(await faulty.get(twice.path)).status, (await faulty.get(twice.path)).status, (await faulty.get(twice.path)).status]).toEqual([500, 500, 200]);
    const always = planned("page", "http-500", null);
    for (let i = 0; i < 5; i++) expect((await faulty.get(always.path)).status).toBe(500);
    const busy = await faulty.get(planned("page", "http-503", 1).path);
    expect(busy.status).toBe(503);
    expect(busy.headers.get("Retry-After")).toBe("1");
  });

  it("cuts a body short of its Content-Length", async () => {
    const fault = planned("page", "truncated", 1);
    const res = await faulty.get(fault.path);
    expect(res.status).toBe(200);
    const full = await faulty.text(fault.path);
    expect(Number(res.headers.get("Content-Length"))).toBe(new TextEncoder().encode(full).length);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(full.replaceAll(faulty.url, "ORIGIN")).toBe((await clean.text(fault.path)).replaceAll(clean.url, "ORIGIN"));
  });

  it("trickles a body out slowly, complete and byte-identical", async () => {
    for (const fault of [planned("page", "trickle", null), planned("image", "trickle", null)]) {
      const started = Date.now();
      const bytes = await bytesOf(await faulty.get(fault.path));
      expect(Date.now() - started).toBeGreaterThanOrEqual(FAULTS.trickleMs - 100);
      const withoutOrigin = (b: Uint8Array, origin: string) => (fault.target === "page" ? new TextDecoder().decode(b).replaceAll(origin, "ORIGIN") : b);
      expect(withoutOrigin(bytes, faulty.url)).toEqual(withoutOrigin(await bytesOf(await clean.get(fault.path)), clean.url));
    }
  });

  it("serves a corrupt image: same size, one flipped byte, a CRC that no longer matches", async () => {
    const fault = planned("image", "corrupt-image", null);
    const bad = await bytesOf(await faulty.get(fault.path));
    const good = await bytesOf(await clean.get(fault.path));
    expect(bad.length).toBe(good.length);
    expect(bad.filter((b, i) => b !== good[i])).toHaveLength(1);
    expect(crcOk(good)).toBe(true);
    expect(crcOk(bad)).toBe(false);
  });

  it("flaps robots.txt between 503/500 and fine", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < truth.faults!.robotsPattern.length; i++) statuses.push((await faulty.get("/robots.txt")).status);
    expect(statuses).toEqual(truth.faults!.robotsPattern);
    expect(statuses.slice(0, 3)).toEqual([503, 500, 200]);
    const applied = (await (await faulty.get("/__demo/faults")).json()) as { applied: Array<{ kind: string }> };
    expect(applied.applied.filter((a) => a.kind === "robots").length).toBe(statuses.filter((s) => s !== 200).length);
  });
});

describe("the demo shop's DNS-over-HTTPS test resolver", () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ works: 10 });
  });
  afterAll(() => shop?.close());

  const ask = async (name: string, type: string) =>
    (await (await shop.get(`/__demo/dns-query?name=${encodeURIComponent(name)}&type=${type}`, { headers: { Accept: "application/dns-json" } })).json()) as {
      Status: number;
      Answer?: Array<{ type: number; data: string; TTL: number }>;
    };

  it("answers A and AAAA questions from the names a test sets, NXDOMAIN otherwise, and rebinds between answer sets", async () => {
    const put = await shop.get("/__demo/dns", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        names: {
          "private.example": { answers: [[{ type: "A", data: "10.0.0.5", ttl: 30 }, { type: "AAAA", data: "::1" }]] },
          "rebind.example": { answers: [[{ type: "A", data: "93.184.216.34", ttl: 0 }], [{ type: "A", data: "127.0.0.1", ttl: 0 }]] },
          "broken.example": { rcode: 2 },
        },
      }),
    });
    expect(put.status).toBe(200);
    expect(await ask("Private.Example.", "A")).toMatchObject({ Status: 0, Answer: [{ type: 1, data: "10.0.0.5", TTL: 30 }] });
    expect((await ask("private.example", "AAAA")).Answer).toEqual([{ name: "private.example.", type: 28, data: "::1", TTL: 60 }]);
    expect((await ask("rebind.example", "A")).Answer?.[0]?.data).toBe("93.184.216.34");
    expect((await ask("rebind.example", "A")).Answer?.[0]?.data).toBe("127.0.0.1");
    expect((await ask("rebind.example", "A")).Answer?.[0]?.data).toBe("93.184.216.34");
    expect((await ask("rebind.example", "AAAA")).Answer).toBeUndefined();
    expect((await ask("nowhere.example", "A")).Status).toBe(3);
    expect((await ask("broken.example", "A")).Status).toBe(2);
    const zone = (await (await shop.get("/__demo/dns")).json()) as { queries: Record<string, number> };
    expect(zone.queries["rebind.example A"]).toBe(3);
    expect((await shop.get("/__demo/dns", { method: "PUT", body: "{}" })).status).toBe(400);
  });
});
