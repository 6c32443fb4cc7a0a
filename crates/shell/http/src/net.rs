//! Client addresses: IP/CIDR lists from the settings, and the client IP of a request.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use actix_web::HttpRequest;
use ipnet::IpNet;
use serde::Deserialize;

/// One allowlist entry: a single address (`10.0.0.7`, `::1`) or a CIDR block
/// (`10.0.0.0/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpRange(IpNet);

impl IpRange {
    /// True when `ip` falls in this range (IPv4-mapped IPv6 addresses count as IPv4).
    #[must_use]
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip.to_canonical())
    }
}

/// The entry is neither an IP address nor a CIDR block.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an IP address or CIDR block")]
pub struct InvalidIpRange(String);

impl FromStr for IpRange {
    type Err = InvalidIpRange;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.contains('/') {
            text.parse::<IpNet>()
                .map(|net| Self(net.trunc()))
                .map_err(|_| InvalidIpRange(text.to_owned()))
        } else {
            text.parse::<IpAddr>()
                .map(|ip| Self(IpNet::from(ip.to_canonical())))
                .map_err(|_| InvalidIpRange(text.to_owned()))
        }
    }
}

impl TryFrom<String> for IpRange {
    type Error = InvalidIpRange;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<IpRange> for String {
    fn from(range: IpRange) -> Self {
        range.to_string()
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// True when any range contains `ip`.
#[must_use]
pub fn any_contains(ranges: &[IpRange], ip: IpAddr) -> bool {
    ranges.iter().any(|range| range.contains(ip))
}

/// The client's IP address: the TCP peer, unless the peer is a trusted proxy, in which
/// case the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (the
/// left-most entry when every one is trusted).
///
/// Headers from untrusted peers are ignored, so a client cannot claim another address.
/// Entries may carry a port (`203.0.113.9:5123`, `[2001:db8::1]:443`). An entry that is
/// not an address at all, met before the client's, makes the client unknown: it is then
/// counted as the proxy itself, never as an entry further left, which the client may have
/// written.
#[must_use]
pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpRange]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip().to_canonical();
    if !any_contains(trusted_proxies, peer) {
        return Some(peer);
    }
    let headers: Vec<String> = req
        .headers()
        .get_all("x-forwarded-for")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    let mut client = peer;
    let entries = headers
        .iter()
        .flat_map(|value| value.split(','))
        .filter(|entry| !entry.trim().is_empty());
    for entry in entries.rev() {
        let Some(ip) = forwarded_ip(entry) else {
            return Some(peer);
        };
        client = ip;
        if !any_contains(trusted_proxies, ip) {
            break;
        }
    }
    Some(client)
}

/// One `X-Forwarded-For` entry as an address, with or without a port.
fn forwarded_ip(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|address| address.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The proxies whose `X-Forwarded-For` is believed (`rate_limit.trusted_proxies`), as
/// app data: every part of the app that needs the client's address (the rate limiter,
/// the request log, the health allowlist) asks [`TrustedProxies::client_ip`], so they all
/// see the same one. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpRange]>);

impl TrustedProxies {
    /// Believes `ranges`.
    #[must_use]
    pub fn new(ranges: &[IpRange]) -> Self {
        Self(ranges.into())
    }

    /// Believes no proxy: the client is always the TCP peer.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// The client's address as [`client_ip`] finds it.
    #[must_use]
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        client_ip(req, &self.0)
    }
}
