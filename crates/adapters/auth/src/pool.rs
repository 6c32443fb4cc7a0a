//! A bounded, first-come-first-served pool of dedicated threads for CPU-heavy work
//! (bcrypt), so that hashing never runs on an async worker and never crowds out requests.
//!
//! Design:
//! - The workers run at the same priority as everything else and use every core only
//!   while the machine has CPU to spare ([`lanes`]): when a job waited for a CPU for
//!   more than a quarter of its run, only the first worker takes jobs, pausing after each
//!   as long as it waited, until a job runs unhindered again; an unhindered job keeps the
//!   other workers going for a second, so an idle pool starts with one. Logins alone
//!   use every core; under a request load hashing takes about half of one core. The
//!   kernel's own means failed here (2 cores, 10k items, 8 clients logging in while 50
//!   read `GET /api/me`; docs/BENCHMARKS.md): a nice value only weighs against threads
//!   of the same scheduling group (the process's session with autogroup, its
//!   container's cgroup), and in Linux's idle class the hashes still ran 394 of 500 ms on
//!   one core while PostgreSQL backends runnable there waited up to 508 ms (`perf
//!   sched`): `/api/me` had a p99 of 0.3–1 s.
//! - `workers` threads take jobs from one FIFO channel, so jobs start in the order they
//!   were submitted.
//! - At most `workers + queue` jobs are admitted (running or waiting), counted exactly
//!   with an atomic counter; beyond that [`WorkPool::run`] refuses at once with
//!   [`PoolError::Saturated`] and an estimate of when there will be room, instead of
//!   letting callers wait for seconds.
//! - Every admitted job answers through its own oneshot channel: a job whose caller went
//!   away is skipped, and a job that panics answers [`PoolError::Lost`] (the worker
//!   survives).
//! - The threads end when the last handle to the pool is dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use lanes::{CpuAccount, Lanes};

mod lanes;

/// What [`WorkPool::run`] answers when the work did not produce a value.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PoolError {
    /// Every worker is busy and the queue is full; try again after `retry_after`.
    #[error("every worker is busy and the queue is full")]
    Saturated {
        /// An estimate of when a place will be free.
        retry_after: Duration,
    },
    /// The job panicked or the pool shut down before answering.
    #[error("the work was lost (it panicked or the pool shut down)")]
    Lost,
}

/// How many threads, and how many jobs may wait for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSize {
    /// Threads doing the work (at least 1).
    pub workers: usize,
    /// Jobs that may wait while every worker is busy (0: only free workers take jobs).
    pub queue: usize,
}

impl PoolSize {
    /// One worker per core (all of them hash only while the CPU is to spare),
    /// and `queue` waiting jobs.
    #[must_use]
    pub fn one_per_core(queue: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self {
            workers: cores,
            queue,
        }
    }
}

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A handle to the pool; clones share the same threads.
#[derive(Clone, Debug)]
pub(crate) struct WorkPool {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    jobs: Sender<Job>,
    size: PoolSize,
    /// Jobs admitted and not yet finished (running or waiting).
    admitted: Arc<AtomicUsize>,
    /// How long the last finished job took, in nanoseconds (0 before the first).
    last_job_nanos: Arc<AtomicU64>,
    /// Which workers may take jobs.
    lanes: Arc<Lanes>,
}

impl Drop for Shared {
    /// The last handle is gone: the first worker ends as the channel closes, the others
    /// must stop waiting for their lane.
    fn drop(&mut self) {
        self.lanes.close();
    }
}

/// The wait suggested before any job has finished, and the shortest one ever suggested.
const MIN_RETRY_AFTER: Duration = Duration::from_secs(1);

impl WorkPool {
    /// Starts `size.workers` threads (at least one) named `{name}-{n}`; the first takes
    /// jobs at once, the others once a job has run unhindered ([`lanes`]).
    ///
    /// # Errors
    /// When the operating system refuses a thread.
    pub(crate) fn start(name: &str, size: PoolSize) -> std::io::Result<Self> {
        Self::start_with(name, size, Lanes::default())
    }

    /// Starts the pool with `lanes` as they are (tests start narrowed pools).
    fn start_with(name: &str, size: PoolSize, lanes: Lanes) -> std::io::Result<Self> {
        let size = PoolSize {
            workers: size.workers.max(1),
            queue: size.queue,
        };
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let lanes = Arc::new(lanes);
        for n in 0..size.workers {
            let receiver = Arc::clone(&receiver);
            let lanes = Arc::clone(&lanes);
            let first = n == 0;
            std::thread::Builder::new()
                .name(format!("{name}-{n}"))
                .spawn(move || work(first, &receiver, &lanes))?;
        }
        Ok(Self {
            shared: Arc::new(Shared {
                jobs: sender,
                size,
                admitted: Arc::new(AtomicUsize::new(0)),
                last_job_nanos: Arc::new(AtomicU64::new(0)),
                lanes,
            }),
        })
    }

