//! How many of the pool's workers may take jobs, and how fast: every one while the
//! machine has CPU to spare, only the first, pausing between jobs, while other work keeps
//! the jobs waiting for a CPU.
//!
//! The signal is the worker thread's own scheduler accounting (Linux's
//! `/proc/thread-self/schedstat`): how long it ran during a job, and how long it was
//! runnable but waiting for a CPU. A job that waited for more than a quarter of the time
//! it ran was contended. The lanes open only on a recent job that ran unhindered
//! ([`OPEN_FOR`]), so a pool that was idle starts narrow and a request load that arrives
//! meanwhile never meets every worker hashing. Where the accounting is unavailable
//! (not Linux), every job is treated as unhindered.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A job shorter than this says nothing about contention (a skipped job, a test's
/// closure): it is not recorded.
const SIGNIFICANT_RUN: Duration = Duration::from_millis(1);

/// How long an unhindered job keeps every lane open.
const OPEN_FOR: Duration = Duration::from_secs(1);

/// The longest pause the first worker takes after a contended job.
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// A thread's scheduler accounting: time on a CPU, and time runnable but waiting for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CpuAccount {
    /// Time spent running on a CPU.
    pub(super) ran: Duration,
    /// Time spent runnable, waiting in a run queue.
    pub(super) waited: Duration,
}

impl CpuAccount {
    /// What a job counts as where the system keeps no accounting: unhindered.
    pub(super) const UNHINDERED: Self = Self {
        ran: SIGNIFICANT_RUN,
        waited: Duration::ZERO,
    };

    /// The calling thread's account so far, where the system keeps one (Linux).
    pub(super) fn of_this_thread() -> Option<Self> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        Self::parse(&text)
    }

    /// Reads `schedstat`'s first two fields (nanoseconds run, nanoseconds waited).
    fn parse(text: &str) -> Option<Self> {
        let mut fields = text.split_ascii_whitespace().map(str::parse::<u64>);
        let ran = fields.next()?.ok()?;
        let waited = fields.next()?.ok()?;
        Some(Self {
            ran: Duration::from_nanos(ran),
            waited: Duration::from_nanos(waited),
        })
    }

    /// What the thread did between `self` and `later`.
    pub(super) fn until(self, later: Self) -> Self {
        Self {
            ran: later.ran.saturating_sub(self.ran),
            waited: later.waited.saturating_sub(self.waited),
        }
    }

    /// Whether the thread waited for a CPU for more than a quarter of the time it ran.
    fn contended(self) -> bool {
        self.waited.saturating_mul(4) > self.ran
    }
}

/// The gate in front of every worker but the first.
#[derive(Debug)]
pub(super) struct Lanes {
    state: Mutex<State>,
    changed: Condvar,
    /// How long an unhindered job keeps every lane open ([`OPEN_FOR`]).
    open_for: Duration,
}

#[derive(Debug, Default)]
struct State {
    /// Until when every worker takes jobs (set by an unhindered job; `None`: only the
    /// first, as after a contended job and before any job).
    open_until: Option<Instant>,
    /// The pool is gone: nobody waits any more.
    closed: bool,
    /// The pause the first worker took after the last job that counted (zero after an
    /// unhindered one).
    pause: Duration,
}

impl State {
    fn is_narrowed(&self) -> bool {
        self.open_until.is_none_or(|until| Instant::now() >= until)
    }

    /// Whether a secondary worker may go on: its lane is open, or the pool is gone (it
    /// goes on to find the queue closed and ends).
    fn lets_secondaries_on(&self) -> bool {
        !self.is_narrowed() || self.closed
    }
}

impl Default for Lanes {
    fn default() -> Self {
        Self::open_for(OPEN_FOR)
    }
}

impl Lanes {
    /// Narrow lanes that an unhindered job opens for `open_for`.
    pub(super) fn open_for(open_for: Duration) -> Self {
        Self {
            state: Mutex::default(),
            changed: Condvar::new(),
            open_for,
        }
    }

    /// Blocks the calling (secondary) worker while the lanes are narrow and the pool open.
    pub(super) fn wait_for_spare_cpu(&self) {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let _open = self
            .changed
            .wait_while(state, |state| !state.lets_secondaries_on())
            .unwrap_or_else(PoisonError::into_inner);
    }

    /// Whether a secondary worker may take a job now: its lane is open, or the pool is
    /// gone.
    pub(super) fn lets_secondaries_on(&self) -> bool {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .lets_secondaries_on()
    }

    /// Records what a finished job's run showed, narrowing the lanes to the first worker
    /// or opening them to all; returns how long the worker should pause before its next
    /// job: as long as a contended job waited for a CPU (at most [`MAX_PAUSE`]), so that
    /// under a request load hashing takes at most about half of one core.
    pub(super) fn record(&self, job: CpuAccount) -> Duration {
        if job.ran < SIGNIFICANT_RUN {
            return Duration::ZERO;
        }
        let contended = job.contended();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let was_narrowed = state.is_narrowed();
        state.open_until = (!contended).then(|| Instant::now() + self.open_for);
        state.pause = if contended {
            job.waited.min(MAX_PAUSE)
        } else {
            Duration::ZERO
        };
        let pause = state.pause;
        drop(state);
        if was_narrowed != contended {
            tracing::debug!(
                contended,
                ran_ms = job.ran.as_secs_f64() * 1e3,
                waited_ms = job.waited.as_secs_f64() * 1e3,
                "password hashing {}",
                if contended {
                    "narrows to one worker: its jobs wait for a CPU"
                } else {
                    "opens to every worker: the CPU is to spare"
                }
            );
        }
        if !contended && was_narrowed {
            self.changed.notify_all();
        }
        pause
    }

