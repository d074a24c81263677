-- Keyword search: an FTS5 index over title, artist, tags and description,
-- kept in step with artworks (and artist renames) by triggers, so no writer
-- can forget it. rowid = artworks.id. Tags are indexed with hyphens as spaces
-- ("colour-field" matches "colour field").
CREATE VIRTUAL TABLE `artworks_fts` USING fts5(
	title, artist, tags, description,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `artworks_fts_after_insert` AFTER INSERT ON `artworks` BEGIN
	INSERT INTO artworks_fts(rowid, title, artist, tags, description) VALUES (
		new.id,
		new.title,
		COALESCE((SELECT name FROM artists WHERE id = new.artist_id), ''),
		COALESCE((SELECT group_concat(replace(value, '-', ' '), ' ') FROM json_each(new.tags)), ''),
		new.description
	);
END;
--> statement-breakpoint
CREATE TRIGGER `artworks_fts_after_update` AFTER UPDATE OF title, artist_id, tags, description ON `artworks` BEGIN
	DELETE FROM artworks_fts WHERE rowid = old.id;
	INSERT INTO artworks_fts(rowid, title, artist, tags, description) VALUES (
		new.id,
		new.title,
		COALESCE((SELECT name FROM artists WHERE id = new.artist_id), ''),
		COALESCE((SELECT group_concat(replace(value, '-', ' '), ' ') FROM json_each(new.tags)), ''),
		new.description
	);
END;
--> statement-breakpoint
CREATE TRIGGER `artworks_fts_after_delete` AFTER DELETE ON `artworks` BEGIN
	DELETE FROM artworks_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `artists_fts_after_rename` AFTER UPDATE OF name ON `artists` BEGIN
	UPDATE artworks_fts SET artist = new.name
	WHERE rowid IN (SELECT id FROM artworks WHERE artist_id = new.id);
END;
