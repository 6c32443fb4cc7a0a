//! Use-case rules, exercised with the in-memory fakes.

use chrono::TimeDelta;
use tastebuds_kernel::{Clock, SessionId, UserId};

use crate::commands::{Credentials, Registration};
use crate::error::AccountsError;
use crate::session::RevokeReason;
use crate::testing::{InMemoryAccounts, contract};
use crate::token::TokenPair;

const PASSWORD: &str = "correct horse";

async fn registered(accounts: &InMemoryAccounts, email: &str) -> TokenPair {
    let registration = Registration::parse(email, PASSWORD, Some(" Ada ")).unwrap();
    accounts.service().register(registration).await.unwrap()
}

fn credentials(email: &str, password: &str) -> Credentials {
    Credentials::parse(email, password).unwrap()
}

fn session_of(accounts: &InMemoryAccounts, refresh_token: &str) -> crate::RefreshSession {
    use crate::ports::TokenIssuer as _;
    let hash = accounts.tokens.hash_refresh_token(refresh_token);
    accounts
        .sessions
        .all()
        .into_iter()
        .find(|s| s.token_hash == hash)
        .unwrap()
}

#[tokio::test]
async fn register_stores_a_normalized_user_and_signs_in() {
    let accounts = InMemoryAccounts::new();
    let now = accounts.clock.now();
    let pair = registered(&accounts, " Ada@Example.COM ").await;

    assert_eq!(pair.user.email.as_str(), "ada@example.com");
    assert_eq!(pair.user.display_name.as_ref().unwrap().as_str(), "Ada");
    assert_eq!(pair.user.created_at, now);
    assert_ne!(pair.user.password_hash.as_str(), PASSWORD);
    assert_eq!(pair.access_expires_at, now + TimeDelta::minutes(30));
    assert_eq!(pair.refresh_expires_at, now + TimeDelta::days(7));
    let service = accounts.service();
    assert_eq!(
        service.authenticate_access(&pair.access_token).unwrap(),
        pair.user.id
    );
    let session = session_of(&accounts, &pair.refresh_token);
    assert_eq!(session.user_id, pair.user.id);
    assert_ne!(
        session.token_hash, pair.refresh_token,
        "only the hash is stored"
    );
    assert!(session.is_active(now));
}

#[tokio::test]
async fn register_refuses_a_taken_email_in_any_case() {
    let accounts = InMemoryAccounts::new();
    registered(&accounts, "ada@example.com").await;
    let again = Registration::parse("ADA@example.com", "another password", None).unwrap();
    let result = accounts.service().register(again).await;
    assert!(
        matches!(result, Err(AccountsError::EmailTaken)),
        "{result:?}"
    );
    assert_eq!(
        accounts.sessions.all().len(),
        1,
        "no session for the refused registration"
    );
}

