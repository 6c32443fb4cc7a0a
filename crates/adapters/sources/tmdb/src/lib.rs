#![doc = include_str!("../README.md")]

mod client;
mod config;
mod dto;
mod genres;
mod identifier;
mod map;
mod watch;

pub use client::TmdbClient;
pub use config::TmdbConfig;
pub use map::{map_movie, map_show};
