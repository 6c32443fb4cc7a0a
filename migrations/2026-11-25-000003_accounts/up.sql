-- Accounts: users and their refresh-token sessions.
CREATE TABLE users (
    id              uuid         NOT NULL,
    email           varchar(255) NOT NULL,
    hashed_password varchar(255) NOT NULL,
    display_name    varchar(255),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);
SELECT diesel_manage_updated_at('users');

-- revoked_reason: rotated, expired, logout, user_revoked, reused_token, user_missing.
-- replaced_by_token_id links a rotated token to its successor (deliberately no FK).
CREATE TABLE refresh_tokens (
    id                   uuid         NOT NULL,
    user_id              uuid         NOT NULL,
    token_hash           varchar(128) NOT NULL,
    created_at           timestamptz  NOT NULL DEFAULT now(),
    expires_at           timestamptz  NOT NULL,
    revoked_at           timestamptz,
    revoked_reason       varchar(255),
    replaced_by_token_id uuid,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);
