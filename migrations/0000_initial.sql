CREATE TABLE `artists` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `artists_slug_unique` ON `artists` (`slug`);--> statement-breakpoint
CREATE TABLE `artwork_tags` (
	`artwork_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`artwork_id`, `tag`),
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `artwork_tags_tag_idx` ON `artwork_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `artworks` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`artist_id` integer,
	`description` text DEFAULT '' NOT NULL,
	`medium` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`orientation` text,
	`width_cm` real,
	`height_cm` real,
	`size_class` text,
	`image_hash` text,
	`palette` text,
	`dominant_colour` text,
	`min_price_minor` integer,
	`currency` text,
	`available` integer DEFAULT true NOT NULL,
	`unavailable_since` integer,
	`first_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`image_hash`) REFERENCES `images`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `artworks_slug_unique` ON `artworks` (`slug`);--> statement-breakpoint
CREATE INDEX `artworks_artist_idx` ON `artworks` (`artist_id`);--> statement-breakpoint
CREATE INDEX `artworks_image_idx` ON `artworks` (`image_hash`);--> statement-breakpoint
CREATE INDEX `artworks_available_idx` ON `artworks` (`available`,`min_price_minor`);--> statement-breakpoint
CREATE TABLE `clicks` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` text,
	`artwork_id` integer NOT NULL,
	`offer_id` integer NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clicks_artwork_idx` ON `clicks` (`artwork_id`);--> statement-breakpoint
CREATE TABLE `cluster_representatives` (
	`cluster_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`artwork_id` integer NOT NULL,
	PRIMARY KEY(`cluster_id`, `rank`),
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `clusters` (
	`id` integer PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`x` real,
	`y` real,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_model_ordinal_idx` ON `clusters` (`model_id`,`ordinal`);--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_model_slug_idx` ON `clusters` (`model_id`,`slug`);--> statement-breakpoint
CREATE TABLE `crawl_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`source_id` integer NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`started_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`finished_at` integer,
	`pages_queued` integer DEFAULT 0 NOT NULL,
	`pages_fetched` integer DEFAULT 0 NOT NULL,
	`pages_not_modified` integer DEFAULT 0 NOT NULL,
	`pages_failed` integer DEFAULT 0 NOT NULL,
	`pages_skipped` integer DEFAULT 0 NOT NULL,
	`artworks_new` integer DEFAULT 0 NOT NULL,
	`artworks_updated` integer DEFAULT 0 NOT NULL,
	`artworks_unavailable` integer DEFAULT 0 NOT NULL,
	`images_stored` integer DEFAULT 0 NOT NULL,
	`errors_by_kind` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `crawl_runs_source_idx` ON `crawl_runs` (`source_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` integer,
	`url` text,
	`error_kind` text NOT NULL,
	`reason` text NOT NULL,
	`attempts` integer NOT NULL,
	`payload` text,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `embeddings` (
	`artwork_id` integer NOT NULL,
	`model_id` text NOT NULL,
	`image_hash` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`pushed_at` integer,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`artwork_id`, `model_id`),
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `embeddings_status_idx` ON `embeddings` (`model_id`,`status`);--> statement-breakpoint
CREATE TABLE `exposures` (
	`session_id` text NOT NULL,
	`artwork_id` integer NOT NULL,
	`feed` text NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `exposures_session_idx` ON `exposures` (`session_id`,`at`);--> statement-breakpoint
CREATE TABLE `fetch_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` integer,
	`source_id` integer NOT NULL,
	`url` text NOT NULL,
	`method` text DEFAULT 'fetch' NOT NULL,
	`status_code` integer,
	`outcome` text NOT NULL,
	`error_kind` text,
	`error` text,
	`bytes` integer,
	`duration_ms` integer,
	`attempt` integer DEFAULT 1 NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fetch_log_run_idx` ON `fetch_log` (`run_id`,`outcome`);--> statement-breakpoint
CREATE TABLE `image_urls` (
	`url` text PRIMARY KEY NOT NULL,
	`image_hash` text,
	`etag` text,
	`last_modified` text,
	`status` text NOT NULL,
	`error` text,
	`fetched_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`image_hash`) REFERENCES `images`(`hash`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `images` (
	`hash` text PRIMARY KEY NOT NULL,
	`r2_key` text NOT NULL,
	`content_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`thumbnail_key` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `map_points` (
	`model_id` text NOT NULL,
	`artwork_id` integer NOT NULL,
	`x` real NOT NULL,
	`y` real NOT NULL,
	`cluster_id` integer,
	PRIMARY KEY(`model_id`, `artwork_id`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cluster_id`) REFERENCES `clusters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`dimensions` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `neighbours` (
	`model_id` text NOT NULL,
	`artwork_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`neighbour_id` integer NOT NULL,
	`score` real NOT NULL,
	PRIMARY KEY(`model_id`, `artwork_id`, `rank`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`neighbour_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offer_variants` (
	`id` integer PRIMARY KEY NOT NULL,
	`offer_id` integer NOT NULL,
	`label` text NOT NULL,
	`width_cm` real,
	`height_cm` real,
	`price_minor` integer,
	`currency` text,
	`sku` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offer_variants_label_idx` ON `offer_variants` (`offer_id`,`label`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY NOT NULL,
	`artwork_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`page_id` integer,
	`url` text NOT NULL,
	`affiliate_url` text NOT NULL,
	`price_minor` integer,
	`currency` text,
	`available` integer DEFAULT true NOT NULL,
	`content_hash` text,
	`first_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`page_id`) REFERENCES `pages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_url_idx` ON `offers` (`url`);--> statement-breakpoint
CREATE INDEX `offers_artwork_idx` ON `offers` (`artwork_id`);--> statement-breakpoint
CREATE TABLE `pages` (
	`id` integer PRIMARY KEY NOT NULL,
	`source_id` integer NOT NULL,
	`url` text NOT NULL,
	`kind` text NOT NULL,
	`status_code` integer,
	`etag` text,
	`last_modified` text,
	`content_hash` text,
	`sitemap_lastmod` text,
	`rendered` integer DEFAULT false NOT NULL,
	`outcome` text,
	`error_kind` text,
	`last_error` text,
	`last_run_id` integer,
	`missing_runs` integer DEFAULT 0 NOT NULL,
	`first_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`fetched_at` integer,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pages_url_idx` ON `pages` (`url`);--> statement-breakpoint
CREATE INDEX `pages_source_idx` ON `pages` (`source_id`,`kind`);--> statement-breakpoint
CREATE TABLE `price_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`offer_id` integer NOT NULL,
	`variant_label` text,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`run_id` integer,
	`observed_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `crawl_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `price_history_offer_idx` ON `price_history` (`offer_id`,`observed_at`);--> statement-breakpoint
CREATE TABLE `query_vectors` (
	`model_id` text NOT NULL,
	`text` text NOT NULL,
	`vector` text NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`model_id`, `text`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reactions` (
	`session_id` text NOT NULL,
	`artwork_id` integer NOT NULL,
	`value` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`session_id`, `artwork_id`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reactions_artwork_idx` ON `reactions` (`artwork_id`);--> statement-breakpoint
CREATE TABLE `searches` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` text,
	`query` text NOT NULL,
	`results` integer NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `searches_session_idx` ON `searches` (`session_id`,`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`base_url` text NOT NULL,
	`start_urls` text DEFAULT '[]' NOT NULL,
	`sitemap_urls` text DEFAULT '[]' NOT NULL,
	`allowed_url_patterns` text DEFAULT '[]' NOT NULL,
	`product_url_patterns` text DEFAULT '[]' NOT NULL,
	`render_mode` text DEFAULT 'auto' NOT NULL,
	`selectors` text,
	`affiliate_template` text,
	`default_currency` text,
	`crawl_delay_ms` integer DEFAULT 1000 NOT NULL,
	`crawl_interval_minutes` integer DEFAULT 1440 NOT NULL,
	`missing_runs_before_unavailable` integer DEFAULT 3 NOT NULL,
	`max_pages_per_run` integer DEFAULT 20000 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`last_run_started_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_slug_unique` ON `sources` (`slug`);--> statement-breakpoint
CREATE TABLE `wall_items` (
	`wall_id` integer NOT NULL,
	`artwork_id` integer NOT NULL,
	`position` integer NOT NULL,
	`added_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`wall_id`, `artwork_id`),
	FOREIGN KEY (`wall_id`) REFERENCES `walls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`artwork_id`) REFERENCES `artworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `walls` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_session_id` text NOT NULL,
	`name` text NOT NULL,
	`share_token` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`owner_session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `walls_share_token_unique` ON `walls` (`share_token`);--> statement-breakpoint
CREATE INDEX `walls_owner_idx` ON `walls` (`owner_session_id`);