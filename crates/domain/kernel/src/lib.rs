#![doc = include_str!("../README.md")]

mod clock;
mod field_error;
mod ids;
mod media_card;
mod readiness;
mod unavailable;

pub use clock::{Clock, SystemClock};
pub use field_error::{FieldError, FieldErrors, PathSegment};
pub use ids::*;
pub use media_card::MediaCard;
pub use readiness::ReadinessProbe;
pub use unavailable::Unavailable;
