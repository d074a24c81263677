CREATE TABLE `site_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `site_state` (`key`, `value`) VALUES ('catalogue_version', 1);
--> statement-breakpoint
-- Any change a visitor could see on an artwork's page or in a feed invalidates the edge cache.
CREATE TRIGGER `artworks_bump_catalogue_after_insert` AFTER INSERT ON `artworks` BEGIN
  UPDATE `site_state` SET `value` = `value` + 1 WHERE `key` = 'catalogue_version';
END;
--> statement-breakpoint
CREATE TRIGGER `artworks_bump_catalogue_after_update` AFTER UPDATE OF `title`, `artist_id`, `description`, `tags`, `image_hash`, `palette`, `min_price_minor`, `currency`, `available` ON `artworks` BEGIN
  UPDATE `site_state` SET `value` = `value` + 1 WHERE `key` = 'catalogue_version';
END;
