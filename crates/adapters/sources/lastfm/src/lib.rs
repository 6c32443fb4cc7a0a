#![doc = include_str!("../README.md")]

mod client;
mod config;
mod dto;
mod errors;
mod identifier;
mod map;

pub use client::LastfmClient;
pub use config::LastfmConfig;
pub use map::map_track;
