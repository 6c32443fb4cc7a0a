#![doc = include_str!("../README.md")]

mod client;
mod config;
mod dto;
mod identifier;
mod map;
mod token;

pub use client::IgdbClient;
pub use config::IgdbConfig;
pub use map::map_game;
