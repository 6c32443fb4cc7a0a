use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeDelta, TimeZone as _};
use serde_json::{Value, json};
use tastebuds_accounts::testing::token_issuer_contract;

use super::*;

const SECRET: &str = "test-secret-that-is-long-enough-for-hs256!";

fn issuer() -> JwtTokenIssuer {
    JwtTokenIssuer::new(&SecretString::from(SECRET)).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn segment(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn decode_segment(segment: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).unwrap()).unwrap()
}

/// Signs arbitrary claims with the test secret and the given algorithm.
fn signed(algorithm: Algorithm, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap()
}

fn claims_for(user: UserId, token_type: &str, now: DateTime<Utc>) -> Value {
    json!({
        "sub": user.to_string(),
        "type": token_type,
        "iat": now.timestamp(),
        "exp": (now + TimeDelta::minutes(30)).timestamp(),
    })
}

fn assert_invalid(result: Result<UserId, TokenError>, what: &str) {
    assert!(
        matches!(result, Err(TokenError::Invalid(_))),
        "{what}: {result:?}"
    );
}

#[test]
fn keeps_the_token_issuer_contract() {
    token_issuer_contract(&issuer());
}

#[test]
fn a_good_token_carries_the_contract_claims_and_verifies() {
    let user = UserId::new();
    let now = now();
    let expires_at = now + TimeDelta::minutes(30);
    let access = issuer().issue_access(user, now, expires_at).unwrap();

    let parts: Vec<&str> = access.token.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(
        decode_segment(parts[0]),
        json!({"typ": "JWT", "alg": "HS256"})
    );
    assert_eq!(
        decode_segment(parts[1]),
        json!({
            "sub": user.to_string(),
            "type": "access",
            "iat": now.timestamp(),
            "exp": expires_at.timestamp(),
        })
    );
    assert_eq!(access.expires_at.timestamp(), expires_at.timestamp());
    assert_eq!(issuer().verify_access(&access.token, now).unwrap(), user);
}

#[test]
fn expiry_follows_the_given_clock_not_the_wall_clock() {
    let user = UserId::new();
    let then = Utc.with_ymd_and_hms(2001, 2, 3, 4, 5, 6).unwrap();
    let access = issuer()
        .issue_access(user, then, then + TimeDelta::minutes(30))
        .unwrap();
    assert_eq!(issuer().verify_access(&access.token, then).unwrap(), user);
    let result = issuer().verify_access(&access.token, now());
    assert!(matches!(result, Err(TokenError::Expired)), "{result:?}");
}

#[test]
fn an_expired_token_is_rejected_without_leeway() {
    let now = now();
    let access = issuer()
        .issue_access(
            UserId::new(),
            now - TimeDelta::minutes(31),
            now - TimeDelta::minutes(1),
        )
        .unwrap();
    let result = issuer().verify_access(&access.token, now);
    assert!(matches!(result, Err(TokenError::Expired)), "{result:?}");
    let result = issuer().verify_access(&access.token, access.expires_at);
    assert!(
        matches!(result, Err(TokenError::Expired)),
        "at expiry: {result:?}"
    );
}

#[test]
fn a_tampered_signature_is_rejected() {
    let access = issuer()
        .issue_access(UserId::new(), now(), now() + TimeDelta::minutes(30))
        .unwrap();
    let (unsigned, signature) = access.token.rsplit_once('.').unwrap();
    // Change a character in the middle (the last one carries padding bits).
    let mut bytes = signature.as_bytes().to_vec();
    let middle = bytes.len() / 2;
    bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
    let forged = format!("{unsigned}.{}", String::from_utf8(bytes).unwrap());
    assert_invalid(issuer().verify_access(&forged, now()), "tampered signature");
}

#[test]
fn a_tampered_payload_is_rejected() {
    let access = issuer()
        .issue_access(UserId::new(), now(), now() + TimeDelta::minutes(30))
        .unwrap();
    let parts: Vec<&str> = access.token.split('.').collect();
    let payload = segment(&claims_for(UserId::new(), "access", now()));
    let forged = format!("{}.{payload}.{}", parts[0], parts[2]);
    assert_invalid(issuer().verify_access(&forged, now()), "swapped subject");
}

#[test]
fn a_token_signed_with_another_secret_is_rejected() {
    let other = JwtTokenIssuer::new(&SecretString::from("another-secret-entirely")).unwrap();
    let access = other
        .issue_access(UserId::new(), now(), now() + TimeDelta::minutes(30))
        .unwrap();
    assert_invalid(issuer().verify_access(&access.token, now()), "other secret");
}

#[test]
fn an_unsigned_alg_none_token_is_rejected() {
    let header = segment(&json!({"alg": "none", "typ": "JWT"}));
    let payload = segment(&claims_for(UserId::new(), "access", now()));
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        assert_invalid(issuer().verify_access(&token, now()), "alg none");
    }
}

#[test]
fn other_algorithms_are_rejected_even_with_the_right_secret() {
    let claims = claims_for(UserId::new(), "access", now());
    for algorithm in [Algorithm::HS512, Algorithm::HS384] {
        let token = signed(algorithm, &claims);
        assert_invalid(
            issuer().verify_access(&token, now()),
            &format!("{algorithm:?}"),
        );
    }
    // The same claims with HS256 do pass, so the algorithm is what was refused.
    assert!(
        issuer()
            .verify_access(&signed(Algorithm::HS256, &claims), now())
            .is_ok()
    );
}

