DROP TABLE menu_share_tokens;
DROP TABLE menu_lineage;
DROP TABLE menu_item_pairings;
DROP TABLE course_items;
DROP TABLE courses;
DROP TABLE menus;
