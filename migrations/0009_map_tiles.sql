-- The explore map at catalogue scale (issue 14): points addressed by a quadtree cell so a map
-- tile is one indexed range, and per-cell counts precomputed for the zoomed-out levels.
-- Written by POST /admin/pipeline/map/tiles after the map is pushed (workers/admin/map-tiles.ts).
ALTER TABLE `map_points` ADD `gx` integer;--> statement-breakpoint
ALTER TABLE `map_points` ADD `gy` integer;--> statement-breakpoint
ALTER TABLE `map_points` ADD `cell` integer;--> statement-breakpoint
CREATE INDEX `map_points_cell_idx` ON `map_points` (`model_id`, `cell`);--> statement-breakpoint
CREATE TABLE `map_layouts` (
	`model_id` text PRIMARY KEY NOT NULL,
	`min_x` real NOT NULL,
	`min_y` real NOT NULL,
	`span_x` real NOT NULL,
	`span_y` real NOT NULL,
	`aspect` real NOT NULL,
	`points` integer NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
CREATE TABLE `map_density` (
	`model_id` text NOT NULL,
	`level` integer NOT NULL,
	`cell` integer NOT NULL,
	`count` integer NOT NULL,
	`gx` integer NOT NULL,
	`gy` integer NOT NULL,
	`cluster` integer,
	PRIMARY KEY(`model_id`, `level`, `cell`),
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
