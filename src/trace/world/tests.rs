//! Hand-built event sequences and the world they fold into: one test per rule of the fold
//! (lock owners, semaphore counts, queue order, zombies, reaping, audits).

use super::*;
use crate::event::{GiveUp, ObjectKind};
use std::collections::VecDeque;

const MAIN: i32 = 100;

/// Builds a run event by event; `seq` counts up and each event is 1 ms after the last.
#[derive(Default)]
pub(crate) struct Run {
    pub(crate) events: Vec<Event>,
}

impl Run {
    pub(crate) fn ev(&mut self, pid: i32, kind: EventKind) -> &mut Self {
        let seq = self.events.len() as u64;
        self.events.push(Event { seq, sub: 0, t_ns: seq * 1_000_000, pid, kind });
        self
    }

    /// A run with `MainProcess` (pid 100, runner 99) and children `Process-N` with pids
    /// 101, 102, … started by it.
    pub(crate) fn with_children(n: i32) -> Run {
        let mut run = Run::default();
        run.ev(99, EventKind::RunStarted { version: 1, lesson: "demo".into(), runner: 99, seed: 0 });
        run.ev(MAIN, started("MainProcess", 99, false));
        for i in 1..=n {
            run.ev(MAIN + i, started(&format!("Process-{i}"), MAIN, false));
        }
        run
    }

    pub(crate) fn create(&mut self, name: &str, kind: ObjectKind, value: i64, capacity: i64) -> &mut Self {
        self.ev(
            MAIN,
            EventKind::Created { object: name.into(), object_kind: kind, value, capacity, py_line: 3, manager: None },
        )
    }

    pub(crate) fn world(&self) -> World {
        World::from_events(&self.events)
    }
}

pub(crate) fn started(name: &str, ppid: i32, daemon: bool) -> EventKind {
    EventKind::Started { name: name.into(), ppid, script: "worker".into(), daemon, slot: 0 }
}

fn acquired(object: &str) -> EventKind {
    EventKind::Acquired { object: object.into() }
}

fn released(object: &str) -> EventKind {
    EventKind::Released { object: object.into() }
}

fn waiting(object: &str, op: WaitOp) -> EventKind {
    EventKind::Waiting { object: object.into(), op, timed: false }
}

fn s(text: &str) -> Value {
    Value::Str(text.into())
}

fn lock_state(world: &World, name: &str) -> (Option<i32>, u32, Vec<i32>) {
    match &world.object(name).expect("object exists").state {
        ObjState::Lock { owner, depth, waiters } => (*owner, *depth, waiters.clone()),
        other => panic!("not a lock: {other:?}"),
    }
}

fn queue_items(world: &World, name: &str) -> Vec<Value> {
    world.queue_items(name).expect("a queue")
}

#[test]
fn lock_owner_and_waiters_follow_acquire_and_release() {
    let mut run = Run::with_children(2);
    run.create("lock", ObjectKind::Lock, 1, 1);
    run.ev(101, acquired("lock")).ev(102, waiting("lock", WaitOp::Acquire));
    let w = run.world();
    assert_eq!(lock_state(&w, "lock"), (Some(101), 1, vec![102]));
    assert_eq!(
        w.proc_by_pid(102).map(|p| &p.state),
        Some(&ProcState::Blocked { object: "lock".into(), op: WaitOp::Acquire })
    );
    assert_eq!(w.proc_by_pid(101).map(|p| p.holds.clone()), Some(vec![crate::event::Name::from("lock")]));

    run.ev(101, released("lock")).ev(102, acquired("lock"));
    let w = run.world();
    assert_eq!(lock_state(&w, "lock"), (Some(102), 1, vec![]));
    assert_eq!(w.proc_by_pid(102).map(|p| &p.state), Some(&ProcState::Running));
    assert!(w.proc_by_pid(101).is_some_and(|p| p.holds.is_empty()));
    let lock = w.object("lock").expect("lock");
    assert_eq!((lock.max_holders, lock.max_waiters), (1, 1));
    assert!(w.anomalies.is_empty(), "{:?}", w.anomalies);
}

#[test]
fn a_second_owner_of_a_lock_is_an_anomaly() {
    let mut run = Run::with_children(2);
    run.create("lock", ObjectKind::Lock, 1, 1);
    run.ev(101, acquired("lock")).ev(102, acquired("lock"));
    assert_eq!(run.world().anomalies.len(), 1);
}

