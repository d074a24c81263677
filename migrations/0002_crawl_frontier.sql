CREATE TABLE `crawl_frontier` (
	`run_id` integer NOT NULL,
	`url` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`sitemap_lastmod` text,
	`outcome` text,
	`queued_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`done_at` integer,
	PRIMARY KEY(`run_id`, `url`),
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `crawl_frontier_status_idx` ON `crawl_frontier` (`run_id`,`status`);--> statement-breakpoint
ALTER TABLE `crawl_runs` ADD `phase` text DEFAULT 'discovering' NOT NULL;