#[tokio::test]
async fn login_starts_a_new_session_each_time() {
    let accounts = InMemoryAccounts::new();
    let registration = registered(&accounts, "ada@example.com").await;
    let service = accounts.service();
    let first = service
        .login(credentials("ADA@example.com", PASSWORD))
        .await
        .unwrap();
    let second = service
        .login(credentials("ada@example.com", PASSWORD))
        .await
        .unwrap();

    assert_eq!(first.user, registration.user);
    assert_ne!(first.refresh_token, second.refresh_token);
    assert_eq!(accounts.sessions.all().len(), 3);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same_and_cost_one_verification() {
    let accounts = InMemoryAccounts::new();
    registered(&accounts, "ada@example.com").await;
    let service = accounts.service();

    let wrong = service
        .login(credentials("ada@example.com", "wrong password"))
        .await;
    assert!(
        matches!(wrong, Err(AccountsError::InvalidCredentials)),
        "{wrong:?}"
    );
    assert_eq!(
        (
            accounts.hasher.verifications(),
            accounts.hasher.dummy_verifications()
        ),
        (1, 0)
    );

    let unknown = service
        .login(credentials("nobody@example.com", PASSWORD))
        .await;
    assert!(
        matches!(unknown, Err(AccountsError::InvalidCredentials)),
        "{unknown:?}"
    );
    assert_eq!(
        (
            accounts.hasher.verifications(),
            accounts.hasher.dummy_verifications()
        ),
        (1, 1),
        "an unknown email still burns one (dummy) verification"
    );
    assert_eq!(
        accounts.sessions.all().len(),
        1,
        "failed logins start no session"
    );
}

#[tokio::test]
async fn refresh_rotates_the_presented_token() {
    let accounts = InMemoryAccounts::new();
    let pair = registered(&accounts, "ada@example.com").await;
    accounts.clock.advance(TimeDelta::hours(1));
    let now = accounts.clock.now();

    let refreshed = accounts
        .service()
        .refresh(Some(&pair.refresh_token))
        .await
        .unwrap();

    assert_eq!(refreshed.user, pair.user);
    assert_ne!(refreshed.refresh_token, pair.refresh_token);
    assert_ne!(refreshed.access_token, pair.access_token);
    assert_eq!(refreshed.refresh_expires_at, now + TimeDelta::days(7));
    let old = session_of(&accounts, &pair.refresh_token);
    let new = session_of(&accounts, &refreshed.refresh_token);
    assert_eq!(old.revoked_reason, Some(RevokeReason::Rotated));
    assert_eq!(old.revoked_at, Some(now));
    assert_eq!(old.replaced_by, Some(new.id));
    assert!(new.is_active(now));
}

#[tokio::test]
async fn reusing_a_rotated_token_kills_the_whole_chain() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    let pair = registered(&accounts, "ada@example.com").await;
    let refreshed = service.refresh(Some(&pair.refresh_token)).await.unwrap();

    let reuse = service.refresh(Some(&pair.refresh_token)).await;
    assert!(
        matches!(reuse, Err(AccountsError::RefreshTokenReused)),
        "{reuse:?}"
    );
    let newest = service.refresh(Some(&refreshed.refresh_token)).await;
    assert!(
        matches!(newest, Err(AccountsError::InvalidRefreshToken)),
        "{newest:?}"
    );
    assert_eq!(
        session_of(&accounts, &refreshed.refresh_token).revoked_reason,
        Some(RevokeReason::ReusedToken)
    );
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_leave_no_live_session() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    let pair = registered(&accounts, "ada@example.com").await;
    let (a, b) = futures_util::future::join(
        service.refresh(Some(&pair.refresh_token)),
        service.refresh(Some(&pair.refresh_token)),
    )
    .await;
    let (winner, loser) = if a.is_ok() { (a, b) } else { (b, a) };
    let winner = winner.unwrap();
    assert!(
        matches!(loser, Err(AccountsError::RefreshTokenReused)),
        "{loser:?}"
    );
    let later = service.refresh(Some(&winner.refresh_token)).await;
    assert!(
        matches!(later, Err(AccountsError::InvalidRefreshToken)),
        "{later:?}"
    );
}

#[tokio::test]
async fn an_expired_refresh_token_is_marked_and_refused() {
    let accounts = InMemoryAccounts::new();
    let pair = registered(&accounts, "ada@example.com").await;
    accounts.clock.advance(TimeDelta::days(7));

    let result = accounts.service().refresh(Some(&pair.refresh_token)).await;

    assert!(
        matches!(result, Err(AccountsError::InvalidRefreshToken)),
        "{result:?}"
    );
    let session = session_of(&accounts, &pair.refresh_token);
    assert_eq!(session.revoked_reason, Some(RevokeReason::Expired));
    assert_eq!(accounts.sessions.all().len(), 1, "no successor");
}

#[tokio::test]
async fn refresh_without_a_token_is_missing_and_an_unknown_one_invalid() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    for absent in [None, Some("")] {
        let result = service.refresh(absent).await;
        assert!(
            matches!(result, Err(AccountsError::MissingRefreshToken)),
            "{result:?}"
        );
    }
    let result = service.refresh(Some("never-issued")).await;
    assert!(
        matches!(result, Err(AccountsError::InvalidRefreshToken)),
        "{result:?}"
    );
}

#[tokio::test]
async fn refresh_for_a_deleted_user_fails_and_revokes_the_new_session() {
    let accounts = InMemoryAccounts::new();
    let pair = registered(&accounts, "ada@example.com").await;
    accounts.users.remove(pair.user.id);

    let result = accounts.service().refresh(Some(&pair.refresh_token)).await;

    assert!(
        matches!(result, Err(AccountsError::UserNotFound)),
        "{result:?}"
    );
    let sessions = accounts.sessions.all();
    assert_eq!(sessions.len(), 2);
    assert!(
        sessions.iter().all(|s| s.revoked_at.is_some()),
        "nothing stays usable"
    );
    assert_eq!(sessions[1].revoked_reason, Some(RevokeReason::UserMissing));
}