    /// The size the pool runs with.
    pub(crate) fn size(&self) -> PoolSize {
        self.shared.size
    }

    /// Runs `job` on a worker, inside the caller's tracing span, once every job submitted
    /// before it has started.
    ///
    /// # Errors
    /// As [`WorkPool::submit`], and [`PoolError::Lost`] when the job panicked or the pool
    /// is gone.
    pub(crate) async fn run<T, F>(&self, job: F) -> Result<T, PoolError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.submit(job)?.await.map_err(|_| PoolError::Lost)
    }

    /// Queues `job` (inside the caller's tracing span) behind every job submitted before
    /// it and returns where its value will arrive; a job whose receiver is dropped
    /// before it starts is skipped.
    ///
    /// # Errors
    /// [`PoolError::Saturated`] at once when `workers + queue` jobs are already admitted;
    /// [`PoolError::Lost`] when the pool is gone.
    pub(crate) fn submit<T, F>(&self, job: F) -> Result<oneshot::Receiver<T>, PoolError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let shared = &self.shared;
        let capacity = shared.size.workers + shared.size.queue;
        let admitted =
            shared
                .admitted
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |admitted| {
                    (admitted < capacity).then_some(admitted + 1)
                });
        if let Err(admitted) = admitted {
            return Err(PoolError::Saturated {
                retry_after: self.retry_after(admitted),
            });
        }
        let (reply, answer) = oneshot::channel();
        let span = tracing::Span::current();
        let counter = Arc::clone(&shared.admitted);
        let last_job_nanos = Arc::clone(&shared.last_job_nanos);
        let wrapped: Job = Box::new(move || {
            if reply.is_closed() {
                counter.fetch_sub(1, Ordering::AcqRel);
                return;
            }
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| span.in_scope(job)));
            let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
            last_job_nanos.store(nanos, Ordering::Relaxed);
            // Free the place before answering, so the caller may submit again at once.
            counter.fetch_sub(1, Ordering::AcqRel);
            if let Ok(value) = outcome {
                // The caller may have gone away meanwhile; nobody is left to tell.
                let _ = reply.send(value);
            }
        });
        if shared.jobs.send(wrapped).is_err() {
            shared.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(PoolError::Lost);
        }
        Ok(answer)
    }

    /// The time the jobs ahead would take on the workers taking jobs, from the last
    /// job's duration: the wait a refused caller should expect before a place frees up.
    fn retry_after(&self, admitted: usize) -> Duration {
        let last = Duration::from_nanos(self.shared.last_job_nanos.load(Ordering::Relaxed));
        let (workers, per_job) = match self.shared.lanes.narrowed_pause() {
            Some(pause) => (1, last.saturating_add(pause)),
            None => (self.shared.size.workers, last),
        };
        let rounds = admitted.div_ceil(workers).max(1);
        per_job
            .saturating_mul(u32::try_from(rounds).unwrap_or(u32::MAX))
            .max(MIN_RETRY_AFTER)
    }
}

/// How long a secondary worker waits for a job before it checks its lane again, so
/// that one which found its lane open does not take a job long after it closed.
const RECHECK_LANE: Duration = Duration::from_millis(100);

/// A worker: takes jobs in order until the pool is dropped; every worker but the `first`
/// only while its lane is open.
fn work(first: bool, jobs: &Mutex<Receiver<Job>>, lanes: &Lanes) {
    loop {
        // Only the receiving is under the lock; the job runs after it is released.
        let job = if first {
            let Ok(job) = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv() else {
                return;
            };
            job
        } else {
            lanes.wait_for_spare_cpu();
            let receiver = jobs.lock().unwrap_or_else(PoisonError::into_inner);
            // The lane may have closed while another worker held the receiving.
            if !lanes.lets_secondaries_on() {
                continue;
            }
            match receiver.recv_timeout(RECHECK_LANE) {
                Ok(job) => job,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        };
        let before = CpuAccount::of_this_thread();
        job();
        let pause = match (before, CpuAccount::of_this_thread()) {
            (Some(before), Some(after)) => lanes.record(before.until(after)),
            _ => lanes.record(CpuAccount::UNHINDERED),
        };
        std::thread::sleep(pause);
    }
}

#[cfg(test)]
mod tests;
