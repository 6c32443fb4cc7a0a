//! Mapping tests over every recorded Google Books payload.

use chrono::NaiveDate;
use serde_json::{Value, json};
use tastebuds_media::{
    BookDetail, ExternalMedia, MediaDetails, MediaType, SourceError, SourceName,
};

use super::{map_search_page, map_volume};
use crate::dto::VolumesPage;

fn fixture(body: &str) -> Value {
    serde_json::from_str(body).unwrap()
}

fn book_of(media: &ExternalMedia) -> &BookDetail {
    match &media.details {
        MediaDetails::Book(book) => book,
        other => panic!("expected a book, got {other:?}"),
    }
}

fn search_page(body: &str) -> Vec<ExternalMedia> {
    map_search_page(serde_json::from_str(body).unwrap())
}

#[test]
fn a_full_volume_maps_every_field_and_strips_html() {
    let raw = fixture(include_str!(
        "../../tests/fixtures/volume_B1hSG45JCX4C.json"
    ));
    let media = map_volume(raw.clone()).unwrap();

    assert_eq!(media.source, SourceName::GoogleBooks);
    assert_eq!(media.external_id, "B1hSG45JCX4C");
    assert_eq!(media.media_type, MediaType::Book);
    assert_eq!(media.title, "Dune");
    let description = media.description.as_deref().unwrap();
    assert!(
        description.starts_with("The first novel of the Dune saga"),
        "{description}"
    );
    assert!(
        description.contains("the Fremen & a destiny"),
        "entities decoded"
    );
    assert!(
        description.contains("\n\nDriven into the deep desert"),
        "<br><br> kept"
    );
    assert!(!description.contains('<'), "tags stripped: {description}");
    assert_eq!(media.release_date, NaiveDate::from_ymd_opt(2005, 8, 2));
    assert_eq!(
        media.cover_image_url.as_deref(),
        Some(
            "https://books.google.com/books/content?id=B1hSG45JCX4C&printsec=frontcover&img=1&zoom=1&edge=curl&imgtk=AFLRE72Kq8vT3mX1bN0cYz4rP7wL2hJ9dS6fG5aE0uI3oV8tR1kQ&source=gbs_api"
        )
    );
    assert_eq!(
        media.canonical_url.as_deref(),
        Some("https://play.google.com/store/books/details?id=B1hSG45JCX4C&source=gbs_api")
    );
    assert_eq!(
        media.source_url.as_deref(),
        Some("https://play.google.com/store/books/details?id=B1hSG45JCX4C")
    );
    assert_eq!(
        media.metadata,
        json!({
            "categories": [
                "Fiction / Science Fiction / Space Opera",
                "Fiction / Science Fiction / Military",
                "Fiction / Classics"
            ],
            "language": "en",
            "pageCount": 896
        })
    );
    assert_eq!(
        book_of(&media),
        &BookDetail {
            authors: Some(vec!["Frank Herbert".to_owned()]),
            page_count: Some(896),
            publisher: Some("Penguin".to_owned()),
            language: Some("en".to_owned()),
            isbn_10: Some("0441013597".to_owned()),
            isbn_13: Some("9780441013593".to_owned()),
        }
    );
    assert_eq!(media.raw_payload, raw);
}

#[test]
fn a_library_scan_without_optional_fields_maps_to_nones() {
    let media = map_volume(fixture(include_str!(
        "../../tests/fixtures/volume_PuPlAAAAMAAJ.json"
    )))
    .unwrap();

    assert_eq!(media.title, "Dune");
    assert_eq!(media.description, None);
    assert_eq!(media.release_date, None);
    assert_eq!(media.cover_image_url, None);
    assert_eq!(
        media.metadata,
        json!({"categories": null, "language": "en", "pageCount": null})
    );
    assert_eq!(
        book_of(&media),
        &BookDetail {
            language: Some("en".to_owned()),
            ..BookDetail::default()
        },
        "pageCount 0 and an OTHER identifier are no data"
    );
}

