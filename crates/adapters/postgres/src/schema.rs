// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "availability_status"))]
    pub struct AvailabilityStatus;

    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "media_type"))]
    pub struct MediaType;

    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;

    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "user_item_log_type"))]
    pub struct UserItemLogType;

    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "user_item_status"))]
    pub struct UserItemStatus;
}

diesel::table! {
    book_items (media_item_id) {
        media_item_id -> Uuid,
        authors -> Nullable<Jsonb>,
        page_count -> Nullable<Int4>,
        #[max_length = 255]
        publisher -> Nullable<Varchar>,
        #[max_length = 64]
        language -> Nullable<Varchar>,
        #[max_length = 32]
        isbn_10 -> Nullable<Varchar>,
        #[max_length = 32]
        isbn_13 -> Nullable<Varchar>,
    }
}

diesel::table! {
    course_items (id) {
        id -> Uuid,
        course_id -> Uuid,
        media_item_id -> Uuid,
        notes -> Nullable<Text>,
        position -> Int4,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    courses (id) {
        id -> Uuid,
        menu_id -> Uuid,
        #[max_length = 255]
        title -> Varchar,
        description -> Nullable<Text>,
        intent -> Nullable<Text>,
        position -> Int4,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::MediaType;

    external_search_previews (id) {
        id -> Uuid,
        user_id -> Uuid,
        #[max_length = 50]
        source_name -> Varchar,
        #[max_length = 255]
        external_id -> Varchar,
        media_type -> MediaType,
        #[max_length = 500]
        title -> Varchar,
        description -> Nullable<Text>,
        release_date -> Nullable<Date>,
        #[max_length = 1024]
        cover_image_url -> Nullable<Varchar>,
        #[max_length = 1024]
        canonical_url -> Nullable<Varchar>,
        metadata -> Nullable<Jsonb>,
        raw_payload -> Jsonb,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    game_items (media_item_id) {
        media_item_id -> Uuid,
        platforms -> Nullable<Jsonb>,
        developers -> Nullable<Jsonb>,
        publishers -> Nullable<Jsonb>,
        genres -> Nullable<Jsonb>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::AvailabilityStatus;

    media_item_availability (id) {
        id -> Uuid,
        media_item_id -> Uuid,
        #[max_length = 120]
        provider -> Varchar,
        #[max_length = 32]
        region -> Varchar,
        #[max_length = 64]
        format -> Varchar,
        status -> AvailabilityStatus,
        #[max_length = 1024]
        deeplink_url -> Nullable<Varchar>,
        last_checked_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        #[max_length = 50]
        source_name -> Nullable<Varchar>,
    }
}

diesel::table! {
    media_item_tags (id) {
        id -> Uuid,
        media_item_id -> Uuid,
        tag_id -> Uuid,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::MediaType;
    use super::sql_types::Tsvector;

    media_items (id) {
        id -> Uuid,
        media_type -> MediaType,
        #[max_length = 500]
        title -> Varchar,
        #[max_length = 500]
        subtitle -> Nullable<Varchar>,
        description -> Nullable<Text>,
        release_date -> Nullable<Date>,
        #[max_length = 1024]
        cover_image_url -> Nullable<Varchar>,
        #[max_length = 1024]
        canonical_url -> Nullable<Varchar>,
        metadata -> Nullable<Jsonb>,
        search_vector -> Nullable<Tsvector>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    media_sources (id) {
        id -> Uuid,
        media_item_id -> Uuid,
        #[max_length = 50]
        source_name -> Varchar,
        #[max_length = 255]
        external_id -> Varchar,
        #[max_length = 1024]
        canonical_url -> Nullable<Varchar>,
        raw_payload -> Jsonb,
        fetched_at -> Timestamptz,
    }
}

diesel::table! {
    menu_item_pairings (id) {
        id -> Uuid,
        menu_id -> Uuid,
        primary_course_item_id -> Uuid,
        paired_course_item_id -> Uuid,
        #[max_length = 120]
        relationship -> Nullable<Varchar>,
        note -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    menu_lineage (id) {
        id -> Uuid,
        source_menu_id -> Uuid,
        forked_menu_id -> Uuid,
        created_by -> Nullable<Uuid>,
        note -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    menu_share_tokens (id) {
        id -> Uuid,
        menu_id -> Uuid,
        created_by -> Nullable<Uuid>,
        #[max_length = 64]
        token -> Varchar,
        expires_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        last_accessed_at -> Nullable<Timestamptz>,
        access_count -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    menus (id) {
        id -> Uuid,
        owner_id -> Uuid,
        #[max_length = 255]
        title -> Varchar,
        description -> Nullable<Text>,
        #[max_length = 255]
        slug -> Varchar,
        is_public -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        revision -> Int8,
    }
}

diesel::table! {
    movie_items (media_item_id) {
        media_item_id -> Uuid,
        runtime_minutes -> Nullable<Int4>,
        directors -> Nullable<Jsonb>,
        producers -> Nullable<Jsonb>,
        #[max_length = 32]
        tmdb_type -> Nullable<Varchar>,
    }
}

diesel::table! {
    music_items (media_item_id) {
        media_item_id -> Uuid,
        #[max_length = 255]
        artist_name -> Nullable<Varchar>,
        #[max_length = 255]
        album_name -> Nullable<Varchar>,
        track_number -> Nullable<Int4>,
        duration_ms -> Nullable<Int4>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        #[max_length = 128]
        token_hash -> Varchar,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        #[max_length = 255]
        revoked_reason -> Nullable<Varchar>,
        replaced_by_token_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    tags (id) {
        id -> Uuid,
        owner_id -> Nullable<Uuid>,
        #[max_length = 64]
        name -> Varchar,
    }
}

diesel::table! {
    user_external_search_quotas (user_id) {
        user_id -> Uuid,
        window_start -> Timestamptz,
        count -> Int4,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::UserItemLogType;

    user_item_logs (id) {
        id -> Uuid,
        user_id -> Uuid,
        media_item_id -> Uuid,
        log_type -> UserItemLogType,
        #[max_length = 2000]
        notes -> Nullable<Varchar>,
        minutes_spent -> Nullable<Int4>,
        progress_percent -> Nullable<Int4>,
        #[max_length = 255]
        goal_target -> Nullable<Varchar>,
        goal_due_on -> Nullable<Date>,
        logged_at -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::UserItemStatus;

    user_item_states (id) {
        id -> Uuid,
        user_id -> Uuid,
        media_item_id -> Uuid,
        status -> UserItemStatus,
        rating -> Nullable<Int4>,
        favorite -> Bool,
        notes -> Nullable<Text>,
        started_at -> Nullable<Timestamptz>,
        finished_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        #[max_length = 255]
        email -> Varchar,
        #[max_length = 255]
        hashed_password -> Varchar,
        #[max_length = 255]
        display_name -> Nullable<Varchar>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(book_items -> media_items (media_item_id));
diesel::joinable!(course_items -> courses (course_id));
diesel::joinable!(course_items -> media_items (media_item_id));
diesel::joinable!(courses -> menus (menu_id));
diesel::joinable!(external_search_previews -> users (user_id));
diesel::joinable!(game_items -> media_items (media_item_id));
diesel::joinable!(media_item_availability -> media_items (media_item_id));
diesel::joinable!(media_item_tags -> media_items (media_item_id));
diesel::joinable!(media_item_tags -> tags (tag_id));
diesel::joinable!(media_sources -> media_items (media_item_id));
diesel::joinable!(menu_item_pairings -> menus (menu_id));
diesel::joinable!(menu_lineage -> users (created_by));
diesel::joinable!(menu_share_tokens -> menus (menu_id));
diesel::joinable!(menu_share_tokens -> users (created_by));
diesel::joinable!(menus -> users (owner_id));
diesel::joinable!(movie_items -> media_items (media_item_id));
diesel::joinable!(music_items -> media_items (media_item_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(tags -> users (owner_id));
diesel::joinable!(user_external_search_quotas -> users (user_id));
diesel::joinable!(user_item_logs -> media_items (media_item_id));
diesel::joinable!(user_item_logs -> users (user_id));
diesel::joinable!(user_item_states -> media_items (media_item_id));
diesel::joinable!(user_item_states -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    book_items,
    course_items,
    courses,
    external_search_previews,
    game_items,
    media_item_availability,
    media_item_tags,
    media_items,
    media_sources,
    menu_item_pairings,
    menu_lineage,
    menu_share_tokens,
    menus,
    movie_items,
    music_items,
    refresh_tokens,
    tags,
    user_external_search_quotas,
    user_item_logs,
    user_item_states,
    users,
);