    /// While only the first worker takes jobs: the pause it takes after each one.
    /// `None` while every worker does.
    pub(super) fn narrowed_pause(&self) -> Option<Duration> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.is_narrowed().then_some(state.pause)
    }

    /// Whether only the first worker takes jobs now.
    #[cfg(test)]
    pub(super) fn is_narrowed(&self) -> bool {
        self.narrowed_pause().is_some()
    }

    /// Releases every waiting worker for good (the pool is being dropped).
    pub(super) fn close(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .closed = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc;

    use super::*;

    fn account(ran_ms: u64, waited_ms: u64) -> CpuAccount {
        CpuAccount {
            ran: Duration::from_millis(ran_ms),
            waited: Duration::from_millis(waited_ms),
        }
    }

    #[test]
    fn schedstat_reads_nanoseconds_run_then_waited() {
        assert_eq!(
            CpuAccount::parse("2500000 1000000 12\n"),
            Some(CpuAccount {
                ran: Duration::from_micros(2_500),
                waited: Duration::from_micros(1_000),
            })
        );
        assert_eq!(CpuAccount::parse("12"), None);
        assert_eq!(CpuAccount::parse("x 1 2"), None);
    }

    #[test]
    fn an_interval_is_the_difference_of_two_readings() {
        assert_eq!(account(10, 4).until(account(250, 60)), account(240, 56));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_thread_is_accounted_and_running_adds_to_it() {
        let before = CpuAccount::of_this_thread().expect("Linux keeps schedstat");
        let started = std::time::Instant::now();
        let mut spin = 0_u64;
        while started.elapsed() < Duration::from_millis(5) {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        let after = CpuAccount::of_this_thread().expect("Linux keeps schedstat");
        assert!(before.until(after).ran > Duration::ZERO);
    }

    #[test]
    fn waiting_more_than_a_quarter_of_the_run_is_contention() {
        assert!(account(200, 51).contended());
        assert!(!account(200, 50).contended());
        assert!(!account(200, 0).contended());
    }

    #[test]
    fn lanes_start_narrow_a_free_job_opens_them_and_a_contended_one_narrows_them() {
        let lanes = Lanes::default();
        assert!(lanes.is_narrowed());
        assert_eq!(lanes.record(account(200, 10)), Duration::ZERO);
        assert!(!lanes.is_narrowed());
        lanes.record(account(200, 150));
        assert!(lanes.is_narrowed());
    }

    #[test]
    fn after_a_contended_job_the_worker_pauses_as_long_as_it_waited_up_to_a_second() {
        let lanes = Lanes::default();
        assert_eq!(lanes.record(account(200, 150)), Duration::from_millis(150));
        assert_eq!(lanes.record(account(2_000, 1_500)), MAX_PAUSE);
    }

    #[test]
    fn a_job_too_short_to_tell_changes_nothing() {
        let lanes = Lanes::default();
        lanes.record(account(200, 10));
        let short = CpuAccount {
            ran: Duration::from_micros(300),
            waited: Duration::from_micros(300),
        };
        assert_eq!(lanes.record(short), Duration::ZERO);
        assert!(!lanes.is_narrowed());
    }

    #[test]
    fn open_lanes_narrow_again_when_no_free_job_renews_them() {
        let lanes = Lanes::open_for(Duration::from_millis(20));
        lanes.record(account(200, 10));
        assert!(!lanes.is_narrowed());
        std::thread::sleep(Duration::from_millis(30));
        assert!(lanes.is_narrowed());
    }

    #[test]
    fn without_accounting_a_job_counts_as_unhindered() {
        let lanes = Lanes::default();
        lanes.record(CpuAccount::UNHINDERED);
        assert!(!lanes.is_narrowed());
    }

    /// Starts a thread that passes the gate, and returns where it says so.
    fn secondary_worker(lanes: &Arc<Lanes>) -> mpsc::Receiver<()> {
        let (passed, told) = mpsc::channel();
        let lanes = Arc::clone(lanes);
        std::thread::spawn(move || {
            lanes.wait_for_spare_cpu();
            let _ = passed.send(());
        });
        told
    }

    #[test]
    fn a_secondary_worker_waits_while_narrowed_and_goes_when_the_cpu_is_free() {
        let lanes = Arc::new(Lanes::default());
        let told = secondary_worker(&lanes);
        assert!(
            told.recv_timeout(Duration::from_millis(50)).is_err(),
            "it waits while narrowed"
        );
        lanes.record(account(200, 10));
        told.recv().expect("it passes once the CPU is free");
        secondary_worker(&lanes)
            .recv()
            .expect("open lanes let it pass at once");
    }

    #[test]
    fn closing_releases_a_waiting_worker() {
        let lanes = Arc::new(Lanes::default());
        let told = secondary_worker(&lanes);
        lanes.close();
        told.recv().expect("it passes once the pool is closed");
    }
}
