use std::time::{Duration, Instant};

use bcrypt::HashParts;
use tastebuds_accounts::testing::password_hasher_contract;

use super::*;

const FAST: u32 = 4;

fn new_password(raw: &str) -> NewPassword {
    NewPassword::parse(raw).unwrap()
}

fn attempt(raw: &str) -> PasswordAttempt {
    PasswordAttempt::new(raw).unwrap()
}

#[tokio::test]
async fn keeps_the_password_hasher_contract() {
    password_hasher_contract(&BcryptHasher::new(FAST).unwrap()).await;
}

#[tokio::test]
async fn hashes_are_salted_bcrypt_of_the_configured_cost() {
    let hasher = BcryptHasher::new(FAST).unwrap();
    let password = new_password("correct horse");
    let first = hasher.hash(&password).await.unwrap();
    let second = hasher.hash(&password).await.unwrap();

    assert_ne!(first, second, "every hash has its own salt");
    for hash in [&first, &second] {
        assert!(hash.as_str().starts_with("$2b$04$"), "{}", hash.as_str());
        assert_eq!(hash.as_str().len(), 60);
        assert!(
            hasher
                .verify(&attempt("correct horse"), hash)
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(&attempt("correct horsf"), hash)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn every_password_the_policy_accepts_hashes_and_verifies_up_to_72_bytes() {
    let hasher = BcryptHasher::new(FAST).unwrap();
    // 71 and 72 bytes in 1-, 2- and 3-byte characters.
    let passwords = [
        "a".repeat(71),
        "a".repeat(72),
        format!("{}a", "é".repeat(35)),
        "é".repeat(36),
        format!("{}ab", "€".repeat(23)),
        "€".repeat(24),
    ];
    for raw in passwords {
        let hash = hasher.hash(&new_password(&raw)).await.unwrap();
        assert!(
            hasher.verify(&attempt(&raw), &hash).await.unwrap(),
            "{} bytes",
            raw.len()
        );
        // Every byte counts: the password without its last character does not match.
        let mut shorter = raw.chars();
        shorter.next_back();
        assert!(
            !hasher
                .verify(&attempt(shorter.as_str()), &hash)
                .await
                .unwrap(),
            "{} bytes",
            raw.len()
        );
    }
}

#[tokio::test]
async fn legacy_hashes_of_long_passwords_still_verify() {
    // Hashes made before the 72-byte register limit: bcrypt read the first 72 bytes.
    let long = "x".repeat(100);
    let legacy = PasswordHash::new(bcrypt::hash(&long, FAST).unwrap());
    let hasher = BcryptHasher::new(FAST).unwrap();
    assert!(hasher.verify(&attempt(&long), &legacy).await.unwrap());
    assert!(
        hasher
            .verify(&attempt(&"x".repeat(72)), &legacy)
            .await
            .unwrap()
    );
    assert!(
        !hasher
            .verify(&attempt(&"x".repeat(71)), &legacy)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn foreign_prefixes_verify_and_garbage_does_not_panic() {
    let hasher = BcryptHasher::new(FAST).unwrap();
    let made = bcrypt::hash("password1", FAST).unwrap();
    let as_2y = PasswordHash::new(made.replacen("$2b$", "$2y$", 1));
    assert!(hasher.verify(&attempt("password1"), &as_2y).await.unwrap());

    let out_of_range_cost = PasswordHash::new(made.replacen("$04$", "$99$", 1));
    let non_ascii = PasswordHash::new(format!("{}é", &made[..58]));
    for hash in [out_of_range_cost, non_ascii] {
        assert!(!hasher.verify(&attempt("password1"), &hash).await.unwrap());
    }
}

#[test]
fn the_dummy_hash_is_a_valid_bcrypt_hash_of_the_configured_cost() {
    for cost in [FAST, 10, DEFAULT_BCRYPT_COST, 31] {
        let hasher = BcryptHasher::new(cost).unwrap();
        let parts: HashParts = hasher.dummy_hash.parse().unwrap();
        assert_eq!(parts.get_cost(), cost);
    }
    let default = BcryptHasher::new(DEFAULT_BCRYPT_COST).unwrap();
    assert_eq!(default.cost(), DEFAULT_BCRYPT_COST);
    assert!(default.dummy_hash.starts_with("$2b$12$"));
    // It verifies (does the work) and matches nothing.
    let dummy = &BcryptHasher::new(FAST).unwrap().dummy_hash;
    assert!(!bcrypt::verify("password1", dummy).unwrap());
}

#[tokio::test]
async fn the_dummy_verification_costs_as_much_as_a_real_one() {
    // Cost 8 is ~16x cost 4, large enough to dominate overheads; the fastest of three
    // runs each shrugs off a busy machine.
    let hasher = BcryptHasher::new(8).unwrap();
    let hash = hasher.hash(&new_password("password1")).await.unwrap();
    let mut real = Duration::MAX;
    let mut dummy = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        hasher.verify(&attempt("password1"), &hash).await.unwrap();
        real = real.min(started.elapsed());
        let started = Instant::now();
        hasher.verify_dummy(&attempt("password1")).await.unwrap();
        dummy = dummy.min(started.elapsed());
    }
    assert!(
        dummy * 2 > real && real * 2 > dummy,
        "real {real:?} vs dummy {dummy:?}"
    );
}

#[tokio::test]
async fn a_saturated_pool_refuses_every_operation_with_busy_then_recovers() {
    let hasher = BcryptHasher::with_pool(
        FAST,
        PoolSize {
            workers: 1,
            queue: 0,
        },
    )
    .unwrap();
    let hash = hasher.hash(&new_password("password1")).await.unwrap();
    // Hold the only worker.
    let (open, wait) = std::sync::mpsc::channel::<()>();
    let held = hasher
        .pool
        .submit(move || {
            let _ = wait.recv();
        })
        .unwrap();

    let busy = |error: AccountsError| match error {
        AccountsError::Busy { retry_after } => assert!(retry_after >= Duration::from_secs(1)),
        other => panic!("expected Busy, got {other:?}"),
    };
    busy(
        hasher
            .verify(&attempt("password1"), &hash)
            .await
            .unwrap_err(),
    );
    busy(
        hasher
            .verify_dummy(&attempt("password1"))
            .await
            .unwrap_err(),
    );
    busy(hasher.hash(&new_password("password2")).await.unwrap_err());

    open.send(()).unwrap();
    held.await.unwrap();
    assert!(hasher.verify(&attempt("password1"), &hash).await.unwrap());
}

#[test]
fn the_pool_leaves_a_core_free_by_default() {
    let hasher = BcryptHasher::new(FAST).unwrap();
    assert_eq!(
        hasher.pool_size(),
        PoolSize::one_per_core(DEFAULT_HASH_QUEUE)
    );
}

#[test]
fn cost_must_be_within_bcrypt_limits() {
    for cost in [0, 3, 32] {
        assert!(matches!(
            BcryptHasher::new(cost),
            Err(AuthSetupError::InvalidCost(c)) if c == cost
        ));
    }
    assert_eq!(BcryptHasher::new(31).unwrap().cost(), 31);
}

/// The login ceiling: one verification at the default cost on this machine.
/// Run with `cargo test -p tastebuds-auth --release -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "measurement, not a check"]
async fn measure_one_verification_at_cost_12() {
    let hasher = BcryptHasher::new(DEFAULT_BCRYPT_COST).unwrap();
    let hash = hasher.hash(&new_password("password1")).await.unwrap();
    let mut runs = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        assert!(hasher.verify(&attempt("password1"), &hash).await.unwrap());
        runs.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "bcrypt cost 12 verify: median {:.0} ms, runs {runs:.0?}",
        runs[2]
    );
}
