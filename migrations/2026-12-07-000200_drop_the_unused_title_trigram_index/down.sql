CREATE INDEX ix_media_items_title_trgm ON media_items USING gin (title gin_trgm_ops)
    WITH (fastupdate = off);
