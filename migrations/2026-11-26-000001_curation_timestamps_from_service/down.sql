SELECT diesel_manage_updated_at('menus');
SELECT diesel_manage_updated_at('courses');
SELECT diesel_manage_updated_at('course_items');
SELECT diesel_manage_updated_at('menu_item_pairings');
