-- `ix_media_items_title_trgm` (trigrams of the raw title) serves no query: the
-- similar-title search matches `media_title_key(title)` through
-- `ix_media_items_title_key_trgm`, and nothing filters on the raw title by trigrams
-- (PostgreSQL counted 0 scans of it over a whole benchmark run). With `fastupdate = off`
-- every new or retitled item still paid for its trigrams in this index: GIN maintenance
-- was the largest PostgreSQL cost of ingestion in a profile.
DROP INDEX IF EXISTS ix_media_items_title_trgm;
