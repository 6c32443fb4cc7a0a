#![doc = include_str!("../README.md")]

pub mod commands;
pub mod error;
pub mod models;
pub mod ports;
pub mod service;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod transition;
pub mod values;
pub mod vocab;

pub use commands::{LogDraft, LogFilter, LogPatch, StateReplacement};
pub use error::UserStateError;
pub use models::{
    Library, LibraryItem, LibrarySummary, LogEvent, MediaCard, UserItemLog, UserItemState,
};
pub use ports::{Change, ChangeFn, LogWrite, Saved, Snapshot, UserStateRepository, WriteScope};
pub use service::UserStateService;
pub use transition::{Progress, apply_log, apply_log_in_time_order};
pub use values::{GoalTarget, LogNotes, LogPage, MinutesSpent, ProgressPercent, Rating};
pub use vocab::{LogType, UnknownValue, UserItemStatus};
