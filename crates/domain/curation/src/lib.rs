#![doc = include_str!("../README.md")]

pub mod commands;
pub mod error;
pub mod models;
pub mod ordering;
pub mod ports;
pub mod slug;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod values;

pub use commands::{
    CourseDraft, CoursePatch, ItemDraft, ItemPatch, MenuDraft, MenuPatch, NewCourse, NewFork,
    NewMenu, NewShareToken, PairingDraft, fork_title,
};
pub use error::{CurationError, StaleEntity};
pub use models::{
    Course, CourseItem, LineageMenu, LineageSource, MediaCard, Menu, MenuLineage, Pairing,
    ShareLinkState, ShareToken, SharedMenu,
};
pub use ordering::{
    Positioned, ReorderMismatch, check_fresh, check_reorder, insertion_position, renumber,
};
pub use ports::{MenuQueries, MenuRepository};
pub use slug::{InvalidSlug, Slug};
pub use values::{CourseTitle, MenuTitle, PairingRelationship, Position};
