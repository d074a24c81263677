/** Response shapes shared by several API routes (for the OpenAPI document). */
import { z } from "zod";

export const artworkCardSchema = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  artist: z.string().nullable(),
  artistSlug: z.string().nullable(),
  imageHash: z.string().nullable(),
  priceMinor: z.number().nullable(),
  currency: z.string().nullable(),
  orientation: z.enum(["portrait", "landscape", "square"]).nullable(),
  dominantColour: z.string().nullable(),
});
