//! Contract suite of [`UserRepository`].
#![expect(
    clippy::expect_used,
    reason = "a contract suite is a test: it fails loudly on the first broken promise"
)]

use tastebuds_kernel::UserId;

use super::{new_user, unique_email};
use crate::email::Email;
use crate::error::AccountsError;
use crate::ports::UserRepository;
use crate::user::{NewUser, User};

/// Checks every promise of [`UserRepository`] against `repo`.
///
/// # Panics
/// On the first broken promise, naming it.
pub async fn user_repository_contract(repo: &dyn UserRepository) {
    creates_and_finds(repo).await;
    rejects_taken_emails_case_insensitively(repo).await;
    misses_are_none(repo).await;
}

async fn creates_and_finds(repo: &dyn UserRepository) {
    let with_name = new_user(Some("Ada Lovelace"));
    let created = repo.create(with_name.clone()).await.expect("create a user");
    assert_eq!(
        created,
        User::from(with_name.clone()),
        "create stores the user verbatim"
    );
    assert_eq!(
        repo.find_by_id(with_name.id).await.expect("find_by_id"),
        Some(created.clone()),
        "find_by_id returns the stored user"
    );
    assert_eq!(
        repo.find_by_email(&with_name.email)
            .await
            .expect("find_by_email"),
        Some(created),
        "find_by_email returns the stored user"
    );

    let without_name = new_user(None);
    let created = repo
        .create(without_name.clone())
        .await
        .expect("create a user without display name");
    assert_eq!(created.display_name, None, "no display name stays None");
    assert_eq!(
        repo.find_by_id(without_name.id)
            .await
            .expect("find_by_id")
            .map(|user| user.display_name),
        Some(None)
    );
}

async fn rejects_taken_emails_case_insensitively(repo: &dyn UserRepository) {
    let first = new_user(None);
    repo.create(first.clone()).await.expect("create a user");
    // The same address as typed in another case: Email normalizes it to the same value.
    let shouted = Email::parse(&first.email.as_str().to_uppercase()).expect("valid email");
    let second = NewUser {
        id: UserId::new(),
        email: shouted.clone(),
        ..new_user(Some("Someone Else"))
    };
    let result = repo.create(second.clone()).await;
    assert!(
        matches!(result, Err(AccountsError::EmailTaken)),
        "a taken email MUST give EmailTaken, got {result:?}"
    );
    assert_eq!(
        repo.find_by_id(second.id).await.expect("find_by_id"),
        None,
        "a rejected user is not stored"
    );
    assert_eq!(
        repo.find_by_email(&shouted)
            .await
            .expect("find_by_email")
            .map(|user| user.id),
        Some(first.id),
        "lookups are case-insensitive through normalization and find the first user"
    );
}

async fn misses_are_none(repo: &dyn UserRepository) {
    assert_eq!(
        repo.find_by_id(UserId::new()).await.expect("find_by_id"),
        None
    );
    assert_eq!(
        repo.find_by_email(&unique_email())
            .await
            .expect("find_by_email"),
        None
    );
}
