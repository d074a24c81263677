-- Sitemap tag pages at catalogue scale (issue 14): every tag ever stored, numbered in the order
-- first seen, so that a sitemap part of tags is one id range and the sitemap index sizes the
-- tags with MAX(id) instead of walking the whole (tag) index on every request. Rows are never
-- deleted: a tag whose works are all gone keeps its number, and the sitemap checks availability
-- only for the tags of the part it serves (app/server/sitemap.server.ts).
CREATE TABLE `tag_vocabulary` (
	`id` integer PRIMARY KEY NOT NULL,
	`tag` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_vocabulary_tag_unique` ON `tag_vocabulary` (`tag`);
--> statement-breakpoint
INSERT INTO `tag_vocabulary` (`tag`) SELECT DISTINCT `tag` FROM `artwork_tags` ORDER BY `tag`;
--> statement-breakpoint
-- One index probe per stored tag; an existing tag writes nothing.
CREATE TRIGGER `artwork_tags_vocabulary_after_insert` AFTER INSERT ON `artwork_tags` BEGIN
  INSERT OR IGNORE INTO `tag_vocabulary` (`tag`) VALUES (new.`tag`);
END;
