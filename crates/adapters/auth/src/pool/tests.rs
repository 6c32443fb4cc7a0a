use std::sync::mpsc;

use super::*;

/// A job that holds its worker until the returned sender is used (or dropped).
fn gate() -> (mpsc::Sender<()>, impl FnOnce() + Send + 'static) {
    let (open, wait) = mpsc::channel::<()>();
    (open, move || {
        let _ = wait.recv();
    })
}

fn pool(workers: usize, queue: usize) -> WorkPool {
    WorkPool::start("test-pool", PoolSize { workers, queue }).unwrap()
}

#[tokio::test]
async fn jobs_start_in_the_order_they_were_submitted() {
    let pool = pool(1, 10);
    let (open, hold) = gate();
    let held = pool.submit(hold).unwrap();
    let order = Arc::new(Mutex::new(Vec::new()));
    let answers: Vec<_> = (0..8)
        .map(|n| {
            let order = Arc::clone(&order);
            pool.submit(move || {
                order.lock().unwrap().push(n);
                n * 10
            })
            .unwrap()
        })
        .collect();
    open.send(()).unwrap();
    held.await.unwrap();
    for (n, answer) in answers.into_iter().enumerate() {
        assert_eq!(answer.await.unwrap(), n * 10);
    }
    assert_eq!(*order.lock().unwrap(), (0..8).collect::<Vec<_>>());
}

#[tokio::test]
async fn beyond_workers_and_queue_jobs_are_refused_at_once_then_admitted_again() {
    let pool = pool(1, 1);
    let (open, hold) = gate();
    let running = pool.submit(hold).unwrap();
    let waiting = pool.submit(|| "queued").unwrap();

    let refused = pool.submit(|| "refused");
    match refused {
        Err(PoolError::Saturated { retry_after }) => assert!(retry_after >= MIN_RETRY_AFTER),
        other => panic!("expected Saturated, got {:?}", other.map(|_| ())),
    }

    open.send(()).unwrap();
    running.await.unwrap();
    assert_eq!(waiting.await.unwrap(), "queued");
    // The places are free again.
    assert_eq!(pool.run(|| "again").await.unwrap(), "again");
}

#[tokio::test]
async fn a_queue_of_zero_admits_only_free_workers() {
    let pool = pool(2, 0);
    let (open_a, hold_a) = gate();
    let (open_b, hold_b) = gate();
    let a = pool.submit(hold_a).unwrap();
    let b = pool.submit(hold_b).unwrap();
    assert!(matches!(
        pool.submit(|| ()),
        Err(PoolError::Saturated { .. })
    ));
    open_a.send(()).unwrap();
    open_b.send(()).unwrap();
    a.await.unwrap();
    b.await.unwrap();
}

#[tokio::test]
async fn every_admitted_job_answers_its_own_caller() {
    let pool = pool(2, 200);
    let answers: Vec<_> = (0..200u32)
        .map(|n| pool.submit(move || n * n).unwrap())
        .collect();
    for (n, answer) in (0..200u32).zip(answers) {
        assert_eq!(answer.await.unwrap(), n * n);
    }
    assert_eq!(pool.shared.admitted.load(Ordering::Acquire), 0);
}

#[tokio::test]
async fn a_panicking_job_is_lost_and_the_worker_keeps_working() {
    let pool = pool(1, 1);
    let lost: Result<(), _> = pool.run(|| panic!("boom")).await;
    assert!(matches!(lost, Err(PoolError::Lost)));
    assert_eq!(pool.run(|| 7).await.unwrap(), 7);
    assert_eq!(pool.shared.admitted.load(Ordering::Acquire), 0);
}

#[tokio::test]
async fn a_job_whose_caller_left_is_skipped_and_frees_its_place() {
    let pool = pool(1, 1);
    let (open, hold) = gate();
    let running = pool.submit(hold).unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&ran);
    drop(
        pool.submit(move || counted.fetch_add(1, Ordering::AcqRel))
            .unwrap(),
    );
    open.send(()).unwrap();
    running.await.unwrap();
    // The next job runs after the abandoned one was taken off the queue.
    pool.run(|| ()).await.unwrap();
    assert_eq!(ran.load(Ordering::Acquire), 0);
    assert_eq!(pool.shared.admitted.load(Ordering::Acquire), 0);
}

#[tokio::test(flavor = "current_thread")]
async fn work_runs_off_the_async_thread() {
    let caller = std::thread::current().id();
    let worker = pool(1, 0)
        .run(|| std::thread::current().id())
        .await
        .unwrap();
    assert_ne!(worker, caller);
}

#[test]
fn there_is_a_worker_per_core() {
    let size = PoolSize::one_per_core(3);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    assert_eq!(size.workers, cores);
    assert_eq!(size.queue, 3);
}

