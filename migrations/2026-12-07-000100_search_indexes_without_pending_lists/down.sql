ALTER INDEX ix_media_items_search_vector RESET (fastupdate);
ALTER INDEX ix_media_items_title_key_trgm RESET (fastupdate);
ALTER INDEX ix_media_items_title_trgm RESET (fastupdate);
