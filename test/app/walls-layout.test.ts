/**
 * The wall planner's API (issue 15): an automatic layout for walls never
 * planned, saving positions, sizes, frames and the wall's size, totals that
 * follow the chosen sizes, and the refusals (origin, owner, bad input).
 */
import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { request, seedCatalogue, sessionCookieFrom } from "./fixtures";

const ORIGIN = "https://art-snob.test";

interface Item {
  artworkId: number;
  xCm: number;
  yCm: number;
  variant: string | null;
  frame: string;
  matCm: number;
}
interface Layout {
  widthCm: number;
  heightCm: number;
  unit: "cm" | "in";
  furniture: string;
  items: Item[];
}
interface Wall {
  id: number;
  shareToken: string;
  layout: Layout;
  sizes: Record<string, { label: string; widthCm: number; heightCm: number; priceMinor: number | null }[]>;
  totals: { currency: string; amountMinor: number; works: number }[];
}

beforeAll(async () => {
  await seedCatalogue();
  // Work 40 has no dimensions: no size variant says how big it is.
  await env.DB.prepare("DELETE FROM offer_variants WHERE offer_id = 40").run();
});

function call(method: string, path: string, init: { cookie?: string; body?: unknown; origin?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.origin !== null) headers.Origin = init.origin ?? ORIGIN;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return SELF.fetch(request(path, { method, cookie: init.cookie, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }));
}

async function wallWith(items: number[]): Promise<{ cookie: string; wall: Wall }> {
  const res = await call("POST", "/api/walls", { body: { name: "Planner" } });
  const cookie = sessionCookieFrom(res);
  let wall = (await res.json()) as Wall;
  for (const artworkId of items) wall = (await (await call("POST", `/api/walls/${wall.id}/items`, { cookie, body: { artworkId } })).json()) as Wall;
  return { cookie, wall };
}

