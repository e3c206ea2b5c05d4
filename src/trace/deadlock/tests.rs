//! The detector over hand-built runs: cycles through locks, semaphores and joins, what is not
//! a cycle, stalls, and what is not a stall (a sleeper, a process at its gate, a zombie).

use super::*;
use crate::event::{Event, EventKind};
use crate::text::Lang;
use crate::value::Value;

const MAIN: i32 = 100;
const P1: i32 = 101;
const P2: i32 = 102;
const P3: i32 = 103;

/// A run built event by event: `MainProcess` (pid 100) and children `Process-N` (101, …).
struct Run {
    events: Vec<Event>,
}

impl Run {
    fn with_children(n: i32) -> Run {
        let mut run = Run { events: Vec::new() };
        run.ev(99, EventKind::RunStarted { version: 1, lesson: "demo".into(), runner: 99, seed: 0 });
        run.ev(MAIN, started("MainProcess", 99));
        for i in 1..=n {
            run.ev(MAIN + i, started(&format!("Process-{i}"), MAIN));
        }
        run
    }

    fn ev(&mut self, pid: i32, kind: EventKind) -> &mut Run {
        let seq = self.events.len() as u64;
        self.events.push(Event { seq, sub: 0, t_ns: seq * 1_000_000, pid, kind });
        self
    }

    fn create(&mut self, name: &str, kind: ObjectKind, value: i64) -> &mut Run {
        self.ev(
            MAIN,
            EventKind::Created {
                object: name.into(),
                object_kind: kind,
                value,
                capacity: value,
                py_line: 3,
                manager: None,
            },
        )
    }

    fn acquire(&mut self, pid: i32, object: &str) -> &mut Run {
        self.ev(pid, EventKind::Acquired { object: object.into() })
    }

    fn wait(&mut self, pid: i32, object: &str, op: WaitOp) -> &mut Run {
        self.ev(pid, EventKind::Waiting { object: object.into(), op, timed: false })
    }

    fn world(&self) -> World {
        World::from_events(&self.events)
    }
}

fn started(name: &str, ppid: i32) -> EventKind {
    EventKind::Started { name: name.into(), ppid, script: "worker".into(), daemon: false, slot: 0 }
}

fn link(pid: i32, name: &str, op: WaitOp, object: &str) -> WaitLink {
    WaitLink { pid, name: name.into(), op, object: object.into(), kind: None }
}

/// Long enough for a stall to count.
const QUIET: Duration = STALL_QUIET;

#[test]
fn two_locks_taken_in_opposite_order_deadlock_as_soon_as_the_second_wait_begins() {
    let mut run = Run::with_children(2);
    run.create("a", ObjectKind::Lock, 1).create("b", ObjectKind::Lock, 1);
    run.acquire(P1, "a").acquire(P2, "b").wait(P1, "b", WaitOp::Acquire);
    assert_eq!(find_cycle(&run.world()), None, "one wait alone is no cycle");
    run.wait(P2, "a", WaitOp::Acquire);
    let world = run.world();
    let cycle = find_cycle(&world).expect("a cycle");
    assert_eq!(cycle, vec![link(P1, "Process-1", WaitOp::Acquire, "b"), link(P2, "Process-2", WaitOp::Acquire, "a")]);
    assert_eq!(verdict(&world, Duration::ZERO), Some(RunOutcome::Deadlocked { cycle: cycle.clone() }));
    assert_eq!(
        cycle_text(&cycle, Lang::En),
        "Process-1 holds a and waits for b, held by Process-2, which waits for a, held by Process-1"
    );
    assert_eq!(
        cycle_text(&cycle, Lang::Zh),
        "Process-1 持有 a，等待 b（由 Process-2 持有），后者等待 a（由 Process-1 持有）"
    );
}

#[test]
fn three_philosophers_each_holding_one_fork_form_a_cycle_in_order() {
    let mut run = Run::with_children(3);
    for fork in ["fork0", "fork1", "fork2"] {
        run.create(fork, ObjectKind::Lock, 1);
    }
    run.wait(MAIN, "Process-1", WaitOp::Join);
    run.acquire(P1, "fork0").acquire(P2, "fork1").acquire(P3, "fork2");
    run.wait(P3, "fork0", WaitOp::Acquire).wait(P2, "fork2", WaitOp::Acquire).wait(P1, "fork1", WaitOp::Acquire);
    let cycle = find_cycle(&run.world()).expect("a cycle");
    // The main process is stuck joining Process-1, but it is not on the cycle.
    assert_eq!(
        cycle_text(&cycle, Lang::En),
        "Process-1 holds fork0 and waits for fork1, held by Process-2, which waits for fork2, held by Process-3, \
         which waits for fork0, held by Process-1"
    );
}

