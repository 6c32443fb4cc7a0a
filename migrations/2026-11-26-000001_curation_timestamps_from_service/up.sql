-- The curation service owns the timestamps of menus and the rows under them (API.md
-- §5.4: a sibling that an add or a delete merely shifts keeps its `updated_at`; only its
-- own PATCH and an explicit reorder change it). Diesel's `set_updated_at` trigger would
-- stamp `now()` on every such shift, so the store could not write the timestamps it is
-- given. The service truncates them to microseconds and the store writes them as given.
DROP TRIGGER set_updated_at ON menus;
DROP TRIGGER set_updated_at ON courses;
DROP TRIGGER set_updated_at ON course_items;
DROP TRIGGER set_updated_at ON menu_item_pairings;
