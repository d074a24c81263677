/**
 * The metadata properties artwork vectors carry and the app filters on, with
 * their types: the one list used by the push (what is written), the search
 * (what is filtered on, checked by test/workers/vectorize/metadata-list.test.ts),
 * the local stand-in (created with these indexes) and `npm run provision`
 * (`wrangler vectorize create-metadata-index` for each, before any vector is
 * pushed). Vectorize only filters on indexed properties, and only for vectors
 * written after the index existed.
 */
import type { MetadataIndex, MetadataIndexType } from "./metadata-index";

export const ARTWORK_METADATA_INDEXES = [
  { propertyName: "available", type: "boolean" },
  { propertyName: "priceMinor", type: "number" },
  { propertyName: "orientation", type: "string" },
  { propertyName: "sizeClass", type: "string" },
  { propertyName: "colour", type: "string" },
  { propertyName: "currency", type: "string" },
] as const satisfies readonly MetadataIndex[];

type TsType<T extends MetadataIndexType> = T extends "boolean" ? boolean : T extends "number" ? number : string;
type Entry = (typeof ARTWORK_METADATA_INDEXES)[number];

/** The metadata of one artwork vector, typed from the list above. */
export type ArtworkVectorMetadata = { available: boolean } & {
  [E in Entry as E["propertyName"]]?: TsType<E["type"]>;
};

/** The filterable facts of an artwork, as D1 holds them. */
export interface ArtworkFacts {
  available: boolean;
  minPriceMinor: number | null;
  currency: string | null;
  orientation: string | null;
  sizeClass: string | null;
  dominantColour: string | null;
}

/** Metadata written with an artwork's vector: every indexed property it has a value for. */
export function artworkVectorMetadata(work: ArtworkFacts): ArtworkVectorMetadata {
  const metadata: ArtworkVectorMetadata = { available: work.available };
  if (work.minPriceMinor !== null) metadata.priceMinor = work.minPriceMinor;
  if (work.currency) metadata.currency = work.currency;
  if (work.orientation) metadata.orientation = work.orientation;
  if (work.sizeClass) metadata.sizeClass = work.sizeClass;
  if (work.dominantColour) metadata.colour = work.dominantColour;
  return metadata;
}