describe("the wall planner API", () => {
  it("lays out a wall never planned automatically: 300 × 250 cm, one row at eye level, smallest priced sizes", async () => {
    const { wall } = await wallWith([1, 2, 40]);
    expect(wall.layout).toMatchObject({ widthCm: 300, heightCm: 250, unit: "cm", furniture: "none" });
    expect(wall.sizes["1"]!.map((s) => [s.label, s.widthCm, s.heightCm])).toEqual([
      ["Small", 30, 20],
      ["Large", 60, 40],
    ]);
    expect(wall.sizes["40"]).toEqual([]);
    // The work without dimensions is on the wall but not in the layout.
    expect(wall.layout.items.map((i) => i.artworkId)).toEqual([1, 2]);
    const [a, b] = wall.layout.items as [Item, Item];
    expect(a).toMatchObject({ variant: null, frame: "black", matCm: 0 });
    // Small (30 × 20) plus a 2.5 cm moulding each side: 35 × 25; gap 10; the pair centred on 300.
    expect(a.xCm).toBeCloseTo((300 - 80) / 2, 1);
    expect(b.xCm).toBeCloseTo(a.xCm + 45, 1);
    expect(a.yCm + 12.5).toBeCloseTo(250 - 145, 1);
    expect(wall.totals).toEqual([{ currency: "USD", amountMinor: 3000 + 4000 + 6000, works: 3 }]);
  });

  it("saves positions, sizes, frames and the wall; totals follow the sizes; the share view and the list agree", async () => {
    const { cookie, wall } = await wallWith([3, 4, 5]);
    const layout: Layout = {
      widthCm: 420,
      heightCm: 260,
      unit: "in",
      furniture: "sofa",
      items: [
        { artworkId: 3, xCm: 20, yCm: 40, variant: "Large", frame: "oak", matCm: 8 },
        { artworkId: 4, xCm: 150, yCm: 40, variant: "Small", frame: "white", matCm: 0 },
        { artworkId: 5, xCm: 250, yCm: 40, variant: null, frame: "none", matCm: 4 },
      ],
    };
    const res = await call("PUT", `/api/walls/${wall.id}/layout`, { cookie, body: layout });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const saved = (await res.json()) as Wall;
    expect(saved.layout).toEqual({ ...layout, items: layout.items });
    // Large of work 3 costs 5000 + 5000; Small of 4 is 6000; 5 at its default (Small) 7000.
    expect(saved.totals).toEqual([{ currency: "USD", amountMinor: 10000 + 6000 + 7000, works: 3 }]);

    const again = (await (await SELF.fetch(request(`/api/walls/${wall.id}`, { cookie }))).json()) as Wall;
    expect(again.layout).toEqual(saved.layout);
    const shared = (await (await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}`))).json()) as Wall;
    expect(shared.layout).toEqual(saved.layout);
    expect(shared.totals).toEqual(saved.totals);
    const list = (await (await SELF.fetch(request("/api/walls", { cookie }))).json()) as { walls: { id: number; totals: unknown }[] };
    expect(list.walls.find((w) => w.id === wall.id)?.totals).toEqual(saved.totals);
  });

  it("keeps frames on the wall and leaves works left out of a save as they were", async () => {
    const { cookie, wall } = await wallWith([6, 7]);
    const res = await call("PUT", `/api/walls/${wall.id}/layout`, {
      cookie,
      body: { widthCm: 200, heightCm: 200, unit: "cm", furniture: "none", items: [{ artworkId: 6, xCm: 500, yCm: -30, variant: "Large", frame: "black", matCm: 0 }] },
    });
    const saved = (await res.json()) as Wall;
    // Large 60 × 40 in a 2.5 cm frame is 65 wide: its left edge at most 200 - 65.
    expect(saved.layout.items[0]).toMatchObject({ artworkId: 6, xCm: 135, yCm: 0 });
    expect(saved.layout.items[1]).toMatchObject({ artworkId: 7, variant: null });
  });

  it("refuses bad layouts with 4xx JSON", async () => {
    const { cookie, wall } = await wallWith([8, 40]);
    const good = { widthCm: 300, heightCm: 250, unit: "cm", furniture: "none", items: [{ artworkId: 8, xCm: 10, yCm: 10, variant: null, frame: "black", matCm: 0 }] };
    const cases: [unknown, number, string][] = [
      [{ ...good, widthCm: 10 }, 400, "invalid_request"],
      [{ ...good, unit: "mm" }, 400, "invalid_request"],
      [{ ...good, items: [{ ...good.items[0], frame: "gold" }] }, 400, "invalid_request"],
      [{ ...good, items: [{ ...good.items[0], matCm: 3 }] }, 400, "invalid_request"],
      [{ ...good, items: [{ ...good.items[0], xCm: "left" }] }, 400, "invalid_request"],
      [{ ...good, items: [{ ...good.items[0], variant: "Huge" }] }, 400, "unknown_size"],
      [{ ...good, items: [good.items[0], good.items[0]] }, 400, "duplicate_artwork"],
      [{ ...good, items: [{ ...good.items[0], artworkId: 9 }] }, 404, "not_in_wall"],
      [{ ...good, items: [{ ...good.items[0], artworkId: 40 }] }, 400, "no_dimensions"],
    ];
    for (const [body, status, error] of cases) {
      const res = await call("PUT", `/api/walls/${wall.id}/layout`, { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await res.json()).toMatchObject({ error });
    }
    expect((await call("PUT", `/api/walls/${wall.id}/layout`, { cookie, body: good, origin: "https://evil.test" })).status).toBe(403);
    expect((await call("PUT", `/api/walls/${wall.id}/layout`, { body: good })).status).toBe(401);
    const stranger = sessionCookieFrom(await call("POST", "/api/walls", { body: { name: "Other" } }));
    expect((await call("PUT", `/api/walls/${wall.id}/layout`, { cookie: stranger, body: good })).status).toBe(404);
  });
});

describe("the share picture", () => {
  it("serves the shared wall as a 1200 × 630 PNG drawn to scale, publicly cached; 404 for unknown tokens", async () => {
    const { cookie, wall } = await wallWith([1, 2]);
    await call("PUT", `/api/walls/${wall.id}/layout`, {
      cookie,
      body: { widthCm: 300, heightCm: 250, unit: "cm", furniture: "sofa", items: [{ artworkId: 1, xCm: 100, yCm: 60, variant: "Large", frame: "white", matCm: 8 }] },
    });
    const res = await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}/image.png`));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Cache-Control")).toMatch(/^public, /);
    const { decode } = await import("fast-png");
    const png = decode(new Uint8Array(await res.arrayBuffer()));
    expect([png.width, png.height, png.channels]).toEqual([1200, 630, 3]);
    // The scale: (630 - 48 - 18) / 250 px a cm; the wall centred. Work 1's Large print sits
    // inside a white frame (2.5 cm) and a mat (8 cm): its frame's corner is white.
    const scale = Math.min((1200 - 48) / 300, (630 - 48 - 18) / 250);
    const left = (1200 - 300 * scale) / 2;
    const top = (630 - 18 - 250 * scale) / 2;
    const at = (xCm: number, yCm: number) => {
      const p = (Math.round(top + yCm * scale) * 1200 + Math.round(left + xCm * scale)) * 3;
      return [png.data[p], png.data[p + 1], png.data[p + 2]];
    };
    expect(at(101, 61)).toEqual([0xf2, 0xf1, 0xec]); // white frame moulding
    expect(at(100 + 2.5 + 4, 60 + 2.5 + 4)).toEqual([0xf7, 0xf4, 0xec]); // the mat
    expect(at(5, 5)).toEqual([236, 231, 222]); // bare wall
    const download = await SELF.fetch(request(`/api/shared-walls/${wall.shareToken}/image.png?download=1`));
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment/);
    expect((await SELF.fetch(request("/api/shared-walls/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/image.png"))).status).toBe(404);
    expect((await SELF.fetch(request("/api/shared-walls/bad!/image.png"))).status).toBe(400);
  });
});
