#![doc = include_str!("../README.md")]

mod client;
mod config;
mod dto;
mod genres;
mod identifier;
mod map;

pub use client::TmdbClient;
pub use config::TmdbConfig;