/// A job that waited for a CPU for most of its run.
fn contended_job() -> CpuAccount {
    CpuAccount {
        ran: Duration::from_millis(200),
        waited: Duration::from_millis(150),
    }
}

/// A job that ran without waiting for a CPU.
fn unhindered_job() -> CpuAccount {
    CpuAccount {
        ran: Duration::from_millis(200),
        waited: Duration::ZERO,
    }
}

/// A pool started with `lanes` as they are.
fn pool_with(workers: usize, queue: usize, lanes: Lanes) -> WorkPool {
    WorkPool::start_with("test-pool", PoolSize { workers, queue }, lanes).unwrap()
}

/// A pool whose last job was contended: only its first worker takes jobs.
fn narrowed_pool(workers: usize, queue: usize) -> WorkPool {
    let lanes = Lanes::default();
    lanes.record(contended_job());
    pool_with(workers, queue, lanes)
}

/// How many threads of this process are named `name`.
#[cfg(target_os = "linux")]
fn threads_named(name: &str) -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|comm| comm.trim_end() == name)
        })
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn dropping_a_pool_ends_every_worker_narrowed_or_not() {
    let pool = WorkPool::start(
        "pool-ends",
        PoolSize {
            workers: 3,
            queue: 0,
        },
    )
    .unwrap();
    assert!(pool.shared.lanes.is_narrowed());
    let running = || {
        (0..3)
            .map(|n| threads_named(&format!("pool-ends-{n}")))
            .sum::<usize>()
    };
    wait_until(|| running() == 3, "every worker started");
    drop(pool);
    wait_until(|| running() == 0, "no worker outlives its pool");
}

/// Waits (up to 30 s, for a slow test machine) until `done`, or fails saying `what`.
#[cfg(target_os = "linux")]
fn wait_until(done: impl Fn() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[tokio::test]
async fn a_pool_starts_narrow() {
    assert!(pool(2, 0).shared.lanes.is_narrowed());
}

/// Holds a first job and checks that a second one waits for it (only one worker takes
/// jobs), then lets both finish.
async fn assert_one_job_at_a_time(pool: &WorkPool) {
    let (open, hold) = gate();
    let first = pool.submit(hold).unwrap();
    let mut second = pool.submit(|| ()).unwrap();
    assert!(
        tokio::time::timeout(Duration::from_millis(50), &mut second)
            .await
            .is_err(),
        "the second job waits for the first worker"
    );
    open.send(()).unwrap();
    first.await.unwrap();
    second.await.unwrap();
}

#[tokio::test]
async fn a_narrowed_pool_runs_one_job_at_a_time() {
    let pool = narrowed_pool(2, 4);
    assert_one_job_at_a_time(&pool).await;
}

#[tokio::test]
async fn lanes_that_closed_while_the_pool_was_idle_keep_the_others_out() {
    let lanes = Lanes::open_for(Duration::from_millis(20));
    lanes.record(unhindered_job());
    let pool = pool_with(2, 4, lanes);
    // Long enough for the lanes to close and a waiting secondary to look at them again,
    // with room for a slow test machine.
    tokio::time::sleep(RECHECK_LANE * 10).await;
    assert_one_job_at_a_time(&pool).await;
}

#[tokio::test]
async fn a_free_run_opens_every_worker_again() {
    // Open far longer than the test takes, however slow the machine.
    let pool = pool_with(2, 4, Lanes::open_for(Duration::from_secs(600)));
    assert!(pool.shared.lanes.is_narrowed());
    pool.shared.lanes.record(unhindered_job());
    // Each job waits for the other to start: only two workers at once finish both.
    let (started_a, seen_by_b) = mpsc::channel::<()>();
    let (started_b, seen_by_a) = mpsc::channel::<()>();
    let meet = |tell: mpsc::Sender<()>, hear: mpsc::Receiver<()>| {
        move || {
            let _ = tell.send(());
            hear.recv_timeout(Duration::from_secs(10)).is_ok()
        }
    };
    let a = pool.submit(meet(started_a, seen_by_a)).unwrap();
    let b = pool.submit(meet(started_b, seen_by_b)).unwrap();
    assert!(
        a.await.unwrap() && b.await.unwrap(),
        "both jobs ran at once"
    );
}

#[tokio::test]
async fn a_narrowed_pool_asks_refused_callers_to_wait_for_one_worker_and_its_pauses() {
    let pool = narrowed_pool(2, 0);
    pool.shared
        .last_job_nanos
        .store(2_000_000_000, Ordering::Relaxed);
    // Four rounds of one worker: a 2 s job, then the contended job's 150 ms pause.
    assert_eq!(pool.retry_after(4), Duration::from_millis(8_600));
    pool.shared.lanes.record(unhindered_job());
    assert_eq!(pool.retry_after(4), Duration::from_secs(4));
}