#[test]
fn an_rlock_counts_nested_acquires_and_is_held_once() {
    let mut run = Run::with_children(1);
    run.create("r", ObjectKind::RLock, 1, 1);
    run.ev(101, acquired("r")).ev(101, acquired("r"));
    let w = run.world();
    assert_eq!(lock_state(&w, "r"), (Some(101), 2, vec![]));
    assert_eq!(w.proc_by_pid(101).map(|p| p.holds.len()), Some(1));
    run.ev(101, released("r"));
    assert_eq!(lock_state(&run.world(), "r"), (Some(101), 1, vec![]));
    run.ev(101, released("r"));
    let w = run.world();
    assert_eq!(lock_state(&w, "r"), (None, 0, vec![]));
    assert!(w.proc_by_pid(101).is_some_and(|p| p.holds.is_empty()));
}

#[test]
fn semaphore_never_goes_below_zero_with_5_slots_and_8_waiters() {
    let mut run = Run::with_children(8);
    run.create("sem", ObjectKind::Semaphore, 5, 5);
    for pid in 101..=105 {
        run.ev(pid, acquired("sem"));
    }
    for pid in 106..=108 {
        run.ev(pid, waiting("sem", WaitOp::Acquire));
    }
    for (leaver, next) in [(101, 106), (102, 107), (103, 108)] {
        run.ev(leaver, released("sem")).ev(next, acquired("sem"));
    }
    for pid in [104, 105, 106, 107, 108] {
        run.ev(pid, released("sem"));
    }
    let mut w = World::default();
    for ev in &run.events {
        w.apply(ev);
        if let Some(ObjState::Semaphore { value, .. }) = w.object("sem").map(|o| &o.state) {
            assert!(*value >= 0, "value {value} after {ev:?}");
        }
    }
    let sem = w.object("sem").expect("sem");
    assert_eq!(sem.state, ObjState::Semaphore { value: 5, max: 5, holders: vec![], waiters: vec![] });
    assert_eq!((sem.max_holders, sem.max_waiters), (5, 3));
    assert!(w.anomalies.is_empty(), "{:?}", w.anomalies);
}

#[test]
fn queue_keeps_items_in_order_and_notes_an_out_of_order_get() {
    let mut run = Run::with_children(2);
    run.create("q", ObjectKind::Queue, 0, 2);
    run.ev(102, waiting("q", WaitOp::Get));
    for item in ["a", "b", "c"] {
        run.ev(101, EventKind::Put { object: "q".into(), item: s(item) });
    }
    run.ev(102, EventKind::Got { object: "q".into(), item: s("a") });
    let w = run.world();
    assert_eq!(queue_items(&w, "q"), vec![s("b"), s("c")]);
    assert!(w.anomalies.is_empty());
    assert_eq!(w.proc_by_pid(102).map(|p| &p.state), Some(&ProcState::Running));

    run.ev(102, EventKind::Got { object: "q".into(), item: s("c") });
    let w = run.world();
    assert_eq!(queue_items(&w, "q"), vec![s("b")]);
    assert_eq!(w.anomalies.len(), 1);
    assert!(w.anomalies[0].starts_with("mismatch"), "{}", w.anomalies[0]);
}

#[test]
fn queue_put_and_get_waiters_are_kept_apart() {
    let mut run = Run::with_children(2);
    run.create("q", ObjectKind::Queue, 0, 1);
    run.ev(101, waiting("q", WaitOp::Put)).ev(102, waiting("q", WaitOp::Get));
    let w = run.world();
    let Some(ObjState::Queue { getters, putters, maxsize, .. }) = w.object("q").map(|o| &o.state) else {
        panic!("a queue")
    };
    assert_eq!((getters.clone(), putters.clone(), *maxsize), (vec![102], vec![101], 1));
    assert_eq!(w.object("q").map(|o| o.max_waiters), Some(2));
}

