-- Catalogue scale (issue 14), hand-written: every hot read is an indexed range, never a scan or sort of all artworks.
-- discovery_rank: a fixed 32-bit shuffle of the id (workers/db/discovery-rank.ts holds the same expression);
-- the discovery feed reads it in index order from a point chosen by the seed (app/server/feeds.server.ts).
ALTER TABLE `artworks` ADD `discovery_rank` integer GENERATED ALWAYS AS (((((((((id * 2654435761 + 1013904223) & 4294967295) | (((id * 2654435761 + 1013904223) & 4294967295) >> 16)) - (((id * 2654435761 + 1013904223) & 4294967295) & (((id * 2654435761 + 1013904223) & 4294967295) >> 16))) * 73244475) & 4294967295) | (((((((id * 2654435761 + 1013904223) & 4294967295) | (((id * 2654435761 + 1013904223) & 4294967295) >> 16)) - (((id * 2654435761 + 1013904223) & 4294967295) & (((id * 2654435761 + 1013904223) & 4294967295) >> 16))) * 73244475) & 4294967295) >> 16)) - (((((((id * 2654435761 + 1013904223) & 4294967295) | (((id * 2654435761 + 1013904223) & 4294967295) >> 16)) - (((id * 2654435761 + 1013904223) & 4294967295) & (((id * 2654435761 + 1013904223) & 4294967295) >> 16))) * 73244475) & 4294967295) & (((((((id * 2654435761 + 1013904223) & 4294967295) | (((id * 2654435761 + 1013904223) & 4294967295) >> 16)) - (((id * 2654435761 + 1013904223) & 4294967295) & (((id * 2654435761 + 1013904223) & 4294967295) >> 16))) * 73244475) & 4294967295) >> 16)))) VIRTUAL;--> statement-breakpoint
CREATE INDEX `artworks_discovery_idx` ON `artworks` (`available`, `discovery_rank`);--> statement-breakpoint
-- An artist's works newest first (id order), a page at a time.
CREATE INDEX `artworks_artist_available_idx` ON `artworks` (`artist_id`, `available`, `id`);--> statement-breakpoint
-- A tag's works by id (also made by 0007 under the same name where it exists).
CREATE INDEX IF NOT EXISTS `artwork_tags_tag_artwork_idx` ON `artwork_tags` (`tag`, `artwork_id`);--> statement-breakpoint
-- The sitemap's lastmod: MAX(updated_at) as one index lookup.
CREATE INDEX `artworks_updated_idx` ON `artworks` (`updated_at`);--> statement-breakpoint
-- A vibe's works by id.
CREATE INDEX `map_points_cluster_idx` ON `map_points` (`model_id`, `cluster_id`, `artwork_id`);
