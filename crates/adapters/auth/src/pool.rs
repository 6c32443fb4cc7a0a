//! A bounded, first-come-first-served pool of dedicated threads for CPU-heavy work
//! (bcrypt), so that hashing never runs on an async worker and never crowds out requests.
//!
//! Design:
//! - The worker threads run in Linux's idle scheduling class (`SCHED_IDLE`; nice 10
//!   elsewhere, or where Linux refuses): they use every core the rest of the machine
//!   leaves idle, and any other thread that wakes up takes the core from them at once.
//!   Nice alone is not enough: a nice value only weighs against the threads of the same
//!   scheduling group (the process's session with autogroup, its container's cgroup), so
//!   a nice-10 hash still took a whole group's share from PostgreSQL's backends. Measured
//!   on 2 cores at 1M items, 8 clients logging in while 50 read `GET /api/me`: at nice
//!   10, `/api/me` kept 13–31 % of its throughput alone and logins ran at 7.3–8.5/s; in
//!   the idle class it kept 54–71 %, logins still at 4.1–4.9/s. With nothing else to
//!   run, logins reach the bcrypt ceiling either way.
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
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
use tokio::sync::oneshot;

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
    /// One worker per core (their lower priority keeps them out of the requests' way),
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

/// The workers' priority on thread-priority's 0–99 scale where the idle class is not
/// available; on Unix it maps to nice 10 (the scale runs from nice 19 at 0 to nice -20
/// at 99).
const WORKER_PRIORITY: u8 = 22;

/// Moves the calling thread to the idle scheduling class (Linux), or else lowers its
/// priority to [`WORKER_PRIORITY`]; when the system refuses both, the thread keeps its
/// priority and says so.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use thread_priority::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, set_thread_priority_and_policy,
            thread_native_id,
        };
        let idle = set_thread_priority_and_policy(
            thread_native_id(),
            ThreadPriority::Min,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
        );
        match idle {
            Ok(()) => return,
            Err(error) => tracing::warn!(
                error = ?error,
                "could not move a password hashing thread to the idle scheduling class; lowering its priority instead"
            ),
        }
    }
    let lowered = ThreadPriorityValue::try_from(WORKER_PRIORITY)
        .map_err(|error| error.to_owned())
        .and_then(|value| {
            set_current_thread_priority(ThreadPriority::Crossplatform(value))
                .map_err(|error| format!("{error:?}"))
        });
    if let Err(error) = lowered {
        tracing::warn!(
            %error,
            "could not lower a password hashing thread's priority: it competes with requests as an equal"
        );
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
}

/// The wait suggested before any job has finished, and the shortest one ever suggested.
const MIN_RETRY_AFTER: Duration = Duration::from_secs(1);

impl WorkPool {
    /// Starts `size.workers` threads (at least one) named `{name}-{n}`.
    ///
    /// # Errors
    /// When the operating system refuses a thread.
    pub(crate) fn start(name: &str, size: PoolSize) -> std::io::Result<Self> {
        let size = PoolSize {
            workers: size.workers.max(1),
            queue: size.queue,
        };
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..size.workers {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("{name}-{n}"))
                .spawn(move || {
                    lower_priority();
                    work(&receiver);
                })?;
        }
        Ok(Self {
            shared: Arc::new(Shared {
                jobs: sender,
                size,
                admitted: Arc::new(AtomicUsize::new(0)),
                last_job_nanos: Arc::new(AtomicU64::new(0)),
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

    /// The time the jobs ahead would take on all workers, from the last job's duration:
    /// the wait a refused caller should expect before a place frees up.
    fn retry_after(&self, admitted: usize) -> Duration {
        let last = Duration::from_nanos(self.shared.last_job_nanos.load(Ordering::Relaxed));
        let rounds = admitted.div_ceil(self.shared.size.workers).max(1);
        last.saturating_mul(u32::try_from(rounds).unwrap_or(u32::MAX))
            .max(MIN_RETRY_AFTER)
    }
}

/// A worker: takes jobs in order until the pool is dropped.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // Only the receiving is under the lock; the job runs after it is released.
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests;
