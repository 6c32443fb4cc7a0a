//! `tastebuds migrate status|run|revert`.

use secrecy::ExposeSecret as _;
use tastebuds_testkit::TestDb;

use crate::tastebuds;

#[test]
fn migrate_lists_applies_and_reverts_one() {
    let db = TestDb::empty();
    let migrate = |action: &str| {
        let output = tastebuds(&["migrate", action])
            .env("DATABASE_URL", db.url().expose_secret())
            .env("RUST_LOG", "warn")
            .output()
            .expect("run the binary");
        assert!(
            output.status.success(),
            "migrate {action}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };

    let before = migrate("status");
    let total = before
        .lines()
        .filter(|line| line.contains("pending"))
        .count()
        - 1;
    assert!(total > 0, "{before}");
    assert!(
        before.contains(&format!("{total} migrations, {total} pending")),
        "{before}"
    );

    let applied = migrate("run");
    assert_eq!(
        applied
            .lines()
            .filter(|line| line.starts_with("applied"))
            .count(),
        total
    );
    assert!(migrate("status").contains(&format!("{total} migrations, 0 pending")));

    let reverted = migrate("revert");
    assert!(reverted.starts_with("reverted"), "{reverted}");
    assert!(migrate("status").contains(&format!("{total} migrations, 1 pending")));
    assert!(migrate("run").starts_with("applied"));
}
