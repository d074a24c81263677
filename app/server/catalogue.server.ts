import { desc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { artists, artworks } from "../../workers/db/schema";

export interface ArtworkCard {
  id: number;
  slug: string;
  title: string;
  artist: string | null;
  imageHash: string | null;
}

/** The newest available works and the size of the collection. */
export async function latestArtworks(d1: D1Database, limit: number): Promise<{ total: number; works: ArtworkCard[] }> {
  const db = drizzle(d1);
  const [count] = await db.select({ n: sql<number>`count(*)` }).from(artworks).where(eq(artworks.available, true));
  const works = await db
    .select({ id: artworks.id, slug: artworks.slug, title: artworks.title, artist: artists.name, imageHash: artworks.imageHash })
    .from(artworks)
    .leftJoin(artists, eq(artists.id, artworks.artistId))
    .where(eq(artworks.available, true))
    .orderBy(desc(artworks.firstSeenAt), desc(artworks.id))
    .limit(limit);
  return { total: count?.n ?? 0, works };
}