#[tokio::test]
async fn logout_revokes_only_the_presented_session_and_never_fails() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    let first = registered(&accounts, "ada@example.com").await;
    let second = service
        .login(credentials("ada@example.com", PASSWORD))
        .await
        .unwrap();

    service.logout(Some(&first.refresh_token)).await.unwrap();

    assert_eq!(
        session_of(&accounts, &first.refresh_token).revoked_reason,
        Some(RevokeReason::Logout)
    );
    assert!(
        session_of(&accounts, &second.refresh_token)
            .revoked_at
            .is_none()
    );
    let refreshed = service.refresh(Some(&first.refresh_token)).await;
    assert!(
        matches!(refreshed, Err(AccountsError::InvalidRefreshToken)),
        "{refreshed:?}"
    );
    for ignored in [
        None,
        Some(""),
        Some("unknown"),
        Some(first.refresh_token.as_str()),
    ] {
        service.logout(ignored).await.unwrap();
    }
}

#[tokio::test]
async fn sessions_are_listed_newest_first_with_current_and_active_flags() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    let first = registered(&accounts, "ada@example.com").await;
    accounts.clock.advance(TimeDelta::minutes(1));
    let second = service
        .login(credentials("ada@example.com", PASSWORD))
        .await
        .unwrap();
    accounts.clock.advance(TimeDelta::minutes(1));
    let third = service
        .login(credentials("ada@example.com", PASSWORD))
        .await
        .unwrap();
    service.logout(Some(&first.refresh_token)).await.unwrap();
    let user = first.user.id;

    let active = service
        .list_sessions(user, false, false, Some(&second.refresh_token))
        .await
        .unwrap();
    let ids: Vec<SessionId> = active.iter().map(|s| s.id).collect();
    let expected = [&third, &second].map(|p| session_of(&accounts, &p.refresh_token).id);
    assert_eq!(ids, expected);
    assert_eq!(
        active.iter().map(|s| s.is_current).collect::<Vec<_>>(),
        [false, true]
    );
    assert!(active.iter().all(|s| s.is_active));

    let all = service
        .list_sessions(user, false, true, None)
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    let revoked = all.last().unwrap();
    assert_eq!(revoked.revoked_reason, Some(RevokeReason::Logout));
    assert!(!revoked.is_active && !revoked.is_current);

    accounts.clock.advance(TimeDelta::days(8));
    assert!(
        service
            .list_sessions(user, false, true, None)
            .await
            .unwrap()
            .is_empty()
    );
    let expired = service
        .list_sessions(user, true, false, Some(""))
        .await
        .unwrap();
    assert_eq!(expired.len(), 2);
    assert!(expired.iter().all(|s| !s.is_active && !s.is_current));
}

#[tokio::test]
async fn a_user_can_revoke_only_their_own_live_sessions() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    let ada = registered(&accounts, "ada@example.com").await;
    let bob = registered(&accounts, "bob@example.com").await;
    let ada_session = session_of(&accounts, &ada.refresh_token).id;

    let not_found = |r: Result<(), AccountsError>| matches!(r, Err(AccountsError::SessionNotFound));
    assert!(
        not_found(service.revoke_session(bob.user.id, ada_session).await),
        "someone else's"
    );
    assert!(
        not_found(service.revoke_session(ada.user.id, SessionId::new()).await),
        "unknown"
    );
    service
        .revoke_session(ada.user.id, ada_session)
        .await
        .unwrap();
    assert_eq!(
        accounts.sessions.get(ada_session).unwrap().revoked_reason,
        Some(RevokeReason::UserRevoked)
    );
    assert!(
        not_found(service.revoke_session(ada.user.id, ada_session).await),
        "already revoked"
    );
    let refreshed = service.refresh(Some(&ada.refresh_token)).await;
    assert!(
        matches!(refreshed, Err(AccountsError::InvalidRefreshToken)),
        "{refreshed:?}"
    );
}

#[tokio::test]
async fn current_user_and_access_tokens() {
    let accounts = InMemoryAccounts::new();
    let service = accounts.service();
    let pair = registered(&accounts, "ada@example.com").await;

    assert_eq!(service.current_user(pair.user.id).await.unwrap(), pair.user);
    let missing = service.current_user(UserId::new()).await;
    assert!(
        matches!(missing, Err(AccountsError::UserNotFound)),
        "{missing:?}"
    );

    for bad in ["", "garbage", "fake-access.not-a-uuid.1"] {
        let result = service.authenticate_access(bad);
        assert!(
            matches!(result, Err(AccountsError::InvalidToken)),
            "{bad:?}: {result:?}"
        );
    }
    accounts
        .clock
        .advance(TimeDelta::minutes(30) - TimeDelta::seconds(1));
    assert_eq!(
        service.authenticate_access(&pair.access_token).unwrap(),
        pair.user.id
    );
    accounts.clock.advance(TimeDelta::seconds(1));
    let expired = service.authenticate_access(&pair.access_token);
    assert!(
        matches!(expired, Err(AccountsError::InvalidToken)),
        "{expired:?}"
    );
}

