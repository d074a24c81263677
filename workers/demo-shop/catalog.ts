/**
 * The demo shop's catalogue: a pure, deterministic function of the version number.
 */
import { artistPool, slugify } from "./artists.ts";
import { PARTNER_SHOP_NAME, selectPartnerProducts } from "./partner-catalog.ts";
import { Rng } from "./random.ts";
import { applyVersion2 } from "./revisions.ts";
import { STYLES, type DemoArtwork, type DemoCase, type DemoCatalog, type DraftArtwork } from "./types.ts";
import { TitleRegistry, generateWork } from "./work-generator.ts";

export const SHOP_NAME = "Demo Art Shop";
export const V1_WORK_COUNT = 540;
export const FIRST_ID = 1001;
export const V1_PUBLISHED_AT = "2025-01-15T09:00:00Z";

/**
 * Where the deliberately broken cases sit in version 1 (by index). Spread out so they land in
 * different categories and listing pages.
 */
export const SPECIAL_CASES: ReadonlyArray<readonly [index: number, demoCase: DemoCase]> = [
  [6, "not-found"],
  [17, "server-error"],
  [29, "slow"],
  [41, "malformed-jsonld"],
  [53, "missing-image"],
  [64, "oversized-image"],
  [77, "huge-image"],
  [88, "corrupt-image"],
  [99, "redirect-loop"],
  [111, "duplicate-url"],
  [123, "duplicate-image"],
];

function generateDrafts(): DraftArtwork[] {
  const rng = Rng.from("drafts");
  const artists = artistPool();
  return ["Unreleased Study", "Proof Before Letters", "Private Commission"].map((title, i) => ({
    slug: slugify(title),
    title,
    artist: (artists[i * 7] ?? artists[0])?.name ?? "",
    style: STYLES[i % STYLES.length] ?? "geometric",
    price: rng.int(3, 20) * 10_000,
    currency: "USD" as const,
  }));
}

/** Version 1 works plus the registry, so version 2 can keep titles unique when it appends. */
export function generateVersion1Works(): { works: DemoArtwork[]; titles: TitleRegistry } {
  const titles = new TitleRegistry();
  const special = new Map(SPECIAL_CASES);
  const works: DemoArtwork[] = [];
  for (let index = 0; index < V1_WORK_COUNT; index++) {
    works.push(
      generateWork(
        { index, id: FIRST_ID + index, demoCase: special.get(index) ?? "normal", createdFrom: "2024-01-01T00:00:00Z", createdDays: 366 },
        titles,
      ),
    );
  }
  return { works, titles };
}

/** The whole catalogue for a version: pure and deterministic (a few milliseconds; callers cache). */
export function generateCatalog(version: 1 | 2): DemoCatalog {
  const { works, titles } = generateVersion1Works();
  const partnerProducts = selectPartnerProducts(works);
  const base: DemoCatalog = {
    version: 1,
    publishedAt: V1_PUBLISHED_AT,
    shopName: SHOP_NAME,
    artworks: works,
    removed: [],
    drafts: generateDrafts(),
    partner: { shopName: PARTNER_SHOP_NAME, products: partnerProducts },
  };
  return version === 1 ? base : applyVersion2(base, titles);
}