#[test]
fn a_process_whose_feeder_waited_for_room_then_waits_on_what_it_blocks_on_alone() {
    let mut run = Run::with_children(2);
    run.create("q", ObjectKind::Queue, 0, 0);
    run.ev(101, waiting("q", WaitOp::Feed)).ev(101, waiting("Process-2", WaitOp::Join));
    // Joins wait on no object: one after another leaves no object to clean up.
    run.ev(MAIN, waiting("Process-1", WaitOp::Join)).ev(MAIN, waiting("Process-2", WaitOp::Join));
    let w = run.world();
    assert!(w.anomalies.is_empty(), "{:?}", w.anomalies);
    let Some(ObjState::Queue { putters, .. }) = w.object("q").map(|o| &o.state) else { panic!("a queue") };
    assert!(putters.is_empty(), "{putters:?}");
    let state = w.proc_by_pid(101).map(|p| p.state.clone());
    assert_eq!(state, Some(ProcState::Blocked { object: "Process-2".into(), op: WaitOp::Join }));
}

#[test]
fn joinable_queue_counts_unfinished_tasks_until_join_returns() {
    let mut run = Run::with_children(1);
    run.create("jq", ObjectKind::JoinableQueue, 0, 0);
    let unfinished = |w: &World| match w.object("jq").map(|o| &o.state) {
        Some(ObjState::Queue { unfinished, joiners, .. }) => (*unfinished, joiners.clone()),
        other => panic!("not a queue: {other:?}"),
    };
    run.ev(MAIN, EventKind::Put { object: "jq".into(), item: Value::Int(1) });
    run.ev(MAIN, EventKind::Put { object: "jq".into(), item: Value::Int(2) });
    run.ev(MAIN, waiting("jq", WaitOp::QueueJoin));
    run.ev(101, EventKind::Got { object: "jq".into(), item: Value::Int(1) });
    run.ev(101, EventKind::TaskDone { object: "jq".into() });
    assert_eq!(unfinished(&run.world()), (Some(1), vec![MAIN]));
    run.ev(101, EventKind::Got { object: "jq".into(), item: Value::Int(2) });
    run.ev(101, EventKind::TaskDone { object: "jq".into() });
    run.ev(MAIN, EventKind::QueueJoined { object: "jq".into() });
    let w = run.world();
    assert_eq!(unfinished(&w), (Some(0), vec![]));
    assert_eq!(w.proc_by_pid(MAIN).map(|p| &p.state), Some(&ProcState::Running));

    run.ev(101, EventKind::TaskDone { object: "jq".into() });
    assert_eq!(run.world().anomalies.len(), 1, "task_done() once too often");
}

#[test]
fn a_child_is_a_zombie_until_reaped() {
    let mut run = Run::with_children(1);
    run.ev(101, EventKind::Exiting { code: 0 });
    let w = run.world();
    assert_eq!(w.proc_by_pid(101).map(|p| &p.state), Some(&ProcState::Zombie { code: Some(0) }));
    assert_eq!(w.live_pids(), vec![MAIN, 101]);

    run.ev(MAIN, EventKind::Reaped { child: 101, exitcode: 0 });
    let w = run.world();
    let p = w.proc_by_name("Process-1").expect("child");
    assert_eq!((&p.state, p.exitcode), (&ProcState::Exited { code: 0 }, Some(0)));
    let states: Vec<&ProcState> = p.history.iter().map(|(_, s)| s).collect();
    assert_eq!(states, [&ProcState::Running, &ProcState::Zombie { code: Some(0) }, &ProcState::Exited { code: 0 }]);
    assert_eq!(p.ended_t_ns, Some(3_000_000));
    assert_eq!(w.live_pids(), vec![MAIN]);
}

#[test]
fn the_kernel_seeing_z_makes_a_zombie_without_an_exit_event() {
    let mut run = Run::with_children(1);
    run.ev(101, waiting("q", WaitOp::Get));
    run.ev(101, EventKind::Kernel { state: 'Z', wchan: String::new() });
    let p = run.world().proc_by_pid(101).cloned().expect("child");
    assert_eq!(p.state, ProcState::Zombie { code: None });
    assert_eq!(p.kernel, Some(Kernel { state: 'Z', wchan: String::new() }));
    assert_eq!(p.waiting, None);
}

