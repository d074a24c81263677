-- Hand-written (issue 15): the visitor's history log, passkey accounts and the index the
-- artwork page's per-tag rows walk. See docs/decisions/0012-passkey-accounts-and-history.md.

-- One row per thing a visitor did, newest = highest id. Written by the triggers below, so
-- every path that changes reactions, walls or searches (API, page forms, taste finder) is
-- logged without each caller remembering to. No foreign keys: an entry outlives the wall
-- or work it names (the history page says when that is gone).
CREATE TABLE `history_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`artwork_id` integer,
	`wall_id` integer,
	`search_id` integer,
	`value` integer,
	`previous_value` integer,
	`label` text,
	`previous_label` text,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`undone_at` integer
);
--> statement-breakpoint
CREATE INDEX `history_events_session_idx` ON `history_events` (`session_id`, `id`);
--> statement-breakpoint
-- While a session has a row here, its changes are not logged: undo and the sign-in merge
-- write it first and delete it last, inside one batch (one transaction).
CREATE TABLE `history_mute` (
	`session_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- A like or dislike. setReaction changes a reaction by delete-then-insert: the delete logged
-- an 'unreact' just before, which this folds into the new entry as its previous value.
CREATE TRIGGER `history_reaction_insert` AFTER INSERT ON `reactions`
WHEN NOT EXISTS (SELECT 1 FROM `history_mute` WHERE `session_id` = NEW.`session_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `artwork_id`, `value`, `previous_value`)
  VALUES (NEW.`session_id`, 'react', NEW.`artwork_id`, NEW.`value`,
    (SELECT `value` FROM `history_events` WHERE `id` = (SELECT MAX(`id`) FROM `history_events` WHERE `session_id` = NEW.`session_id`)
       AND `kind` = 'unreact' AND `artwork_id` = NEW.`artwork_id` AND `value` <> NEW.`value` AND `undone_at` IS NULL));
  -- The entry just written is the newest; the folded 'unreact' is the one before it.
  DELETE FROM `history_events`
  WHERE `id` = (SELECT MAX(`id`) FROM `history_events` WHERE `session_id` = NEW.`session_id` AND `id` < (SELECT MAX(`id`) FROM `history_events` WHERE `session_id` = NEW.`session_id`))
    AND `kind` = 'unreact' AND `artwork_id` = NEW.`artwork_id` AND `value` <> NEW.`value` AND `undone_at` IS NULL
    AND (SELECT `previous_value` FROM `history_events` WHERE `id` = (SELECT MAX(`id`) FROM `history_events` WHERE `session_id` = NEW.`session_id`)) IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `history_reaction_delete` AFTER DELETE ON `reactions`
WHEN NOT EXISTS (SELECT 1 FROM `history_mute` WHERE `session_id` = OLD.`session_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `artwork_id`, `value`)
  VALUES (OLD.`session_id`, 'unreact', OLD.`artwork_id`, OLD.`value`);
END;
--> statement-breakpoint
CREATE TRIGGER `history_wall_insert` AFTER INSERT ON `walls`
WHEN NOT EXISTS (SELECT 1 FROM `history_mute` WHERE `session_id` = NEW.`owner_session_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `wall_id`, `label`)
  VALUES (NEW.`owner_session_id`, 'wall_create', NEW.`id`, NEW.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `history_wall_rename` AFTER UPDATE OF `name` ON `walls`
WHEN NEW.`name` <> OLD.`name` AND NOT EXISTS (SELECT 1 FROM `history_mute` WHERE `session_id` = NEW.`owner_session_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `wall_id`, `label`, `previous_label`)
  VALUES (NEW.`owner_session_id`, 'wall_rename', NEW.`id`, NEW.`name`, OLD.`name`);
