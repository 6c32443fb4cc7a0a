#![doc = include_str!("../README.md")]

pub mod aggregate;
pub mod commands;
pub mod error;
pub mod models;
pub mod ordering;
pub mod ports;
pub mod service;
pub mod share_secret;
pub mod slug;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod values;

pub use aggregate::{
    CourseItemRow, CourseRow, LineageLink, LineageRecords, MenuAggregate, MenuChangeSet,
    MenuLookup, MenuRef, MenuRevision, MenuRow, MenuStamp, MenusWithCards, NewLineage, PairingRow,
    RowChanges,
};
pub use commands::{
    CourseDraft, CoursePatch, ForkDraft, ItemDraft, ItemPatch, MenuDraft, MenuPatch, PairingDraft,
    fork_title,
};
pub use error::{CurationError, StaleEntity};
pub use models::{
    Course, CourseItem, LineageMenu, LineageSource, MediaCard, Menu, MenuLineage, Pairing,
    ShareLinkState, ShareToken, SharedMenu,
};
pub use ordering::{
    Positioned, ReorderMismatch, check_fresh, check_reorder, close_gap, insertion_position,
    make_room, renumber,
};
pub use ports::{
    MenuChange, MenuQueries, MenuRepository, ShareTokenGenerator, ShareTokenRepository,
};
pub use service::{CurationService, DEFAULT_SHARE_LINK_TTL_DAYS};
pub use share_secret::RandomShareTokens;
pub use slug::{InvalidSlug, Slug};
pub use values::{CourseTitle, MenuTitle, PairingRelationship, Position};
