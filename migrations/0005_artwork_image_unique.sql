DROP INDEX `artworks_image_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `artworks_image_unique` ON `artworks` (`image_hash`);