#[tokio::test]
async fn configured_lifetimes_are_used() {
    let accounts = InMemoryAccounts::new();
    let lifetimes = crate::TokenLifetimes::from_minutes(5, 60);
    let service = accounts.service_with(lifetimes);
    let now = accounts.clock.now();
    let registration = Registration::parse("ada@example.com", PASSWORD, None).unwrap();
    let pair = service.register(registration).await.unwrap();
    assert_eq!(pair.access_expires_at, now + TimeDelta::minutes(5));
    assert_eq!(pair.refresh_expires_at, now + TimeDelta::minutes(60));
    assert_eq!(service.lifetimes(), lifetimes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fakes_keep_the_port_contracts() {
    let accounts = InMemoryAccounts::new();
    contract::user_repository_contract(accounts.users.as_ref()).await;
    contract::session_repository_contract(accounts.sessions.as_ref(), accounts.users.as_ref())
        .await;
    contract::password_hasher_contract(accounts.hasher.as_ref()).await;
    contract::token_issuer_contract(accounts.tokens.as_ref());
}

#[tokio::test]
async fn checking_credentials_finds_the_user_without_starting_a_session() {
    let accounts = InMemoryAccounts::new();
    let registration = registered(&accounts, "ada@example.com").await;
    let service = accounts.service();

    let checked = service
        .check_credentials(&credentials("ADA@example.com", PASSWORD))
        .await
        .unwrap();
    let wrong = service
        .check_credentials(&credentials("ada@example.com", "wrong password"))
        .await;
    let email = crate::Email::parse("Ada@Example.com").unwrap();
    let found = service.find_by_email(&email).await.unwrap();
    let nobody = crate::Email::parse("nobody@example.com").unwrap();

    assert_eq!(checked, registration.user);
    assert!(
        matches!(wrong, Err(AccountsError::InvalidCredentials)),
        "{wrong:?}"
    );
    assert_eq!(found, Some(registration.user));
    assert_eq!(service.find_by_email(&nobody).await.unwrap(), None);
    assert_eq!(
        accounts.sessions.all().len(),
        1,
        "only the registration's session"
    );
}

#[tokio::test]
async fn purging_deletes_sessions_only_once_their_retention_is_over() {
    let accounts = InMemoryAccounts::new();
    let first = registered(&accounts, "ada@example.com").await;
    accounts.clock.advance(TimeDelta::days(3));
    let later = accounts
        .service()
        .login(credentials("ada@example.com", PASSWORD))
        .await
        .unwrap();
    let service = accounts
        .service()
        .with_session_retention(TimeDelta::days(10));

    // The first session expires on day 7; it is kept until day 17.
    accounts.clock.advance(TimeDelta::days(14));
    assert_eq!(service.purge_sessions().await.unwrap(), 0, "day 17: kept");
    accounts.clock.advance(TimeDelta::seconds(1));
    assert_eq!(service.purge_sessions().await.unwrap(), 1, "past day 17");
    let left: Vec<_> = accounts.sessions.all().into_iter().map(|s| s.id).collect();
    assert_eq!(left, [session_of(&accounts, &later.refresh_token).id]);
    assert!(
        matches!(
            service.refresh(Some(&first.refresh_token)).await,
            Err(AccountsError::InvalidRefreshToken)
        ),
        "a purged token is just unknown"
    );
}

#[tokio::test]
async fn the_sessions_list_is_capped_at_the_newest() {
    let accounts = InMemoryAccounts::new();
    let pair = registered(&accounts, "ada@example.com").await;
    let service = accounts.service();
    let mut newest = None;
    for _ in 0..crate::MAX_LISTED_SESSIONS + 5 {
        accounts.clock.advance(TimeDelta::seconds(1));
        newest = Some(
            service
                .login(credentials("ada@example.com", PASSWORD))
                .await
                .unwrap(),
        );
    }
    let newest = session_of(&accounts, &newest.unwrap().refresh_token);

    let listed = service
        .list_sessions(pair.user.id, false, false, None)
        .await
        .unwrap();

    assert_eq!(listed.len(), crate::MAX_LISTED_SESSIONS);
    assert_eq!(listed[0].id, newest.id, "the newest first");
}
