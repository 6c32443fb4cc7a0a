//! [`Region`]: an ISO 3166-1 alpha-2 country code, or `global` (fits
//! `media_item_availability.region`, varchar(32)).

use std::fmt;

use tastebuds_kernel::FieldError;

/// The region that covers every country.
pub const GLOBAL: &str = "global";

/// The officially assigned ISO 3166-1 alpha-2 codes (249), sorted.
const ALPHA_2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Where an entry applies: an assigned ISO 3166-1 alpha-2 code (stored upper-case) or
/// `global` (stored lower-case). Input is trimmed and read case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(String);

impl Region {
    /// Reads a region code.
    ///
    /// # Errors
    /// `value_error` at `region` for anything but an assigned alpha-2 code or `global`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code = raw.trim();
        if code.eq_ignore_ascii_case(GLOBAL) {
            return Ok(Self(GLOBAL.to_owned()));
        }
        let upper = code.to_ascii_uppercase();
        if ALPHA_2.binary_search(&upper.as_str()).is_ok() {
            Ok(Self(upper))
        } else {
            Err(FieldError::new(
                "region",
                "value_error",
                "Value error, region must be an ISO 3166-1 alpha-2 country code or `global`",
            )
            .with_input(raw))
        }
    }

    /// The stored code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_table_is_sorted_and_unique() {
        assert!(ALPHA_2.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn codes_are_normalised_and_unknown_ones_refused() {
        assert_eq!(Region::parse(" us ").map(|r| r.0), Ok("US".to_owned()));
        assert_eq!(
            Region::parse("GLOBAL").map(|r| r.0),
            Ok("global".to_owned())
        );
        for bad in ["", "USA", "XX", "U", "1A", "eu"] {
            assert_eq!(
                Region::parse(bad).map_err(|e| e.kind),
                Err("value_error"),
                "{bad}"
            );
        }
    }
}
