-- Tags (private to their owner, or global when owner_id is NULL) and per-user state of
-- catalog items: the current status/rating, and the log it is derived from.

-- Deleting a user deletes their private tags (API.md §6.9: SET NULL would turn them
-- global). UNIQUE (owner_id, name) does not constrain global tags (NULLs are distinct).
CREATE TABLE tags (
    id       uuid        NOT NULL,
    owner_id uuid,
    name     varchar(64) NOT NULL,
    CONSTRAINT tags_pkey PRIMARY KEY (id),
    CONSTRAINT tags_owner_id_fkey
        FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT tags_owner_id_name_key UNIQUE (owner_id, name)
);

CREATE TABLE media_item_tags (
    id            uuid NOT NULL,
    media_item_id uuid NOT NULL,
    tag_id        uuid NOT NULL,
    CONSTRAINT media_item_tags_pkey PRIMARY KEY (id),
    CONSTRAINT media_item_tags_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE,
    CONSTRAINT media_item_tags_tag_id_fkey
        FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE,
    CONSTRAINT media_item_tags_media_item_id_tag_id_key UNIQUE (media_item_id, tag_id)
);
CREATE INDEX ix_media_item_tags_tag_id ON media_item_tags (tag_id);

CREATE TABLE user_item_states (
    id            uuid             NOT NULL,
    user_id       uuid             NOT NULL,
    media_item_id uuid             NOT NULL,
    status        user_item_status NOT NULL,
    rating        integer,
    favorite      boolean          NOT NULL DEFAULT false,
    notes         text,
    started_at    timestamptz,
    finished_at   timestamptz,
    created_at    timestamptz      NOT NULL DEFAULT now(),
    updated_at    timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT user_item_states_pkey PRIMARY KEY (id),
    CONSTRAINT user_item_states_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_item_states_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE,
    CONSTRAINT user_item_states_user_id_media_item_id_key UNIQUE (user_id, media_item_id),
    CONSTRAINT user_item_states_rating_check CHECK (rating >= 0 AND rating <= 10)
);
CREATE INDEX ix_user_item_states_media_item_id ON user_item_states (media_item_id);
SELECT diesel_manage_updated_at('user_item_states');

CREATE TABLE user_item_logs (
    id               uuid               NOT NULL,
    user_id          uuid               NOT NULL,
    media_item_id    uuid               NOT NULL,
    log_type         user_item_log_type NOT NULL,
    notes            varchar(2000),
    minutes_spent    integer,
    progress_percent integer,
    goal_target      varchar(255),
    goal_due_on      date,
    logged_at        timestamptz        NOT NULL DEFAULT now(),
    created_at       timestamptz        NOT NULL DEFAULT now(),
    updated_at       timestamptz        NOT NULL DEFAULT now(),
    CONSTRAINT user_item_logs_pkey PRIMARY KEY (id),
    CONSTRAINT user_item_logs_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_item_logs_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE,
    CONSTRAINT user_item_logs_minutes_spent_check CHECK (minutes_spent >= 0),
    CONSTRAINT user_item_logs_progress_percent_check
        CHECK (progress_percent >= 0 AND progress_percent <= 100)
);
CREATE INDEX ix_user_item_logs_user_id ON user_item_logs (user_id);
CREATE INDEX ix_user_item_logs_media_item_id ON user_item_logs (media_item_id);
CREATE INDEX ix_user_item_logs_logged_at ON user_item_logs (logged_at);
SELECT diesel_manage_updated_at('user_item_logs');
