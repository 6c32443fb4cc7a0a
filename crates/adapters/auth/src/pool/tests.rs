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

/// The scheduling policy of the calling thread.
#[cfg(target_os = "linux")]
fn own_policy() -> thread_priority::ThreadSchedulePolicy {
    thread_priority::thread_schedule_policy().unwrap()
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn workers_run_in_the_idle_class_so_every_other_thread_comes_first() {
    use thread_priority::{NormalThreadSchedulePolicy, ThreadSchedulePolicy};
    let caller = own_policy();
    let worker = pool(1, 0).run(own_policy).await.unwrap();
    assert_eq!(
        worker,
        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle)
    );
    assert_eq!(own_policy(), caller, "the caller keeps its own class");
}
