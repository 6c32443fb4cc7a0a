-- Enumerations of the data model (API.md §4). `integration_ingest_status` belongs to the
-- later integration features and is created with them.
CREATE TYPE media_type AS ENUM ('book', 'movie', 'tv', 'game', 'music');
CREATE TYPE user_item_status AS ENUM (
    'consumed', 'currently_consuming', 'want_to_consume', 'paused', 'dropped'
);
CREATE TYPE user_item_log_type AS ENUM ('started', 'progress', 'finished', 'note', 'goal');
CREATE TYPE availability_status AS ENUM ('available', 'unavailable', 'unknown');
