/** A metadata index, as `wrangler vectorize create-metadata-index` takes it (no platform types, so Node scripts can import it). */

export type MetadataIndexType = "string" | "number" | "boolean";

/** Like `wrangler vectorize create-metadata-index --property-name --type`. */
export interface MetadataIndex {
  /** Top-level key, or a dotted path into nested metadata ("a.b"). */
  readonly propertyName: string;
  readonly type: MetadataIndexType;
}
