-- Ingestion inserts a new item's extension row before the item itself, so that the
-- item's BEFORE INSERT trigger computes its whole search_vector in one go. The other way
-- round, the extension's AFTER trigger rewrote the item just inserted: a second row
-- version and a second set of entries in every index of media_items, one per word in its
-- GIN index (which takes entries directly, without a pending list) — twice the largest
-- PostgreSQL cost of ingestion. The references to media_items are therefore checked at
-- commit; deleting an item still cascades at once.
ALTER TABLE book_items
    ALTER CONSTRAINT book_items_media_item_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE movie_items
    ALTER CONSTRAINT movie_items_media_item_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE game_items
    ALTER CONSTRAINT game_items_media_item_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE music_items
    ALTER CONSTRAINT music_items_media_item_id_fkey DEFERRABLE INITIALLY DEFERRED;
