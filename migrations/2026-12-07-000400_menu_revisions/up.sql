-- A menu's revision advances with every committed change to what a menu view shows: the
-- menu row, its courses, course items and pairings, and the card columns of the media
-- items in it. The HTTP shell keys rendered menus by (menu, revision), so one indexed
-- read of the revision tells whether a rendered menu is still current, whichever
-- process or tool made the change. Statement-level triggers advance a menu once per
-- statement, however many rows the statement writes.
ALTER TABLE menus ADD COLUMN revision bigint NOT NULL DEFAULT 0;

CREATE FUNCTION menu_next_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    RETURN NEW;
END
$$;

CREATE TRIGGER menus_next_revision BEFORE UPDATE ON menus
    FOR EACH ROW EXECUTE FUNCTION menu_next_revision();

-- Advances the revision of each menu in menu_ids, locking them in id order so that two
-- transactions advancing overlapping sets cannot deadlock on each other.
CREATE FUNCTION advance_menu_revisions(menu_ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE menus SET revision = revision + 1
    WHERE id IN (
        SELECT id FROM menus WHERE id = ANY (menu_ids) ORDER BY id FOR NO KEY UPDATE
    );
$$;

-- courses and menu_item_pairings name their menu.
CREATE FUNCTION advance_revisions_of_owning_menus() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM advance_menu_revisions(ARRAY(SELECT DISTINCT menu_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM advance_menu_revisions(ARRAY(SELECT DISTINCT menu_id FROM old_rows));
    ELSE
        PERFORM advance_menu_revisions(ARRAY(
            SELECT menu_id FROM old_rows UNION SELECT menu_id FROM new_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER courses_advance_menu_revisions_on_insert AFTER INSERT ON courses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_owning_menus();
CREATE TRIGGER courses_advance_menu_revisions_on_update AFTER UPDATE ON courses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_owning_menus();
CREATE TRIGGER courses_advance_menu_revisions_on_delete AFTER DELETE ON courses
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_owning_menus();

CREATE TRIGGER pairings_advance_menu_revisions_on_insert AFTER INSERT ON menu_item_pairings
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_owning_menus();
CREATE TRIGGER pairings_advance_menu_revisions_on_update AFTER UPDATE ON menu_item_pairings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_owning_menus();
CREATE TRIGGER pairings_advance_menu_revisions_on_delete AFTER DELETE ON menu_item_pairings
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_owning_menus();

-- course_items reach their menu through their course, looked up by primary key for each
-- distinct course (a join would let the planner hash the whole courses table). A course
-- deleted in the same statement (a cascade) has advanced its menu itself.
CREATE FUNCTION advance_revisions_of_menus_of_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM advance_menu_revisions(ARRAY(
            SELECT (SELECT c.menu_id FROM courses c WHERE c.id = r.course_id)
            FROM (SELECT DISTINCT course_id FROM new_rows) r));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM advance_menu_revisions(ARRAY(
            SELECT (SELECT c.menu_id FROM courses c WHERE c.id = r.course_id)
            FROM (SELECT DISTINCT course_id FROM old_rows) r));
    ELSE
        PERFORM advance_menu_revisions(ARRAY(
            SELECT (SELECT c.menu_id FROM courses c WHERE c.id = r.course_id)
            FROM (SELECT course_id FROM old_rows UNION SELECT course_id FROM new_rows) r));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER course_items_advance_menu_revisions_on_insert AFTER INSERT ON course_items
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_menus_of_items();
CREATE TRIGGER course_items_advance_menu_revisions_on_update AFTER UPDATE ON course_items
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_menus_of_items();
CREATE TRIGGER course_items_advance_menu_revisions_on_delete AFTER DELETE ON course_items
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION advance_revisions_of_menus_of_items();

-- A media item's card (what a menu shows of it) changed: every menu listing it advances.
-- Other writes to media_items (its search_vector, updated_at) leave menus alone.
CREATE FUNCTION advance_revisions_of_menus_listing_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM advance_menu_revisions(ARRAY(
        SELECT DISTINCT c.menu_id
        FROM course_items i JOIN courses c ON c.id = i.course_id
        WHERE i.media_item_id = NEW.id));
    RETURN NULL;
END
$$;

CREATE TRIGGER media_items_advance_menu_revisions AFTER UPDATE ON media_items
    FOR EACH ROW
    WHEN ((OLD.media_type, OLD.title, OLD.subtitle, OLD.description, OLD.release_date,
           OLD.cover_image_url, OLD.canonical_url, OLD.metadata)
          IS DISTINCT FROM
          (NEW.media_type, NEW.title, NEW.subtitle, NEW.description, NEW.release_date,
           NEW.cover_image_url, NEW.canonical_url, NEW.metadata))
    EXECUTE FUNCTION advance_revisions_of_menus_listing_item();