#[test]
fn a_child_killed_by_sigterm_is_killed_by_signal_15() {
    let mut run = Run::with_children(1);
    run.ev(MAIN, EventKind::Signalled { target: 101, signal: 15 });
    run.ev(MAIN, EventKind::Reaped { child: 101, exitcode: -15 });
    let p = run.world().proc_by_pid(101).cloned().expect("child");
    assert_eq!((p.state, p.exitcode), (ProcState::Killed { signal: 15 }, Some(-15)));
}

#[test]
fn a_reaped_process_leaves_every_waiter_list() {
    let mut run = Run::with_children(2);
    run.create("lock", ObjectKind::Lock, 1, 1);
    run.ev(101, acquired("lock")).ev(102, waiting("lock", WaitOp::Acquire));
    run.ev(99, EventKind::Reaped { child: 102, exitcode: -9 });
    let w = run.world();
    assert_eq!(lock_state(&w, "lock"), (Some(101), 1, vec![]));
    assert_eq!(w.proc_by_pid(102).map(|p| p.waiting.clone()), Some(None));
}

#[test]
fn a_parent_joining_a_child_runs_again_once_the_child_is_reaped() {
    let mut run = Run::with_children(1);
    run.ev(MAIN, waiting("Process-1", WaitOp::Join));
    assert_eq!(
        run.world().proc_by_pid(MAIN).map(|p| p.state.clone()),
        Some(ProcState::Blocked { object: "Process-1".into(), op: WaitOp::Join })
    );
    assert!(run.world().anomalies.is_empty(), "a join is not on an object");
    run.ev(101, EventKind::Exiting { code: 0 }).ev(MAIN, EventKind::Reaped { child: 101, exitcode: 0 });
    assert_eq!(run.world().proc_by_pid(MAIN).map(|p| p.state.clone()), Some(ProcState::Running));
}

#[test]
fn sleeping_lasts_until_the_next_step_and_gates_until_any_progress() {
    let mut run = Run::with_children(1);
    run.ev(101, EventKind::AtStep { line: 7 }).ev(101, EventKind::Gated);
    let p = run.world().proc_by_pid(101).cloned().expect("child");
    assert_eq!((p.line, p.gated), (Some(7), true));
    run.ev(101, EventKind::Sleeping { ms: 100 });
    let p = run.world().proc_by_pid(101).cloned().expect("child");
    assert_eq!((p.state, p.gated), (ProcState::Sleeping { ms: 100 }, false));
    run.ev(101, EventKind::AtStep { line: 8 });
    assert_eq!(run.world().proc_by_pid(101).map(|p| p.state.clone()), Some(ProcState::Running));
}

#[test]
fn gave_up_waiting_runs_again_and_leaves_the_list() {
    let mut run = Run::with_children(1);
    run.create("lock", ObjectKind::Lock, 1, 1);
    run.ev(MAIN, acquired("lock")).ev(101, waiting("lock", WaitOp::Acquire));
    run.ev(101, EventKind::GaveUp { object: "lock".into(), op: WaitOp::Acquire, why: GiveUp::TimedOut });
    let w = run.world();
    assert_eq!(lock_state(&w, "lock"), (Some(MAIN), 1, vec![]));
    assert_eq!(w.proc_by_pid(101).map(|p| p.state.clone()), Some(ProcState::Running));
}

#[test]
fn prints_and_uncaught_errors_become_output_lines() {
    let mut run = Run::with_children(1);
    run.ev(101, EventKind::Printed { text: "hello".into() });
    let error = "daemonic processes are not allowed to have children";
    run.ev(101, EventKind::Raised { error: "AssertionError".into(), message: error.into(), line: 5, caught: false });
    run.ev(MAIN, EventKind::Raised { error: "ValueError".into(), message: String::new(), line: 9, caught: false });
    run.ev(MAIN, EventKind::Raised { error: "Empty".into(), message: String::new(), line: 9, caught: true });
    let w = run.world();
    let lines: Vec<(&str, &str, bool)> =
        w.output.iter().map(|l| (l.name.as_str(), l.text.as_str(), l.is_error)).collect();
    assert_eq!(
        lines,
        [
            ("Process-1", "hello", false),
            (
                "Process-1",
                "Process Process-1: AssertionError: daemonic processes are not allowed to have children",
                true
            ),
            ("MainProcess", "ValueError", true),
        ]
    );
    assert_eq!(w.printed_count("hello"), 1);
}