#[test]
fn only_access_tokens_are_accepted() {
    let user = UserId::new();
    for token_type in ["refresh", "", "ACCESS"] {
        let token = signed(Algorithm::HS256, &claims_for(user, token_type, now()));
        assert_invalid(issuer().verify_access(&token, now()), token_type);
    }
    let mut untyped = claims_for(user, "access", now());
    untyped.as_object_mut().unwrap().remove("type");
    assert_invalid(
        issuer().verify_access(&signed(Algorithm::HS256, &untyped), now()),
        "no type claim",
    );
}

#[test]
fn missing_expiry_and_bad_subjects_are_rejected() {
    let user = UserId::new();
    let mut no_exp = claims_for(user, "access", now());
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_invalid(
        issuer().verify_access(&signed(Algorithm::HS256, &no_exp), now()),
        "no exp",
    );
    let mut bad_sub = claims_for(user, "access", now());
    bad_sub["sub"] = json!("not-a-uuid");
    assert_invalid(
        issuer().verify_access(&signed(Algorithm::HS256, &bad_sub), now()),
        "bad sub",
    );
    for garbage in ["", "a.b", "a.b.c", "Bearer x"] {
        assert_invalid(issuer().verify_access(garbage, now()), garbage);
    }
}

#[test]
fn refresh_tokens_come_from_the_refresh_module() {
    let issued = issuer().new_refresh_token().unwrap();
    assert_eq!(issued.token.len(), 86);
    assert_eq!(issued.hash, refresh::hash_refresh_token(&issued.token));
    assert_eq!(issuer().hash_refresh_token(&issued.token), issued.hash);
}

#[test]
fn setup_refuses_an_empty_secret_and_hides_the_key() {
    assert!(matches!(
        JwtTokenIssuer::new(&SecretString::from("")),
        Err(AuthSetupError::EmptySecret)
    ));
    assert!(!format!("{:?}", issuer()).contains("test-secret"));
}

#[test]
fn random_secrets_are_long_and_fresh() {
    let first = random_secret().unwrap();
    let second = random_secret().unwrap();
    assert_eq!(first.expose_secret().len(), 86);
    assert_ne!(first.expose_secret(), second.expose_secret());
    assert!(JwtTokenIssuer::new(&first).is_ok());
}

/// HS256 with the test secret: a genuine signature over `claims`.
fn genuine(claims: &Value) -> String {
    signed(Algorithm::HS256, claims)
}

fn timed_claims(iat: i64, exp: i64) -> Value {
    json!({"sub": UserId::new().to_string(), "type": "access", "iat": iat, "exp": exp})
}

#[test]
fn an_issue_time_in_the_future_is_refused_beyond_the_leeway() {
    let now = now().timestamp();
    let within = timed_claims(now + CLOCK_LEEWAY_SECS, now + 10 * 60);
    assert!(
        issuer()
            .verify_access(&genuine(&within), Utc::now())
            .is_ok()
    );
    let beyond = timed_claims(now + CLOCK_LEEWAY_SECS + 5, now + 20 * 60);
    assert_invalid(
        issuer().verify_access(&genuine(&beyond), Utc::now()),
        "iat in the future",
    );
    let mut no_iat = timed_claims(now, now + 60);
    no_iat.as_object_mut().unwrap().remove("iat");
    assert_invalid(
        issuer().verify_access(&genuine(&no_iat), Utc::now()),
        "no iat",
    );
}

#[test]
fn a_not_before_in_the_future_is_refused_beyond_the_leeway() {
    let now = now().timestamp();
    let mut claims = timed_claims(now, now + 10 * 60);
    claims["nbf"] = json!(now + CLOCK_LEEWAY_SECS);
    assert!(
        issuer()
            .verify_access(&genuine(&claims), Utc::now())
            .is_ok()
    );
    claims["nbf"] = json!(now + CLOCK_LEEWAY_SECS + 5);
    assert_invalid(
        issuer().verify_access(&genuine(&claims), Utc::now()),
        "nbf in the future",
    );
    claims["nbf"] = json!("tomorrow");
    assert_invalid(
        issuer().verify_access(&genuine(&claims), Utc::now()),
        "nbf not a number",
    );
}

#[test]
fn a_lifetime_longer_than_configured_is_refused() {
    let now = now().timestamp();
    let ten_minutes = issuer().with_max_lifetime(TimeDelta::minutes(10));
    let exact = timed_claims(now, now + 10 * 60 + CLOCK_LEEWAY_SECS);
    assert!(
        ten_minutes
            .verify_access(&genuine(&exact), Utc::now())
            .is_ok()
    );
    let longer = timed_claims(now, now + 10 * 60 + CLOCK_LEEWAY_SECS + 1);
    assert_invalid(
        ten_minutes.verify_access(&genuine(&longer), Utc::now()),
        "exp - iat beyond the configured lifetime",
    );
    // The default bound is the contract's 30 minutes: a year-long token is refused.
    let year = timed_claims(now, now + 365 * 24 * 3600);
    assert_invalid(
        issuer().verify_access(&genuine(&year), Utc::now()),
        "a year",
    );
    // A token the service issues with the configured lifetime passes.
    let issued = ten_minutes
        .issue_access(
            UserId::new(),
            Utc::now(),
            Utc::now() + TimeDelta::minutes(10),
        )
        .unwrap();
    assert!(ten_minutes.verify_access(&issued.token, Utc::now()).is_ok());
}
