DROP TABLE user_external_search_quotas;
DROP TABLE external_search_previews;