#[test]
fn japanese_volume_round_trips_and_keeps_month_precision() {
    let media = map_volume(fixture(include_str!(
        "../../tests/fixtures/volume_mHJ7CwAAQBAJ.json"
    )))
    .unwrap();

    assert_eq!(media.title, "デューン 砂の惑星〔新訳版〕 上");
    assert_eq!(media.release_date, NaiveDate::from_ymd_opt(2016, 1, 1));
    let description = media.description.as_deref().unwrap();
    assert!(
        description.starts_with("砂漠の惑星アラキス、通称デューン。\n不老長寿"),
        "{description}"
    );
    assert!(
        description.ends_with("\n\n新訳で贈るSF史上の傑作。"),
        "{description}"
    );
    let book = book_of(&media);
    assert_eq!(
        book.authors,
        Some(vec![
            "フランク ハーバート".to_owned(),
            "酒井昭伸".to_owned()
        ])
    );
    assert_eq!(book.publisher.as_deref(), Some("早川書房"));
    assert_eq!(book.isbn_13.as_deref(), Some("9784150120252"));
    assert!(
        media
            .source_url
            .as_deref()
            .unwrap()
            .contains("%E3%83%87%E3%83%A5"),
        "percent-encoded link kept as sent"
    );
}

#[test]
fn search_results_map_in_order_with_partial_dates_and_any_isbn_order() {
    let hits = search_page(include_str!(
        "../../tests/fixtures/volumes_search_dune.json"
    ));

    let ids: Vec<&str> = hits.iter().map(|h| h.external_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "B1hSG45JCX4C",
            "mHJ7CwAAQBAJ",
            "xZ0nDwAAQBAJ",
            "nTBwDwAAQBAJ",
            "PuPlAAAAMAAJ"
        ]
    );
    let french = &hits[2];
    assert_eq!(
        french.title, "Le Cycle de Dune",
        "the subtitle is not folded in"
    );
    assert_eq!(french.release_date, NaiveDate::from_ymd_opt(2012, 1, 1));
    assert_eq!(
        book_of(french).publisher.as_deref(),
        Some("Éditions Robert Laffont")
    );
    assert_eq!(book_of(french).isbn_10.as_deref(), Some("2221127943"));
    assert_eq!(book_of(french).isbn_13.as_deref(), Some("9782221127940"));
    assert_eq!(
        hits[1].canonical_url.as_deref(),
        Some("http://books.google.com/books?id=mHJ7CwAAQBAJ&hl=&source=gbs_api"),
        "the search-only dq parameter is dropped"
    );
    assert_eq!(hits[4].metadata["categories"], Value::Null);
    assert_eq!(hits[4].cover_image_url, None);
}

#[test]
fn second_page_maps_items_without_descriptions() {
    let hits = search_page(include_str!(
        "../../tests/fixtures/volumes_search_dune_page2.json"
    ));

    assert_eq!(hits.len(), 3);
    assert_eq!(
        hits[0].external_id, "nTBwDwAAQBAJ",
        "also on page 1: ids are stable"
    );
    let graphic = &hits[2];
    assert_eq!(graphic.title, "Dune: The Graphic Novel, Book 1: Dune");
    assert_eq!(graphic.description, None);
    assert_eq!(book_of(graphic).authors.as_ref().map(Vec::len), Some(3));
}

#[test]
fn an_empty_search_has_no_items_key_and_no_hits() {
    assert!(
        search_page(include_str!(
            "../../tests/fixtures/volumes_search_empty.json"
        ))
        .is_empty()
    );
}

#[test]
fn a_truncated_page_does_not_parse() {
    let body = include_str!("../../tests/fixtures/volumes_search_dune_truncated.malformed.json");
    assert!(serde_json::from_str::<VolumesPage>(body).is_err());
}

#[test]
fn the_snippet_stands_in_for_a_missing_description_and_is_unescaped() {
    let raw = json!({
        "id": "abcDEF123456",
        "volumeInfo": {"title": "  Dune  "},
        "searchInfo": {"textSnippet": "Paul Muad&#39;Dib &quot;rules&quot; <b>Arrakis</b>&nbsp;..."}
    });
    let media = map_volume(raw).unwrap();
    assert_eq!(media.title, "Dune");
    assert_eq!(
        media.description.as_deref(),
        Some("Paul Muad'Dib \"rules\" Arrakis ...")
    );
}

#[test]
fn a_volume_without_title_is_an_upstream_error() {
    let err = map_volume(json!({"id": "x", "volumeInfo": {"title": ""}})).unwrap_err();
    assert!(matches!(err, SourceError::Upstream(_)));
    assert!(matches!(
        map_volume(json!([1, 2])),
        Err(SourceError::Upstream(_))
    ));
}
