ALTER TABLE media_item_availability
    DROP COLUMN source_name;
