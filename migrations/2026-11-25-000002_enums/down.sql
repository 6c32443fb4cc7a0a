DROP TYPE availability_status;
DROP TYPE user_item_log_type;
DROP TYPE user_item_status;
DROP TYPE media_type;
