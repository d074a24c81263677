/**
 * The metadata properties the app filters artwork vectors on. Each needs a
 * metadata index, locally (created by vectorIndexFor) and in production
 * (`wrangler vectorize create-metadata-index`, see README.md): Vectorize only
 * filters on indexed properties, and only for vectors written after the index
 * existed.
 */
import type { MetadataIndex } from "./types";

export const ARTWORK_METADATA_INDEXES = [
  { propertyName: "available", type: "boolean" },
  { propertyName: "priceMinor", type: "number" },
  { propertyName: "orientation", type: "string" },
  { propertyName: "sizeClass", type: "string" },
  { propertyName: "colour", type: "string" },
  { propertyName: "currency", type: "string" },
] as const satisfies readonly MetadataIndex[];
