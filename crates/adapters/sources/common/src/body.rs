//! Reading response bodies under a size cap, and decoding them.

use serde::de::DeserializeOwned;
use tastebuds_media::{SourceError, SourceName};

use crate::failure::{Failure, transport_failure};

/// Reads the whole body, failing (without retry) once it exceeds `cap` bytes.
///
/// A declared `Content-Length` above the cap fails before anything is read; otherwise the
/// body is read chunk by chunk (after gzip decoding) and never buffered past the cap.
///
/// # Errors
/// `Upstream` (permanent) for an oversized body; a transport error while reading is
/// classified like one while sending (timeouts are transient).
pub async fn read_capped(
    response: &mut reqwest::Response,
    cap: usize,
    what: &str,
) -> Result<Vec<u8>, Failure> {
    let too_large = || {
        Failure::permanent(SourceError::Upstream(anyhow::anyhow!(
            "response body of {what} exceeds {cap} bytes"
        )))
    };
    if let Some(length) = response.content_length()
        && usize::try_from(length)
            .ok()
            .is_none_or(|length| length > cap)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| transport_failure(err, what))?
    {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a JSON body.
///
/// # Errors
/// `Upstream` naming the source, the body size and serde's position; the body itself is
/// never copied into the error or the logs.
pub fn parse_json<T: DeserializeOwned>(source: SourceName, body: &[u8]) -> Result<T, SourceError> {
    serde_json::from_slice(body).map_err(|err| {
        SourceError::Upstream(anyhow::anyhow!(
            "malformed JSON from {source} ({} bytes): {err}",
            body.len()
        ))
    })
}
