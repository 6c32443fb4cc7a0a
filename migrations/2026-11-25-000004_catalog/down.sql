DROP TABLE media_item_availability;
DROP TABLE media_sources;
DROP TABLE music_items;
DROP TABLE game_items;
DROP TABLE movie_items;
DROP TABLE book_items;
DROP TABLE media_items;
