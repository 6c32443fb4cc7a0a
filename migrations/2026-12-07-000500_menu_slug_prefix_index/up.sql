-- Creating a menu lists the slugs its title's slug already has, numbered variants
-- included (`slug LIKE 'base%'`). The unique index on slug orders by the database's
-- collation, which a prefix LIKE can use only under the C collation (not C.UTF-8, not
-- en_US): every menu created scanned the whole menus table. This index compares bytes,
-- so the lookup is an index range scan however many menus there are.
CREATE INDEX ix_menus_slug_prefix ON menus (slug varchar_pattern_ops);
