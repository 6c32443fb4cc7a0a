-- The global catalog: media items, their per-type details, where they came from, and
-- where they can be watched/read/played.

CREATE TABLE media_items (
    id              uuid          NOT NULL,
    media_type      media_type    NOT NULL,
    title           varchar(500)  NOT NULL,
    subtitle        varchar(500),
    description     text,
    release_date    date,
    cover_image_url varchar(1024),
    canonical_url   varchar(1024),
    metadata        jsonb         DEFAULT '{}'::jsonb,
    -- Maintained by the triggers of the search_vector_triggers migration.
    search_vector   tsvector,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT media_items_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_media_items_title ON media_items (title);
CREATE INDEX ix_media_items_title_trgm ON media_items USING gin (title gin_trgm_ops);
CREATE INDEX ix_media_items_search_vector ON media_items USING gin (search_vector);
SELECT diesel_manage_updated_at('media_items');

-- authors: JSON array of strings.
CREATE TABLE book_items (
    media_item_id uuid         NOT NULL,
    authors       jsonb,
    page_count    integer,
    publisher     varchar(255),
    language      varchar(64),
    isbn_10       varchar(32),
    isbn_13       varchar(32),
    CONSTRAINT book_items_pkey PRIMARY KEY (media_item_id),
    CONSTRAINT book_items_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE
);

-- directors, producers: JSON arrays of strings.
CREATE TABLE movie_items (
    media_item_id   uuid        NOT NULL,
    runtime_minutes integer,
    directors       jsonb,
    producers       jsonb,
    tmdb_type       varchar(32),
    CONSTRAINT movie_items_pkey PRIMARY KEY (media_item_id),
    CONSTRAINT movie_items_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE
);

-- platforms, developers, publishers, genres: JSON arrays of strings.
CREATE TABLE game_items (
    media_item_id uuid NOT NULL,
    platforms     jsonb,
    developers    jsonb,
    publishers    jsonb,
    genres        jsonb,
    CONSTRAINT game_items_pkey PRIMARY KEY (media_item_id),
    CONSTRAINT game_items_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE
);

CREATE TABLE music_items (
    media_item_id uuid         NOT NULL,
    artist_name   varchar(255),
    album_name    varchar(255),
    track_number  integer,
    duration_ms   integer,
    CONSTRAINT music_items_pkey PRIMARY KEY (media_item_id),
    CONSTRAINT music_items_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE
);

-- One catalog item per upstream record: ingestion upserts on (source_name, external_id).
CREATE TABLE media_sources (
    id            uuid          NOT NULL,
    media_item_id uuid          NOT NULL,
    source_name   varchar(50)   NOT NULL,
    external_id   varchar(255)  NOT NULL,
    canonical_url varchar(1024),
    raw_payload   jsonb         NOT NULL,
    fetched_at    timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT media_sources_pkey PRIMARY KEY (id),
    CONSTRAINT media_sources_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE,
    CONSTRAINT media_sources_source_name_external_id_key UNIQUE (source_name, external_id)
);
CREATE INDEX ix_media_sources_media_item_id ON media_sources (media_item_id);
CREATE INDEX ix_media_sources_source_name ON media_sources (source_name);

-- The unique constraint's conventional name (…_media_item_id_provider_region_format_key)
-- exceeds PostgreSQL's 63-byte identifier limit, hence the shorter one.
CREATE TABLE media_item_availability (
    id              uuid                NOT NULL,
    media_item_id   uuid                NOT NULL,
    provider        varchar(120)        NOT NULL,
    region          varchar(32)         NOT NULL,
    format          varchar(64)         NOT NULL,
    status          availability_status NOT NULL DEFAULT 'unknown',
    deeplink_url    varchar(1024),
    last_checked_at timestamptz,
    created_at      timestamptz         NOT NULL DEFAULT now(),
    updated_at      timestamptz         NOT NULL DEFAULT now(),
    CONSTRAINT media_item_availability_pkey PRIMARY KEY (id),
    CONSTRAINT media_item_availability_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE,
    CONSTRAINT media_item_availability_item_provider_region_format_key
        UNIQUE (media_item_id, provider, region, format)
);
CREATE INDEX ix_media_item_availability_media_item_id
    ON media_item_availability (media_item_id);
SELECT diesel_manage_updated_at('media_item_availability');
