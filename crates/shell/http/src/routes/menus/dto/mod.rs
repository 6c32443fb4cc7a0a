//! Request and response bodies of the menu and public routes (API.md §1.8, §2.9, §2.10),
//! and the path parameters. Request bodies convert into domain commands with
//! `try_into_domain()`, collecting every field error at once.

pub mod actions;
pub mod create;
pub mod lineage;
pub mod patch;
pub mod paths;
pub mod share;
pub mod views;

pub use actions::{ForkBody, PairingBody, ReorderCoursesBody, ReorderItemsBody};
pub use create::{CourseCreateBody, ItemCreateBody, MenuCreateBody};
pub use lineage::{LineageMenuResponse, LineageSourceResponse, MenuLineageResponse};
pub use patch::{CoursePatchBody, ItemPatchBody, MenuPatchBody};
pub use paths::{CoursePath, ItemPath, MenuPath, PairingPath, ShareTokenPath};
pub use share::{DraftMenuResponse, ShareTokenBody, ShareTokenResponse};
pub use views::{
    CourseItemResponse, CourseResponse, MenuResponse, PairingResponse, PublicMenuResponse,
};
