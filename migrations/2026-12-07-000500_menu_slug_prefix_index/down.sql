DROP INDEX ix_menus_slug_prefix;