#[test]
fn text_a_flush_left_unfinished_goes_on_on_its_line_whoever_prints_next_and_an_error_starts_its_own() {
    let mut run = Run::with_children(1);
    run.ev(MAIN, EventKind::PrintedPart { text: "parent says ".into() });
    run.ev(101, EventKind::Printed { text: "child".into() });
    run.ev(101, EventKind::PrintedPart { text: "unfinished".into() });
    run.ev(101, EventKind::Raised { error: "ValueError".into(), message: "x".into(), line: 3, caught: false });
    run.ev(MAIN, EventKind::PrintedPart { text: "done".into() });
    let w = run.world();
    let lines: Vec<(&str, &str, bool, bool)> =
        w.output.iter().map(|l| (l.name.as_str(), l.text.as_str(), l.is_error, l.open)).collect();
    assert_eq!(
        lines,
        [
            ("MainProcess", "parent says child", false, false),
            ("Process-1", "unfinished", false, false),
            ("Process-1", "Process Process-1: ValueError: x", true, false),
            ("MainProcess", "done", false, true),
        ]
    );
    assert_eq!((w.printed_count("parent says child"), w.printed_count("child")), (1, 0));
}

#[test]
fn a_pipe_end_is_open_in_its_creator_in_every_child_forked_after_and_until_closed_or_ended() {
    let mut run = Run::with_children(1);
    run.create("pipe", ObjectKind::Pipe, 1, 0);
    run.ev(MAIN + 2, started("Process-2", MAIN, false));
    run.ev(MAIN + 2, EventKind::Closed { object: "pipe".into(), end: "pipe[1]".into() });
    run.ev(MAIN, EventKind::Closed { object: "pipe".into(), end: "pipe[0]".into() });
    let holders = |w: &World| match w.object("pipe").map(|o| o.state.clone()) {
        Some(ObjState::Pipe { holders, .. }) => holders,
        other => panic!("{other:?}"),
    };
    let w = run.world();
    // Process-1 was forked before the pipe existed: it has no copy.
    assert_eq!(holders(&w)["pipe[0]"], [MAIN + 2]);
    assert_eq!(holders(&w)["pipe[1]"], [MAIN]);
    run.ev(MAIN + 2, EventKind::Exiting { code: 0 });
    assert!(holders(&run.world())["pipe[0]"].is_empty(), "an ended process closed all its copies");
}

