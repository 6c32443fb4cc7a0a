DROP TABLE user_item_logs;
DROP TABLE user_item_states;
DROP TABLE media_item_tags;
DROP TABLE tags;
