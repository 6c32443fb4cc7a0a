//! Running CPU-heavy work (bcrypt) on tokio's blocking pool, never on an async worker.

/// Runs `work` on the blocking pool inside the caller's tracing span. A panic in `work`
/// is re-raised in the caller.
///
/// # Errors
/// Only when the task was cancelled (the runtime is shutting down).
pub(crate) async fn run_blocking<T, F>(work: F) -> anyhow::Result<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    match tokio::task::spawn_blocking(move || span.in_scope(work)).await {
        Ok(value) => Ok(value),
        Err(join_error) if join_error.is_panic() => {
            std::panic::resume_unwind(join_error.into_panic())
        }
        Err(join_error) => {
            Err(anyhow::Error::new(join_error).context("blocking task was cancelled"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn work_runs_off_the_async_thread() {
        let caller = std::thread::current().id();
        let worker = run_blocking(|| std::thread::current().id()).await.unwrap();
        assert_ne!(worker, caller);
    }

    #[tokio::test]
    #[should_panic(expected = "boom")]
    async fn panics_are_re_raised() {
        let _: anyhow::Result<()> = run_blocking(|| panic!("boom")).await;
    }
}
