//! The binary: help texts, the healthcheck probe, smoke tests of the real server over
//! TCP, the zero-configuration database ladder, `migrate`, `ingest`, `seed` and
//! `reset-db`.

#![expect(
    clippy::expect_used,
    reason = "test helpers outside #[test] functions panic on broken fixtures"
)]

mod db_faults;
mod help;
mod ingest;
mod migrate;
mod operator;
mod private_cluster;
mod seed;
mod seeded_media;
mod serve;

use std::net::TcpListener;
use std::process::{Child, Command, Output};

/// The binary, with a clean environment (only what a test sets).
fn tastebuds(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tastebuds"));
    command.args(args).env_clear();
    command
}

fn run(args: &[&str]) -> Output {
    tastebuds(args).output().expect("run the binary")
}

/// A port nothing listens on (free a moment ago).
fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Kills the child if the test fails before it exits.
struct Reap(Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
