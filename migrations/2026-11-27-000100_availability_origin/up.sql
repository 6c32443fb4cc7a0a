-- Which upstream wrote an availability row (NULL: entered by hand through the API).
-- A re-ingest turns only its own upstream's rows `unavailable` when the upstream stops
-- listing them; rows entered by hand are left alone.
ALTER TABLE media_item_availability
    ADD COLUMN source_name varchar(50);
