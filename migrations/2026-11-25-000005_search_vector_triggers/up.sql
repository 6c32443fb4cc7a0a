-- media_items.search_vector, weighted (API.md §4 "Full-text search"):
--   A title, B subtitle, C description,
--   D the book's authors, publisher and ISBNs; the movie's directors and producers; the
--     game's developers, publishers, genres and platforms; the music item's artist and
--     album.
-- Recomputed on insert of a media item or update of its title/subtitle/description, and
-- after any insert, update or delete on the four extension tables.

-- The words of every string inside a JSON document (arrays of names, usually).
CREATE FUNCTION media_item_json_words(document jsonb) RETURNS tsvector
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(jsonb_to_tsvector('english_unaccent', document, '["string"]'), ''::tsvector)
$$;

-- The whole weighted vector of one media item.
CREATE FUNCTION media_item_search_vector(
    item_id uuid, item_title text, item_subtitle text, item_description text
) RETURNS tsvector
    LANGUAGE sql STABLE
AS $$
    SELECT
        setweight(to_tsvector('english_unaccent', coalesce(item_title, '')), 'A')
        || setweight(to_tsvector('english_unaccent', coalesce(item_subtitle, '')), 'B')
        || setweight(to_tsvector('english_unaccent', coalesce(item_description, '')), 'C')
        || setweight(
            coalesce((
                SELECT media_item_json_words(b.authors)
                    || to_tsvector('english_unaccent',
                                   concat_ws(' ', b.publisher, b.isbn_10, b.isbn_13))
                FROM book_items b WHERE b.media_item_id = item_id
            ), ''::tsvector)
            || coalesce((
                SELECT media_item_json_words(m.directors)
                    || media_item_json_words(m.producers)
                FROM movie_items m WHERE m.media_item_id = item_id
            ), ''::tsvector)
            || coalesce((
                SELECT media_item_json_words(g.developers)
                    || media_item_json_words(g.publishers)
                    || media_item_json_words(g.genres)
                    || media_item_json_words(g.platforms)
                FROM game_items g WHERE g.media_item_id = item_id
            ), ''::tsvector)
            || coalesce((
                SELECT to_tsvector('english_unaccent',
                                   concat_ws(' ', mu.artist_name, mu.album_name))
                FROM music_items mu WHERE mu.media_item_id = item_id
            ), ''::tsvector),
            'D')
$$;

-- BEFORE trigger on media_items: sets the new row's vector (no second UPDATE needed).
CREATE FUNCTION media_items_refresh_search_vector() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.search_vector := media_item_search_vector(NEW.id, NEW.title, NEW.subtitle, NEW.description);
    RETURN NEW;
END;
$$;

CREATE TRIGGER media_items_search_vector
    BEFORE INSERT OR UPDATE OF title, subtitle, description ON media_items
    FOR EACH ROW EXECUTE FUNCTION media_items_refresh_search_vector();

-- AFTER trigger on the extension tables: recomputes the parent item's vector. (Updating
-- only search_vector does not fire the media_items trigger above.)
CREATE FUNCTION media_item_details_refresh_search_vector() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE media_items
        SET search_vector = media_item_search_vector(id, title, subtitle, description)
        WHERE id = OLD.media_item_id;
    END IF;
    IF TG_OP = 'INSERT'
        OR (TG_OP = 'UPDATE' AND NEW.media_item_id IS DISTINCT FROM OLD.media_item_id) THEN
        UPDATE media_items
        SET search_vector = media_item_search_vector(id, title, subtitle, description)
        WHERE id = NEW.media_item_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER book_items_search_vector
    AFTER INSERT OR UPDATE OR DELETE ON book_items
    FOR EACH ROW EXECUTE FUNCTION media_item_details_refresh_search_vector();
CREATE TRIGGER movie_items_search_vector
    AFTER INSERT OR UPDATE OR DELETE ON movie_items
    FOR EACH ROW EXECUTE FUNCTION media_item_details_refresh_search_vector();
CREATE TRIGGER game_items_search_vector
    AFTER INSERT OR UPDATE OR DELETE ON game_items
    FOR EACH ROW EXECUTE FUNCTION media_item_details_refresh_search_vector();
CREATE TRIGGER music_items_search_vector
    AFTER INSERT OR UPDATE OR DELETE ON music_items
    FOR EACH ROW EXECUTE FUNCTION media_item_details_refresh_search_vector();

-- Items that existed before this migration.
UPDATE media_items
SET search_vector = media_item_search_vector(id, title, subtitle, description);
