#![doc = include_str!("../README.md")]

mod client;
mod config;
mod dto;
mod errors;
mod identifier;
mod map;

pub use client::GoogleBooksClient;
pub use config::GoogleBooksConfig;
pub use map::map_volume;
