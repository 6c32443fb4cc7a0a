//! The demo catalog: upstream payloads recorded under `seed/` (embedded, so the binary
//! seeds from anywhere, offline), mapped by the source crates' own payload mappers, the
//! functions their connectors run on a fetched answer.

use anyhow::Context as _;
use serde_json::Value;
use tastebuds_media::{ExternalMedia, SourceError};

/// A recorded upstream body, embedded at build time.
macro_rules! payload {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seed/", $path)),
        )
    };
}

/// Names a demo item in the plans of the other steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Demo {
    /// *Dune*, Google Books.
    Dune,
    /// The Japanese *Dune*, Google Books.
    DuneJapanese,
    /// *The Matrix*, TMDB (with watch providers).
    Matrix,
    /// *Spirited Away*, TMDB.
    SpiritedAway,
    /// *Shōgun*, TMDB TV.
    Shogun,
    /// *The Witcher 3*, IGDB.
    Witcher,
    /// *Hades*, IGDB.
    Hades,
    /// *Comptine d'un autre été*, Last.fm, with its album.
    Comptine,
    /// *Démo n°2* by Les Fantômes du Lundi, Last.fm (no MBID: stored as `Artist::Track`).
    Fantomes,
    /// *さくら (独唱)*, Last.fm.
    Sakura,
}

/// A demo item as the connector maps it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Which demo item.
    pub demo: Demo,
    /// The mapped record, as a fetch would return it.
    pub record: ExternalMedia,
}

/// Every demo item, mapped.
///
/// # Errors
/// A payload that does not parse or that its mapper refuses (a broken build).
pub fn recorded() -> anyhow::Result<Vec<Recorded>> {
    use tastebuds_source_google_books::map_volume;
    use tastebuds_source_tmdb::{map_movie, map_show};

    let mut all = vec![
        mapped(
            Demo::Dune,
            payload!("google-books/volume_B1hSG45JCX4C.json"),
            map_volume,
        )?,
        mapped(
            Demo::DuneJapanese,
            payload!("google-books/volume_mHJ7CwAAQBAJ.json"),
            map_volume,
        )?,
        mapped(
            Demo::Matrix,
            payload!("tmdb/movie_603_credits_watch_providers.json"),
            map_movie,
        )?,
        mapped(
            Demo::SpiritedAway,
            payload!("tmdb/movie_129_credits.json"),
            map_movie,
        )?,
        mapped(
            Demo::Shogun,
            payload!("tmdb/tv_126308_credits.json"),
            map_show,
        )?,
    ];
    all.push(game(Demo::Witcher, payload!("igdb/games_1942.json"))?);
    all.push(game(Demo::Hades, payload!("igdb/games_113112.json"))?);
    all.push(track(
        Demo::Comptine,
        payload!("lastfm/track_getinfo_comptine.json"),
        Some(payload!("lastfm/album_getinfo_amelie.json")),
    )?);
    all.push(track(
        Demo::Fantomes,
        payload!("lastfm/track_getinfo_ghost.json"),
        None,
    )?);
    all.push(track(
        Demo::Sakura,
        payload!("lastfm/track_getinfo_sakura_single_tag.json"),
        None,
    )?);
    Ok(all)
}

/// `payload` parsed and mapped by `map`.
fn mapped(
    demo: Demo,
    (name, text): (&str, &str),
    map: fn(Value) -> Result<ExternalMedia, SourceError>,
) -> anyhow::Result<Recorded> {
    let record = map(parse(name, text)?).with_context(|| format!("mapping seed/{name}"))?;
    Ok(Recorded { demo, record })
}

/// An IGDB answer is an array; the connector maps its first game.
fn game(demo: Demo, (name, text): (&str, &str)) -> anyhow::Result<Recorded> {
    let game = match parse(name, text)? {
        Value::Array(games) => games.into_iter().next(),
        _ => None,
    }
    .with_context(|| format!("seed/{name} holds no game"))?;
    let record =
        tastebuds_source_igdb::map_game(game).with_context(|| format!("mapping seed/{name}"))?;
    Ok(Recorded { demo, record })
}

/// A Last.fm track, with the `album` of its `album.getInfo` answer added as the connector
/// adds it.
fn track(
    demo: Demo,
    (name, text): (&str, &str),
    album: Option<(&str, &str)>,
) -> anyhow::Result<Recorded> {
    let mut raw = parse(name, text)?;
    if let Some((album_name, album_text)) = album {
        let album = parse(album_name, album_text)?
            .get_mut("album")
            .map(Value::take)
            .with_context(|| format!("seed/{album_name} holds no album"))?;
        if let Value::Object(document) = &mut raw {
            document.insert("album".to_owned(), album);
        }
    }
    let record =
        tastebuds_source_lastfm::map_track(raw).with_context(|| format!("mapping seed/{name}"))?;
    Ok(Recorded { demo, record })
}

fn parse(name: &str, text: &str) -> anyhow::Result<Value> {
    serde_json::from_str(text).with_context(|| format!("parsing seed/{name}"))
}

#[cfg(test)]
mod tests {
    use tastebuds_media::{MediaType, SourceName};

    use super::*;

    #[test]
    fn every_payload_maps_and_every_source_and_kind_is_there() {
        let all = recorded().unwrap();
        assert_eq!(all.len(), 10);
        for source in SourceName::ALL {
            assert!(all.iter().any(|r| r.record.source == source), "{source}");
        }
        for kind in [
            MediaType::Book,
            MediaType::Movie,
            MediaType::Tv,
            MediaType::Game,
            MediaType::Music,
        ] {
            assert!(all.iter().any(|r| r.record.media_type == kind), "{kind:?}");
        }
        let comptine = all.iter().find(|r| r.demo == Demo::Comptine).unwrap();
        let tastebuds_media::MediaDetails::Music(music) = &comptine.record.details else {
            panic!("not music");
        };
        assert!(music.album_name.is_some(), "{music:?}");
        let matrix = all.iter().find(|r| r.demo == Demo::Matrix).unwrap();
        assert!(matrix.record.availability.is_some());
    }
}
