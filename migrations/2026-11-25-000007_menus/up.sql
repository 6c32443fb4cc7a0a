-- Menus: ordered courses of catalog items, pairings between items, fork lineage and
-- share tokens.

CREATE TABLE menus (
    id          uuid         NOT NULL,
    owner_id    uuid         NOT NULL,
    title       varchar(255) NOT NULL,
    description text,
    slug        varchar(255) NOT NULL,
    is_public   boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT menus_pkey PRIMARY KEY (id),
    CONSTRAINT menus_owner_id_fkey
        FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT menus_slug_key UNIQUE (slug)
);
CREATE INDEX ix_menus_owner_id ON menus (owner_id);
SELECT diesel_manage_updated_at('menus');

-- Positions are dense (1..n) and unique per menu. The constraint is DEFERRABLE so a
-- transaction that shifts positions can `SET CONSTRAINTS courses_menu_id_position_key
-- DEFERRED` and have uniqueness checked at commit.
CREATE TABLE courses (
    id          uuid         NOT NULL,
    menu_id     uuid         NOT NULL,
    title       varchar(255) NOT NULL,
    description text,
    intent      text,
    position    integer      NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT courses_pkey PRIMARY KEY (id),
    CONSTRAINT courses_menu_id_fkey
        FOREIGN KEY (menu_id) REFERENCES menus (id) ON DELETE CASCADE,
    CONSTRAINT courses_menu_id_position_key UNIQUE (menu_id, position)
        DEFERRABLE INITIALLY IMMEDIATE
);
SELECT diesel_manage_updated_at('courses');

-- Deleting a catalog item removes it from every menu.
CREATE TABLE course_items (
    id            uuid        NOT NULL,
    course_id     uuid        NOT NULL,
    media_item_id uuid        NOT NULL,
    notes         text,
    position      integer     NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT course_items_pkey PRIMARY KEY (id),
    CONSTRAINT course_items_course_id_fkey
        FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
    CONSTRAINT course_items_media_item_id_fkey
        FOREIGN KEY (media_item_id) REFERENCES media_items (id) ON DELETE CASCADE,
    CONSTRAINT course_items_course_id_position_key UNIQUE (course_id, position)
        DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX ix_course_items_media_item_id ON course_items (media_item_id);
SELECT diesel_manage_updated_at('course_items');

CREATE TABLE menu_item_pairings (
    id                     uuid         NOT NULL,
    menu_id                uuid         NOT NULL,
    primary_course_item_id uuid         NOT NULL,
    paired_course_item_id  uuid         NOT NULL,
    relationship           varchar(120),
    note                   text,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT menu_item_pairings_pkey PRIMARY KEY (id),
    CONSTRAINT menu_item_pairings_menu_id_fkey
        FOREIGN KEY (menu_id) REFERENCES menus (id) ON DELETE CASCADE,
    CONSTRAINT menu_item_pairings_primary_course_item_id_fkey
        FOREIGN KEY (primary_course_item_id) REFERENCES course_items (id) ON DELETE CASCADE,
    CONSTRAINT menu_item_pairings_paired_course_item_id_fkey
        FOREIGN KEY (paired_course_item_id) REFERENCES course_items (id) ON DELETE CASCADE,
    -- Shortened from …_menu_id_primary_course_item_id_paired_course_item_id_key, which
    -- exceeds PostgreSQL's 63-byte identifier limit.
    CONSTRAINT menu_item_pairings_menu_id_primary_id_paired_id_key
        UNIQUE (menu_id, primary_course_item_id, paired_course_item_id)
);
CREATE INDEX ix_menu_item_pairings_menu_id ON menu_item_pairings (menu_id);
CREATE INDEX ix_menu_item_pairings_primary_course_item_id
    ON menu_item_pairings (primary_course_item_id);
CREATE INDEX ix_menu_item_pairings_paired_course_item_id
    ON menu_item_pairings (paired_course_item_id);
SELECT diesel_manage_updated_at('menu_item_pairings');

CREATE TABLE menu_lineage (
    id             uuid        NOT NULL,
    source_menu_id uuid        NOT NULL,
    forked_menu_id uuid        NOT NULL,
    created_by     uuid,
    note           text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT menu_lineage_pkey PRIMARY KEY (id),
    CONSTRAINT menu_lineage_source_menu_id_fkey
        FOREIGN KEY (source_menu_id) REFERENCES menus (id) ON DELETE CASCADE,
    CONSTRAINT menu_lineage_forked_menu_id_fkey
        FOREIGN KEY (forked_menu_id) REFERENCES menus (id) ON DELETE CASCADE,
    CONSTRAINT menu_lineage_created_by_fkey
        FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT menu_lineage_source_menu_id_forked_menu_id_key
        UNIQUE (source_menu_id, forked_menu_id)
);
CREATE INDEX ix_menu_lineage_source_menu_id ON menu_lineage (source_menu_id);
CREATE INDEX ix_menu_lineage_forked_menu_id ON menu_lineage (forked_menu_id);

CREATE TABLE menu_share_tokens (
    id               uuid        NOT NULL,
    menu_id          uuid        NOT NULL,
    created_by       uuid,
    token            varchar(64) NOT NULL,
    expires_at       timestamptz,
    revoked_at       timestamptz,
    last_accessed_at timestamptz,
    access_count     integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT menu_share_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT menu_share_tokens_menu_id_fkey
        FOREIGN KEY (menu_id) REFERENCES menus (id) ON DELETE CASCADE,
    CONSTRAINT menu_share_tokens_created_by_fkey
        FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT menu_share_tokens_token_key UNIQUE (token)
);
CREATE INDEX ix_menu_share_tokens_menu_id ON menu_share_tokens (menu_id);
