DROP INDEX ix_media_items_media_type;
DROP INDEX ix_media_items_title_key_trgm;
DROP FUNCTION media_title_key(text);