#[test]
fn an_rlock_its_owner_takes_again_is_no_cycle() {
    let mut run = Run::with_children(2);
    run.create("r", ObjectKind::RLock, 1);
    run.acquire(P1, "r").acquire(P1, "r").wait(P2, "r", WaitOp::Acquire);
    assert_eq!(find_cycle(&run.world()), None);
    // Even a wait its owner reported on it would end at once.
    run.wait(P1, "r", WaitOp::Acquire);
    assert_eq!(find_cycle(&run.world()), None);
}

#[test]
fn a_plain_lock_taken_again_by_its_owner_deadlocks_that_process_alone() {
    let mut run = Run::with_children(1);
    run.create("lock", ObjectKind::Lock, 1);
    run.acquire(P1, "lock").wait(P1, "lock", WaitOp::Acquire);
    let cycle = find_cycle(&run.world()).expect("a cycle of one");
    assert_eq!(
        cycle_text(&cycle, Lang::En),
        "Process-1 holds lock and waits for it again: only Process-1 could release it"
    );
    assert_eq!(cycle_text(&cycle, Lang::Zh), "Process-1 持有 lock，又再次等待它：能释放它的只有 Process-1 自己");
}

#[test]
fn a_lock_held_by_a_sleeping_process_is_no_deadlock_and_no_stall() {
    let mut run = Run::with_children(2);
    run.create("lock", ObjectKind::Lock, 1);
    run.acquire(P1, "lock").ev(P1, EventKind::Sleeping { ms: 5000 });
    run.wait(P2, "lock", WaitOp::Acquire).wait(MAIN, "Process-1", WaitOp::Join);
    let world = run.world();
    assert_eq!(find_cycle(&world), None);
    assert_eq!(verdict(&world, QUIET * 10), None);
}

#[test]
fn a_semaphore_with_one_holder_outside_the_set_is_no_deadlock() {
    let mut run = Run::with_children(3);
    run.create("sem", ObjectKind::Semaphore, 2).create("lock", ObjectKind::Lock, 1);
    run.acquire(P1, "sem").acquire(P3, "sem").acquire(P2, "lock");
    run.wait(P1, "lock", WaitOp::Acquire).wait(P2, "sem", WaitOp::Acquire);
    // Process-3 still runs and may release its place: Process-2 can go on.
    assert_eq!(find_cycle(&run.world()), None);
    // Once Process-3 waits for the lock too, every holder of the semaphore is stuck.
    run.wait(P3, "lock", WaitOp::Acquire);
    let cycle = find_cycle(&run.world()).expect("a cycle");
    assert_eq!(
        cycle_text(&cycle, Lang::En),
        "Process-1 holds sem and waits for lock, held by Process-2, which waits for sem, held by Process-1"
    );
}

#[test]
fn a_parent_joining_a_child_that_waits_for_the_parents_lock_is_a_cycle() {
    let mut run = Run::with_children(1);
    run.create("lock", ObjectKind::Lock, 1);
    run.acquire(MAIN, "lock").wait(MAIN, "Process-1", WaitOp::Join).wait(P1, "lock", WaitOp::Acquire);
    let cycle = find_cycle(&run.world()).expect("a cycle");
    assert_eq!(
        cycle_text(&cycle, Lang::En),
        "MainProcess holds lock and waits to join Process-1, which waits for lock, held by MainProcess"
    );
}

/// A producer that put one item and exited, and a consumer that took it and waits for more,
/// joined by the main process.
fn consumer_after_producer(run: &mut Run) {
    run.create("q", ObjectKind::Queue, 0);
    run.ev(P1, EventKind::Put { object: "q".into(), item: Value::Int(1) });
    run.ev(P2, EventKind::Got { object: "q".into(), item: Value::Int(1) });
    run.wait(P2, "q", WaitOp::Get);
}

#[test]
fn a_consumer_whose_producer_exited_is_stuck_after_a_quiet_while() {
    let mut run = Run::with_children(2);
    consumer_after_producer(&mut run);
    run.wait(MAIN, "Process-1", WaitOp::Join);
    run.ev(P1, EventKind::Exiting { code: 0 }).ev(MAIN, EventKind::Reaped { child: P1, exitcode: 0 });
    run.wait(MAIN, "Process-2", WaitOp::Join);
    let world = run.world();
    assert_eq!(find_cycle(&world), None, "a queue has no owner: this is a stall, not a cycle");
    assert_eq!(verdict(&world, QUIET / 2), None, "not before the quiet while");
    let waits = vec![link(MAIN, "MainProcess", WaitOp::Join, "Process-2"), link(P2, "Process-2", WaitOp::Get, "q")];
    assert_eq!(verdict(&world, QUIET), Some(RunOutcome::Stuck { waits: waits.clone() }));
    assert_eq!(stall_text(&waits, Lang::En), "MainProcess waits to join Process-2; Process-2 waits to get from q");
}

