//! [`AvailabilityStatus`]: the `availability_status` vocabulary (API.md §4).

use std::fmt;
use std::str::FromStr;

use crate::kind::UnknownValue;

/// Whether an item can be had from a provider, in a region, in a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AvailabilityStatus {
    /// It can be had there.
    Available,
    /// It cannot (any more).
    Unavailable,
    /// Nobody knows, or the last check is too old ([`crate::availability::Staleness`]).
    Unknown,
}

impl AvailabilityStatus {
    /// Every status, in the order API.md §4 lists them.
    pub const ALL: [Self; 3] = [Self::Available, Self::Unavailable, Self::Unknown];

    /// The lowercase wire and column name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Unavailable => "unavailable",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for AvailabilityStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AvailabilityStatus {
    type Err = UnknownValue;

    /// The exact lowercase name.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
            .ok_or_else(|| UnknownValue(value.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_others_are_refused() {
        for status in AvailabilityStatus::ALL {
            assert_eq!(
                status.as_str().parse::<AvailabilityStatus>().ok(),
                Some(status)
            );
        }
        assert!("Available".parse::<AvailabilityStatus>().is_err());
    }
}
