DROP TRIGGER music_items_search_vector ON music_items;
DROP TRIGGER game_items_search_vector ON game_items;
DROP TRIGGER movie_items_search_vector ON movie_items;
DROP TRIGGER book_items_search_vector ON book_items;
DROP FUNCTION media_item_details_refresh_search_vector();

DROP TRIGGER media_items_search_vector ON media_items;
DROP FUNCTION media_items_refresh_search_vector();

DROP FUNCTION media_item_search_vector(uuid, text, text, text);
DROP FUNCTION media_item_json_words(jsonb);

UPDATE media_items SET search_vector = NULL;