#[test]
fn a_consumer_whose_producer_sleeps_is_not_stuck() {
    let mut run = Run::with_children(2);
    consumer_after_producer(&mut run);
    run.ev(P1, EventKind::Sleeping { ms: 3000 }).wait(MAIN, "Process-2", WaitOp::Join);
    assert_eq!(verdict(&run.world(), QUIET * 10), None);
}

#[test]
fn a_process_held_at_its_gate_is_not_blocked() {
    let mut run = Run::with_children(2);
    consumer_after_producer(&mut run);
    run.ev(P1, EventKind::Exiting { code: 0 }).wait(MAIN, "Process-2", WaitOp::Join);
    run.ev(MAIN, EventKind::Gated);
    assert_eq!(verdict(&run.world(), QUIET * 10), None);
}

#[test]
fn a_join_of_a_child_that_already_exited_is_about_to_return() {
    let mut run = Run::with_children(1);
    run.ev(P1, EventKind::Exiting { code: 0 }).wait(MAIN, "Process-1", WaitOp::Join);
    assert_eq!(verdict(&run.world(), QUIET * 10), None);
}

#[test]
fn a_wait_for_an_item_already_in_the_queue_is_about_to_end() {
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0);
    run.ev(MAIN, EventKind::Put { object: "q".into(), item: Value::Int(1) });
    run.wait(P1, "q", WaitOp::Get).wait(MAIN, "Process-1", WaitOp::Join);
    assert_eq!(verdict(&run.world(), QUIET * 10), None);
}

#[test]
fn joining_a_joinable_queue_whose_consumer_died_is_stuck() {
    let mut run = Run::with_children(1);
    run.create("jq", ObjectKind::JoinableQueue, 0);
    run.ev(MAIN, EventKind::Put { object: "jq".into(), item: Value::Int(1) });
    run.ev(P1, EventKind::Got { object: "jq".into(), item: Value::Int(1) });
    run.ev(MAIN, EventKind::Signalled { target: P1, signal: 9 });
    run.ev(MAIN, EventKind::Reaped { child: P1, exitcode: -9 });
    run.wait(MAIN, "jq", WaitOp::QueueJoin);
    let waits = vec![link(MAIN, "MainProcess", WaitOp::QueueJoin, "jq")];
    assert_eq!(verdict(&run.world(), QUIET), Some(RunOutcome::Stuck { waits }));
}

#[test]
fn an_event_nobody_alive_will_set_is_a_stall() {
    let mut run = Run::with_children(1);
    run.create("e", ObjectKind::Event, 0);
    run.wait(P1, "e", WaitOp::Wait).wait(MAIN, "Process-1", WaitOp::Join);
    let outcome = verdict(&run.world(), QUIET).expect("stuck");
    let RunOutcome::Stuck { waits } = outcome else { panic!("not a stall: {outcome:?}") };
    assert_eq!(stall_text(&waits, Lang::Zh), "MainProcess 等待 Process-1 结束（join）；Process-1 等待 e 被设置");
}

#[test]
fn a_run_that_ended_gets_no_verdict() {
    let mut run = Run::with_children(2);
    run.create("a", ObjectKind::Lock, 1).create("b", ObjectKind::Lock, 1);
    run.acquire(P1, "a").acquire(P2, "b").wait(P1, "b", WaitOp::Acquire).wait(P2, "a", WaitOp::Acquire);
    run.ev(0, EventKind::RunEnded { outcome: RunOutcome::Stopped });
    assert_eq!(verdict(&run.world(), QUIET), None);
}

#[test]
fn a_wait_with_a_timeout_ends_by_itself_so_it_is_neither_a_cycle_nor_a_stall() {
    let mut run = Run::with_children(0);
    run.create("plain", ObjectKind::Lock, 1).acquire(MAIN, "plain");
    run.ev(MAIN, EventKind::Waiting { object: "plain".into(), op: WaitOp::Acquire, timed: true });
    let world = run.world();
    assert_eq!(find_cycle(&world), None);
    assert_eq!(verdict(&world, QUIET), None, "lock.acquire(timeout=…) on its own lock returns False");
    run.ev(MAIN, EventKind::Waiting { object: "plain".into(), op: WaitOp::Acquire, timed: false });
    assert!(find_cycle(&run.world()).is_some(), "without a timeout it waits for itself for ever");
}
