-- Indexes for the user-state store's reads, and verbatim timestamps for its writes.

-- `GET /api/me/logs` (the store's list_logs): a user's logs newest first, in exactly
-- this order, so the index scan returns rows sorted and the page stops early.
-- Its leading column also serves `user_id = $1` lookups and the users foreign key's
-- cascade, which made `ix_user_item_logs_user_id` redundant.
CREATE INDEX ix_user_item_logs_user_id_logged_at
    ON user_item_logs (user_id, logged_at DESC, created_at DESC, id DESC);
DROP INDEX ix_user_item_logs_user_id;

-- One (user, item) pair's logs: the logs later than an instant (a write's snapshot) and
-- the newest log per item (the library's DISTINCT ON), both in this order.
CREATE INDEX ix_user_item_logs_user_id_media_item_id_logged_at
    ON user_item_logs (user_id, media_item_id, logged_at DESC, created_at DESC, id DESC);

-- The user-state service sets every timestamp and the store writes them verbatim;
-- Diesel's trigger would replace an unchanged `updated_at` with now().
DROP TRIGGER set_updated_at ON user_item_states;
DROP TRIGGER set_updated_at ON user_item_logs;
