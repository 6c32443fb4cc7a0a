ALTER TABLE book_items ALTER CONSTRAINT book_items_media_item_id_fkey NOT DEFERRABLE;
ALTER TABLE movie_items ALTER CONSTRAINT movie_items_media_item_id_fkey NOT DEFERRABLE;
ALTER TABLE game_items ALTER CONSTRAINT game_items_media_item_id_fkey NOT DEFERRABLE;
ALTER TABLE music_items ALTER CONSTRAINT music_items_media_item_id_fkey NOT DEFERRABLE;
