-- Wall planner (issue 15): a wall's real size, the unit its owner reads it in and an
-- optional piece of furniture drawn for scale; per work on the wall its position (the
-- frame's outer top-left corner, in cm from the wall's top-left corner; NULL = not placed
-- yet, the planner lays it out automatically), the chosen size variant (by label), the
-- frame colour and the mat width. Hand-written: the schema is edited by several people.
ALTER TABLE `walls` ADD `width_cm` real DEFAULT 300 NOT NULL;--> statement-breakpoint
ALTER TABLE `walls` ADD `height_cm` real DEFAULT 250 NOT NULL;--> statement-breakpoint
ALTER TABLE `walls` ADD `unit` text DEFAULT 'cm' NOT NULL;--> statement-breakpoint
ALTER TABLE `walls` ADD `furniture` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `wall_items` ADD `x_cm` real;--> statement-breakpoint
ALTER TABLE `wall_items` ADD `y_cm` real;--> statement-breakpoint
ALTER TABLE `wall_items` ADD `variant_label` text;--> statement-breakpoint
ALTER TABLE `wall_items` ADD `frame_colour` text DEFAULT 'black' NOT NULL;--> statement-breakpoint
ALTER TABLE `wall_items` ADD `mat_cm` real DEFAULT 0 NOT NULL;
