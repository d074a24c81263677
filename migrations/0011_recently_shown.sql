-- What a session was shown (issue 16, decision 0028): one row per session with its last 500
-- work ids, the latest first, instead of one `exposures` row per work shown. The personal feed
-- read the last 500 exposure rows on every page; it now reads one row, and a visitor's row
-- never grows past the cap (exposures had no bound at all).
CREATE TABLE `recently_shown` (
	`session_id` text PRIMARY KEY NOT NULL,
	`artwork_ids` text NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
-- Each session's last 500 exposures, newest first, as the feed read them.
INSERT INTO `recently_shown` (`session_id`, `artwork_ids`, `updated_at`)
SELECT `session_id`, json_group_array(`artwork_id`), MAX(`at`) FROM (
	SELECT `session_id`, `artwork_id`, `at` FROM (
		SELECT `session_id`, `artwork_id`, `at`, `rowid` AS `rid`,
			ROW_NUMBER() OVER (PARTITION BY `session_id` ORDER BY `at` DESC, `rowid` DESC) AS `n`
		FROM `exposures`
	) WHERE `n` <= 500 ORDER BY `session_id`, `at` DESC, `rid` DESC LIMIT -1
) GROUP BY `session_id`;
--> statement-breakpoint
DROP TABLE `exposures`;
