#![doc = include_str!("../README.md")]

pub mod commands;
pub mod error;
pub mod models;
pub mod ports;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod transition;
pub mod values;
pub mod vocab;

pub use commands::{LogDraft, LogFilter, LogPatch, NewLog, StateReplacement};
pub use error::UserStateError;
pub use models::{Library, LibraryItem, LibrarySummary, MediaCard, UserItemLog, UserItemState};
pub use ports::UserStateRepository;
pub use transition::{Progress, apply_log, next_progress};
pub use values::{GoalTarget, LogNotes, LogPage, MinutesSpent, ProgressPercent, Rating};
pub use vocab::{LogType, UnknownValue, UserItemStatus};
