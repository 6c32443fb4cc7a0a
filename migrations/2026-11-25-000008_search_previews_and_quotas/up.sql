-- Per-user cache of external search hits (short TTL) and the fixed-window quota of
-- external fan-out searches.

-- raw_payload holds {source_url, raw_payload, extensions}.
CREATE TABLE external_search_previews (
    id              uuid          NOT NULL,
    user_id         uuid          NOT NULL,
    source_name     varchar(50)   NOT NULL,
    external_id     varchar(255)  NOT NULL,
    media_type      media_type    NOT NULL,
    title           varchar(500)  NOT NULL,
    description     text,
    release_date    date,
    cover_image_url varchar(1024),
    canonical_url   varchar(1024),
    metadata        jsonb         DEFAULT '{}'::jsonb,
    raw_payload     jsonb         NOT NULL DEFAULT '{}'::jsonb,
    expires_at      timestamptz   NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT external_search_previews_pkey PRIMARY KEY (id),
    CONSTRAINT external_search_previews_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT external_search_previews_user_id_source_name_external_id_key
        UNIQUE (user_id, source_name, external_id)
);
CREATE INDEX ix_external_search_previews_user_id ON external_search_previews (user_id);
CREATE INDEX ix_external_search_previews_expires_at ON external_search_previews (expires_at);

CREATE TABLE user_external_search_quotas (
    user_id      uuid        NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer     NOT NULL DEFAULT 0,
    CONSTRAINT user_external_search_quotas_pkey PRIMARY KEY (user_id),
    CONSTRAINT user_external_search_quotas_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
