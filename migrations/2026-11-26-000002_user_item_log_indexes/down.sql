SELECT diesel_manage_updated_at('user_item_logs');
SELECT diesel_manage_updated_at('user_item_states');

DROP INDEX ix_user_item_logs_user_id_media_item_id_logged_at;

CREATE INDEX ix_user_item_logs_user_id ON user_item_logs (user_id);
DROP INDEX ix_user_item_logs_user_id_logged_at;