#[test]
fn events_values_and_files_hold_what_was_last_written() {
    let mut run = Run::with_children(1);
    run.create("e", ObjectKind::Event, 0, 0).create("v", ObjectKind::Value, 10, 0);
    run.ev(101, waiting("e", WaitOp::Wait)).ev(MAIN, EventKind::EventSet { object: "e".into() });
    run.ev(101, EventKind::EventWoke { object: "e".into() });
    run.ev(101, EventKind::ValueWritten { object: "v".into(), index: None, value: Value::Float(1.5) });
    run.ev(101, EventKind::FileChanged { object: "db.txt".into(), content: r#"{"count": 0}"#.into(), cut: false });
    let w = run.world();
    let state = |name: &str| w.object(name).map(|o| o.state.clone());
    assert_eq!(state("e"), Some(ObjState::Event { set: true, waiters: vec![] }));
    assert_eq!(state("v"), Some(ObjState::Value { value: Value::Float(1.5) }));
    assert_eq!(state("db.txt"), Some(ObjState::File { content: r#"{"count": 0}"#.into(), cut: false }));
    assert_eq!(w.object("e").map(|o| o.max_waiters), Some(1));
}

#[test]
fn a_pipe_delivers_messages_sent_from_the_other_end() {
    let mut run = Run::with_children(1);
    run.create("p", ObjectKind::Pipe, 0, 0);
    let sent = |end: &str, item: &str| EventKind::Sent { object: "p".into(), end: end.into(), item: s(item) };
    let received = |end: &str, item: &str| EventKind::Received { object: "p".into(), end: end.into(), item: s(item) };
    run.ev(MAIN, sent("parent", "hi")).ev(MAIN, sent("parent", "there")).ev(101, sent("child", "back"));
    run.ev(101, received("child", "hi"));
    let w = run.world();
    let outbox = match w.object("p").map(|o| &o.state) {
        Some(ObjState::Pipe { outbox, .. }) => outbox.clone(),
        other => panic!("not a pipe: {other:?}"),
    };
    assert_eq!(outbox.get("parent"), Some(&VecDeque::from([s("there")])));
    assert_eq!(outbox.get("child"), Some(&VecDeque::from([s("back")])));
    assert!(w.anomalies.is_empty(), "{:?}", w.anomalies);
}

fn audited(object: &str, audit: Audit) -> EventKind {
    EventKind::Audited { object: object.into(), audit }
}

#[test]
fn audits_that_match_the_fold_give_no_mismatch() {
    let mut run = Run::with_children(1);
    run.create("lock", ObjectKind::Lock, 1, 1).create("q", ObjectKind::JoinableQueue, 0, 0);
    run.create("p", ObjectKind::Pipe, 0, 0);
    run.ev(101, acquired("lock")).ev(101, released("lock"));
    run.ev(101, EventKind::Put { object: "q".into(), item: s("a") });
    run.ev(101, EventKind::FileChanged { object: "db".into(), content: r#"{"n": 2}"#.into(), cut: false });
    run.ev(101, EventKind::Sent { object: "p".into(), end: "a".into(), item: Value::Int(1) });
    run.ev(99, audited("lock", Audit::Semaphore { value: 1 }));
    run.ev(99, audited("q", Audit::Queue { items: vec![s("a")], unfinished: Some(1) }));
    run.ev(99, audited("db", Audit::File { content: r#"{"n": 2}"#.into() }));
    run.ev(99, audited("p", Audit::Pipe { to_first: vec![], to_second: vec![Value::Int(1)] }));
    assert_eq!(run.world().audit_mismatches(), Vec::<String>::new());
}

#[test]
fn audits_catch_the_fold_showing_more_or_less_than_reality() {
    let mut run = Run::with_children(1);
    run.create("lock", ObjectKind::Lock, 1, 1).create("q", ObjectKind::Queue, 0, 0);
    run.create("sem", ObjectKind::Semaphore, 2, 2);
    run.ev(101, acquired("lock"));
    run.ev(101, EventKind::Put { object: "q".into(), item: s("a") });
    run.ev(101, EventKind::FileChanged { object: "db".into(), content: r#"{"n": 2}"#.into(), cut: false });
    // Reality: the lock is free (the fold shows it held), the queue holds one more item than
    // shown, the semaphore one less, and the file says 3.
    run.ev(99, audited("lock", Audit::Semaphore { value: 1 }));
    run.ev(99, audited("q", Audit::Queue { items: vec![s("a"), s("b")], unfinished: None }));
    run.ev(99, audited("sem", Audit::Semaphore { value: 1 }));
    run.ev(99, audited("db", Audit::File { content: r#"{"n": 3}"#.into() }));
    run.ev(99, audited("ghost", Audit::Value { value: Value::Int(0) }));
    let mismatches = run.world().audit_mismatches();
    assert_eq!(mismatches.len(), 5, "{mismatches:#?}");
    assert!(mismatches.contains(&"Queue 'q': items shown ['a'], real ['a', 'b']".to_string()), "{mismatches:#?}");
    assert!(
        mismatches.contains(&r#"File 'db': content shown "{\"n\": 2}", real "{\"n\": 3}""#.to_string()),
        "{mismatches:#?}"
    );
}

#[test]
fn a_file_appears_at_its_first_change_and_shows_each_content_in_turn() {
    let mut run = Run::with_children(2);
    let changed =
        |content: &str| EventKind::FileChanged { object: "db.txt".into(), content: content.into(), cut: false };
    run.ev(MAIN, changed(r#"{"count": 1}"#));
    let seen = |run: &Run| run.world().object("db.txt").map(|o| (o.kind, o.state.clone()));
    let file = |content: &str| Some((ObjectKind::File, ObjState::File { content: content.into(), cut: false }));
    assert_eq!(seen(&run), file(r#"{"count": 1}"#));
    run.ev(101, changed(""));
    assert_eq!(seen(&run), file(""));
    run.ev(101, changed(r#"{"count": 0}"#));
    assert_eq!(seen(&run), file(r#"{"count": 0}"#));
    let w = run.world();
    assert_eq!(w.objects.iter().filter(|o| o.name == "db.txt").count(), 1, "one object per file");
    assert!(w.anomalies.is_empty(), "{:?}", w.anomalies);
}

#[test]
fn a_put_reported_in_the_lane_of_a_process_blocked_in_a_join_leaves_it_blocked() {
    // CPython: the main process's queue feeder thread writes the item while the main thread
    // already waits to join a child.
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0);
    run.ev(MAIN, waiting("Process-1", WaitOp::Join));
    run.ev(MAIN, EventKind::Put { object: "q".into(), item: Value::None });
    let world = run.world();
    let main = world.proc_by_pid(MAIN).expect("the main process");
    assert!(matches!(&main.state, ProcState::Blocked { object, op: WaitOp::Join } if object == "Process-1"));
    assert!(matches!(&world.object("q").map(|o| &o.state), Some(ObjState::Queue { items, .. }) if items.len() == 1));
}

fn feeding(world: &World, name: &str) -> Vec<(i32, Value)> {
    match &world.object(name).expect("object exists").state {
        ObjState::Queue { feeding, .. } => feeding.iter().cloned().collect(),
        other => panic!("not a queue: {other:?}"),
    }
}

#[test]
fn an_item_in_a_feeder_is_counted_but_not_in_the_queue_until_the_feeder_writes_it() {
    let mut run = Run::with_children(1);
    run.create("jq", ObjectKind::JoinableQueue, 0, 0);
    run.ev(MAIN, EventKind::Fed { object: "jq".into(), item: s("a") });
    run.ev(MAIN, EventKind::Fed { object: "jq".into(), item: s("b") });
    let world = run.world();
    assert_eq!(queue_items(&world, "jq"), Vec::<Value>::new());
    assert_eq!(feeding(&world, "jq"), vec![(MAIN, s("a")), (MAIN, s("b"))]);
    assert!(matches!(world.object("jq").map(|o| &o.state), Some(ObjState::Queue { unfinished: Some(2), .. })));
    run.ev(MAIN, EventKind::Put { object: "jq".into(), item: s("a") });
    let world = run.world();
    assert_eq!(queue_items(&world, "jq"), vec![s("a")]);
    assert_eq!(feeding(&world, "jq"), vec![(MAIN, s("b"))]);
    // Written by the feeder: the put() was counted when it was fed, not again.
    assert!(matches!(world.object("jq").map(|o| &o.state), Some(ObjState::Queue { unfinished: Some(2), .. })));
    assert!(world.anomalies.is_empty(), "{:?}", world.anomalies);
}

#[test]
fn a_feeder_writing_while_its_process_waits_to_get_leaves_it_waiting() {
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0);
    run.ev(MAIN, EventKind::Fed { object: "q".into(), item: s("a") });
    run.ev(MAIN, waiting("q", WaitOp::Get));
    run.ev(MAIN, EventKind::Put { object: "q".into(), item: s("a") });
    let world = run.world();
    assert!(matches!(&world.proc_by_pid(MAIN).expect("main").state, ProcState::Blocked { .. }));
    run.ev(MAIN, EventKind::Got { object: "q".into(), item: s("a") });
    let world = run.world();
    assert!(!matches!(&world.proc_by_pid(MAIN).expect("main").state, ProcState::Blocked { .. }));
    assert!(world.anomalies.is_empty(), "{:?}", world.anomalies);
}

#[test]
fn what_a_killed_process_held_in_its_feeder_never_reaches_the_queue() {
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0);
    run.ev(101, EventKind::Fed { object: "q".into(), item: s("a") });
    run.ev(MAIN, EventKind::Reaped { child: 101, exitcode: -9 });
    run.ev(99, audited("q", Audit::Queue { items: vec![], unfinished: None }));
    let world = run.world();
    assert_eq!(feeding(&world, "q"), Vec::<(i32, Value)>::new());
    assert_eq!(world.audit_mismatches(), Vec::<String>::new());
}

#[test]
fn a_feeder_writing_another_item_than_it_holds_is_noted() {
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0);
    run.ev(101, EventKind::Fed { object: "q".into(), item: s("a") });
    run.ev(101, EventKind::Put { object: "q".into(), item: s("b") });
    let world = run.world();
    assert_eq!(world.anomalies.len(), 1, "{:?}", world.anomalies);
}
