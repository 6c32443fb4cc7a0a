-- Indexes of internal search (API.md §5.6):
-- - typo-tolerant title matching: trigrams of the unaccented, lower-cased title. unaccent()
--   is only STABLE (its dictionary could change), so index expressions go through an
--   IMMUTABLE wrapper naming its dictionary explicitly;
-- - the `types` filter: a B-tree on media_type.

CREATE FUNCTION media_title_key(title text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
    SELECT public.unaccent('public.unaccent'::regdictionary, lower(title))
$$;

CREATE INDEX ix_media_items_title_key_trgm
    ON media_items USING gin (media_title_key(title) gin_trgm_ops);
CREATE INDEX ix_media_items_media_type ON media_items (media_type);