END;
--> statement-breakpoint
-- Deleting a wall deletes its items first; those removals are the tail of the session's log
-- and are folded into the one 'wall_delete' entry (label: the name; value: how many works).
CREATE TRIGGER `history_wall_delete` AFTER DELETE ON `walls`
WHEN NOT EXISTS (SELECT 1 FROM `history_mute` WHERE `session_id` = OLD.`owner_session_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `wall_id`, `label`, `value`)
  VALUES (OLD.`owner_session_id`, 'wall_delete', OLD.`id`, OLD.`name`,
    (SELECT COUNT(*) FROM `history_events` WHERE `session_id` = OLD.`owner_session_id` AND `wall_id` = OLD.`id` AND `kind` = 'wall_remove'
       AND `id` > COALESCE((SELECT MAX(`id`) FROM `history_events` WHERE `session_id` = OLD.`owner_session_id` AND NOT (`wall_id` = OLD.`id` AND `kind` = 'wall_remove')), 0)));
  DELETE FROM `history_events` WHERE `session_id` = OLD.`owner_session_id` AND `wall_id` = OLD.`id` AND `kind` = 'wall_remove'
    AND `id` > COALESCE((SELECT MAX(`id`) FROM `history_events` WHERE `session_id` = OLD.`owner_session_id` AND NOT (`wall_id` = OLD.`id` AND `kind` IN ('wall_remove', 'wall_delete'))), 0);
END;
--> statement-breakpoint
CREATE TRIGGER `history_wall_item_insert` AFTER INSERT ON `wall_items`
WHEN NOT EXISTS (SELECT 1 FROM `history_mute` m JOIN `walls` w ON w.`owner_session_id` = m.`session_id` WHERE w.`id` = NEW.`wall_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `wall_id`, `artwork_id`, `label`)
  SELECT `owner_session_id`, 'wall_add', `id`, NEW.`artwork_id`, `name` FROM `walls` WHERE `id` = NEW.`wall_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `history_wall_item_delete` AFTER DELETE ON `wall_items`
WHEN NOT EXISTS (SELECT 1 FROM `history_mute` m JOIN `walls` w ON w.`owner_session_id` = m.`session_id` WHERE w.`id` = OLD.`wall_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `wall_id`, `artwork_id`, `label`)
  SELECT `owner_session_id`, 'wall_remove', `id`, OLD.`artwork_id`, `name` FROM `walls` WHERE `id` = OLD.`wall_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `history_search_insert` AFTER INSERT ON `searches`
WHEN NEW.`session_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `history_mute` WHERE `session_id` = NEW.`session_id`)
BEGIN
  INSERT INTO `history_events` (`session_id`, `kind`, `search_id`, `label`, `value`)
  VALUES (NEW.`session_id`, 'search', NEW.`id`, NEW.`query`, NEW.`results`);
END;
--> statement-breakpoint
-- Passkey accounts. An account owns one visitor session id (`session_id`): signing in puts
-- that id in the visitor's signed cookie, so likes, walls and history, all keyed by session,
-- follow the account to every device without changing the code that reads them.
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_sign_in_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_session_unique` ON `accounts` (`session_id`);
--> statement-breakpoint
CREATE TABLE `passkeys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL REFERENCES `accounts`(`id`) ON DELETE CASCADE,
	`public_key` text NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL,
	`transports` text DEFAULT '[]' NOT NULL,
	`device_type` text NOT NULL,
	`backed_up` integer DEFAULT 0 NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE INDEX `passkeys_account_idx` ON `passkeys` (`account_id`);
--> statement-breakpoint
-- WebAuthn challenges: single use (deleted when checked), five minutes to live.
CREATE TABLE `webauthn_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`challenge` text NOT NULL,
	`account_id` text,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webauthn_challenges_expires_idx` ON `webauthn_challenges` (`expires_at`);
--> statement-breakpoint
-- The artwork page's per-tag rows read works with one tag around a given id, in id order.
CREATE INDEX `artwork_tags_tag_artwork_idx` ON `artwork_tags` (`tag`, `artwork_id`);
--> statement-breakpoint
-- Deleting an account clears the session id from its purchase clicks without a table scan.
CREATE INDEX `clicks_session_idx` ON `clicks` (`session_id`);
