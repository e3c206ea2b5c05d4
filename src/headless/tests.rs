//! Trace lines and summaries of hand-built runs, compared as exact text: the headless output
//! is what integration tests and students read, so its layout is pinned here.

use super::*;
use crate::event::RunOutcome;

const MAIN: i32 = 12345;
const P1: i32 = 12346;
const P2: i32 = 12347;

/// Applies events one by one and keeps the trace line of each (verbose or not).
struct Run {
    world: World,
    seq: u64,
}

impl Run {
    fn new() -> Run {
        let mut run = Run { world: World::default(), seq: 0 };
        run.at(0, 99, EventKind::RunStarted { version: 1, lesson: "lock-tickets".into(), runner: 99, seed: 0 });
        run.at(0, MAIN, started("MainProcess", 99));
        run.at(1, P1, started("Process-1", MAIN));
        run.at(1, P2, started("Process-2", MAIN));
        run.at(1, MAIN, created("lock", ObjectKind::Lock, 1));
        run
    }

    /// Applies an event at `ms` and returns its normal trace line.
    fn at(&mut self, ms: u64, pid: i32, kind: EventKind) -> Option<String> {
        self.at_with(ms, pid, kind, Detail::Normal)
    }

    fn at_with(&mut self, ms: u64, pid: i32, kind: EventKind, detail: Detail) -> Option<String> {
        let ev = Event { seq: self.seq, sub: 0, t_ns: ms * 1_000_000, pid, kind };
        self.seq += 1;
        self.world.apply(&ev);
        trace_line(&self.world, &ev, detail, Lang::En)
    }
}

fn started(name: &str, ppid: i32) -> EventKind {
    EventKind::Started { name: name.into(), ppid, script: "buy".into(), daemon: false, slot: 0 }
}

fn created(name: &str, kind: ObjectKind, value: i64) -> EventKind {
    EventKind::Created { object: name.into(), object_kind: kind, value, capacity: value, py_line: 3, manager: None }
}

fn line(n: u32) -> EventKind {
    EventKind::AtStep { line: n }
}

#[test]
fn a_print_shows_time_pid_name_line_and_text() {
    let mut run = Run::new();
    assert_eq!(run.at(11, P1, line(6)), None);
    let printed = run.at(12, P1, EventKind::Printed { text: "剩余票数1".into() });
    assert_eq!(printed.as_deref(), Some("  0.012s  12346 Process-1   L6  print  剩余票数1"));
}

#[test]
fn a_wait_for_a_lock_names_its_owner() {
    let mut run = Run::new();
    run.at(2, P2, line(12));
    run.at(2, P2, EventKind::Acquired { object: "lock".into() });
    run.at(13, P1, line(13));
    let waits = run.at(13, P1, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    assert_eq!(waits.as_deref(), Some("  0.013s  12346 Process-1   L13 waits for Lock 'lock' (owner 12347 Process-2)"));
}

#[test]
fn a_reap_by_signal_names_the_signal() {
    let mut run = Run::new();
    run.at(100, MAIN, line(18));
    let sent = run.at(100, MAIN, EventKind::Signalled { target: P1, signal: 15 });
    assert_eq!(sent.as_deref(), Some("  0.100s  12345 MainProcess L18 sends SIGTERM to Process-1 (12346)"));
    let reaped = run.at(301, MAIN, EventKind::Reaped { child: P1, exitcode: -15 });
    assert_eq!(
        reaped.as_deref(),
        Some("  0.301s  12345 MainProcess L18 reaped Process-1 (12346): exitcode -15 SIGTERM")
    );
}

#[test]
fn steps_gates_and_kernel_samples_show_only_when_verbose() {
    let mut run = Run::new();
    let kernel = || EventKind::Kernel { state: 'S', wchan: "futex_do_wait".into() };
    assert_eq!(run.at(2, P1, line(6)), None);
    assert_eq!(run.at(2, P1, EventKind::Gated), None);
    assert_eq!(run.at(2, P1, kernel()), None);
    let verbose = |run: &mut Run, kind| run.at_with(3, P1, kind, Detail::Verbose);
    assert_eq!(verbose(&mut run, line(7)).as_deref(), Some("  0.003s  12346 Process-1   L7  step at line 7"));
    assert_eq!(
        verbose(&mut run, EventKind::Gated).as_deref(),
        Some("  0.003s  12346 Process-1   L7  held at its gate")
    );
    assert_eq!(verbose(&mut run, kernel()).as_deref(), Some("  0.003s  12346 Process-1   L7  kernel: S futex_do_wait"));
    let zombie = EventKind::Kernel { state: 'Z', wchan: String::new() };
    assert_eq!(verbose(&mut run, zombie).as_deref(), Some("  0.003s  12346 Process-1   L7  kernel: Z"));
}

#[test]
fn the_runner_and_run_level_events_have_lines_without_trailing_spaces() {
    let mut run = Run::new();
    let lost = run.at(5, 99, EventKind::Lost { from: 7, to: 9 });
    assert_eq!(
        lost.as_deref(),
        Some("  0.005s     99 runner          events 7..=9 were lost (their writer was killed)")
    );
    let ended = run.at(1234, 99, EventKind::RunEnded { outcome: RunOutcome::Finished });
    assert_eq!(ended.as_deref(), Some("  1.234s     99 runner          run ended: finished"));
    let print = run.at(1300, P1, EventKind::Printed { text: "trailing  ".into() });
    assert_eq!(print.as_deref(), Some("  1.300s  12346 Process-1       print  trailing"));
}

#[test]
fn queue_and_semaphore_lines_show_the_state_after_the_event() {
    let mut run = Run::new();
    run.at(2, MAIN, created("sem", ObjectKind::Semaphore, 5));
    run.at(
        2,
        MAIN,
        EventKind::Created {
            object: "q".into(),
            object_kind: ObjectKind::Queue,
            value: 0,
            capacity: 2,
            py_line: 4,
            manager: None,
        },
    );
    let acquired = run.at(3, P1, EventKind::Acquired { object: "sem".into() });
    assert!(acquired.is_some_and(|l| l.ends_with("acquired Semaphore 'sem' (value 4 of 5)")));
    let put = run.at(4, P1, EventKind::Put { object: "q".into(), item: Value::Str("包子0".into()) });
    assert!(put.is_some_and(|l| l.ends_with("put '包子0' into Queue 'q' (1 item)")));
    let got = run.at(5, P2, EventKind::Got { object: "q".into(), item: Value::Str("包子0".into()) });
    assert!(got.is_some_and(|l| l.ends_with("got '包子0' from Queue 'q' (0 items)")));
}

#[test]
fn a_wait_inside_a_pool_call_waits_for_results() {
    let mut run = Run::new();
    let queue = |name: &str| EventKind::Created {
        object: name.into(),
        object_kind: ObjectKind::Queue,
        value: 0,
        capacity: 0,
        py_line: 16,
        manager: None,
    };
    run.at(2, MAIN, queue("po.tasks"));
    run.at(2, MAIN, queue("po.results"));
    run.at(3, MAIN, line(22));
    let waits = run.at(3, MAIN, EventKind::Waiting { object: "po.results".into(), op: WaitOp::Get, timed: false });
    assert_eq!(waits.as_deref(), Some("  0.003s  12345 MainProcess L22 waits for results from po.results"));
    assert!(
        final_state(&run.world, Lang::En)
            .contains("MainProcess  pid 12345  parent 99  waiting for results from po.results")
    );
}

#[test]
fn the_summary_shows_a_failed_exit_with_its_exception_and_a_kill_with_its_number() {
    let mut run = Run::new();
    let raised = EventKind::Raised { error: "AssertionError".into(), message: String::new(), line: 9, caught: false };
    run.at(2, P1, raised);
    run.at(2, P1, EventKind::Exiting { code: 1 });
    run.at(3, MAIN, EventKind::Reaped { child: P1, exitcode: 1 });
    run.at(4, MAIN, EventKind::Reaped { child: P2, exitcode: -15 });
    let summary = final_state(&run.world, Lang::En);
    assert!(summary.contains("Process-1    pid 12346  parent 12345  exit 1 AssertionError, exitcode 1"), "{summary}");
    assert!(summary.contains("Process-2    pid 12347  parent 12345  killed: -15 SIGTERM, exitcode -15"), "{summary}");
}

#[test]
fn the_first_line_names_the_seed_and_how_to_draw_the_same_sleeps_again() {
    assert_eq!(seed_line(482_913, Lang::En), "seed 482913 (--seed 482913 draws the same random sleeps again)");
    assert_eq!(seeds_line(5, 14, Lang::En), "seeds 5 to 14 (--seed 5 draws the same ones again)");
    assert!(seed_line(7, Lang::Zh).contains("--seed 7"));
}

#[test]
fn json_lines_are_the_wire_format_on_one_line() {
    let ev = Event { seq: 3, sub: 0, t_ns: 5, pid: P1, kind: EventKind::Printed { text: "a\nb".into() } };
    let line = json_line(&ev);
    assert!(!line.contains('\n'));
    assert_eq!(line, r#"{"seq":3,"t_ns":5,"pid":12346,"kind":"printed","text":"a\nb"}"#);
    assert_eq!(serde_json::from_str::<Event>(&line).ok(), Some(ev));
}

#[test]
fn the_final_state_lists_processes_objects_output_and_audit() {
    let mut run = Run::new();
    run.at(
        2,
        MAIN,
        EventKind::Created {
            object: "q".into(),
            object_kind: ObjectKind::JoinableQueue,
            value: 0,
            capacity: 0,
            py_line: 4,
            manager: None,
        },
    );
    run.at(2, MAIN, created("e", ObjectKind::Event, 0));
    run.at(3, P1, EventKind::Acquired { object: "lock".into() });
    run.at(4, P2, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    for item in ["a", "b"] {
        run.at(5, MAIN, EventKind::Put { object: "q".into(), item: Value::Str(item.into()) });
    }
    run.at(6, P1, EventKind::Printed { text: "hi".into() });
    run.at(7, MAIN, EventKind::Reaped { child: P2, exitcode: -9 });
    run.at(8, P1, EventKind::Exiting { code: 0 });
    run.at(
        9,
        99,
        EventKind::Audited { object: "q".into(), audit: Audit::Queue { items: vec![], unfinished: Some(2) } },
    );
    let expected = "\
lesson 'lock-tickets'
processes:
  MainProcess  pid 12345  parent 99  running, exitcode None
  Process-1    pid 12346  parent 12345  zombie (exited with 0, not yet joined), exitcode None
  Process-2    pid 12347  parent 12345  killed: -9 SIGKILL, exitcode -9
objects:
  Lock 'lock': held by Process-1 (12346)
  JoinableQueue 'q': [ 'a', 'b' ], 2 unfinished
  Event 'e': clear
output: 1 line printed, 0 errors
lost events: none
audit: real objects differ from what was shown:
  - JoinableQueue 'q': items shown ['a', 'b'], real []
outcome: still running
";
    assert_eq!(final_state(&run.world, Lang::En), expected);

    run.at(
        10,
        99,
        EventKind::Audited {
            object: "q".into(),
            audit: Audit::Queue { items: vec![Value::Str("a".into()), Value::Str("b".into())], unfinished: Some(2) },
        },
    );
    run.at(11, 99, EventKind::RunEnded { outcome: RunOutcome::Stopped });
    let summary = final_state(&run.world, Lang::En);
    assert!(summary.contains("audit: real objects match what was shown\n"), "{summary}");
    assert!(summary.ends_with("outcome: stopped\n"), "{summary}");
    assert!(summary.lines().all(|l| l == l.trim_end()), "{summary}");
}

#[test]
fn an_empty_world_has_a_summary_too() {
    let summary = final_state(&World::default(), Lang::En);
    assert!(summary.contains("audit: no audit received"));
    assert!(!summary.contains("objects:"));
}

#[test]
fn trace_lines_and_the_summary_speak_chinese_when_asked() {
    let mut run = Run::new();
    run.at(2, P2, EventKind::Acquired { object: "lock".into() });
    let ev = Event {
        seq: 99,
        sub: 0,
        t_ns: 13_000_000,
        pid: P1,
        kind: EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false },
    };
    run.world.apply(&ev);
    let waits = trace_line(&run.world, &ev, Detail::Normal, Lang::Zh);
    assert_eq!(waits.as_deref(), Some("  0.013s  12346 Process-1       等待 Lock 'lock'（持有者 12347 Process-2）"));
    let summary = final_state(&run.world, Lang::Zh);
    assert!(
        summary.contains("Process-1    pid 12346  父进程 12345  阻塞在 Lock 'lock' 上，退出码 None\n"),
        "{summary}"
    );
    assert!(summary.contains("Lock 'lock': 被 Process-2 (12347) 持有；等待：Process-1 (12346)\n"), "{summary}");
    assert!(summary.ends_with("结果：仍在运行\n"), "{summary}");
}

#[test]
fn a_deadlock_ends_the_trace_naming_the_cycle() {
    let mut run = Run::new();
    run.at(1, MAIN, created("other", ObjectKind::Lock, 1));
    run.at(2, P1, EventKind::Acquired { object: "lock".into() });
    run.at(2, P2, EventKind::Acquired { object: "other".into() });
    run.at(3, P1, EventKind::Waiting { object: "other".into(), op: WaitOp::Acquire, timed: false });
    run.at(3, P2, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    let cycle = crate::trace::deadlock::find_cycle(&run.world).expect("a cycle");
    let ended = run.at(4, 99, EventKind::RunEnded { outcome: RunOutcome::Deadlocked { cycle } });
    assert_eq!(
        ended.as_deref(),
        Some(
            "  0.004s     99 runner          run ended: deadlocked: Process-1 holds lock and waits for other, \
             held by Process-2, which waits for lock, held by Process-1"
        )
    );
    let summary = final_state(&run.world, Lang::En);
    assert!(summary.ends_with("outcome: deadlocked: Process-1 holds lock and waits for other, held by Process-2, which waits for lock, held by Process-1\n"), "{summary}");
}

#[test]
fn a_stall_ends_the_trace_with_who_waits_on_what() {
    let waits = vec![crate::event::WaitLink {
        pid: P1,
        name: "Process-1".into(),
        op: WaitOp::Get,
        object: "q".into(),
        kind: None,
    }];
    let text = describe::outcome(&RunOutcome::Stuck { waits }, Lang::En);
    assert_eq!(text, "stuck, no live process can go on: Process-1 waits to get from q");
}

#[test]
fn an_internal_error_is_a_trace_line_and_ends_the_summary_as_not_finished() {
    let mut run = Run::new();
    let error = EventKind::InternalError { message: "index out of bounds".into(), location: "src/a.rs:9".into() };
    let text = run.at(5, P1, error);
    assert_eq!(
        text.as_deref(),
        Some("  0.005s  12346 Process-1       internal error in forkbook: index out of bounds (at src/a.rs:9)")
    );
    run.at(5, P1, EventKind::Exiting { code: 70 });
    run.at(6, MAIN, EventKind::Reaped { child: P1, exitcode: 70 });
    let outcome = RunOutcome::InternalError {
        process: "Process-1".into(),
        message: "index out of bounds".into(),
        location: "src/a.rs:9".into(),
    };
    run.at(7, 99, EventKind::RunEnded { outcome });
    let summary = final_state(&run.world, Lang::En);
    assert!(summary.contains("exit 70 internal error: index out of bounds"), "{summary}");
    assert!(summary.contains("outcome: internal error: forkbook failed in Process-1"), "{summary}");
}

#[test]
fn a_file_change_shows_the_whole_file_and_an_empty_file_says_so() {
    let mut run = Run::new();
    let changed =
        |content: &str| EventKind::FileChanged { object: "db.txt".into(), content: content.into(), cut: false };
    run.at(4, P1, line(27));
    let emptied = run.at(5, P1, changed(""));
    assert_eq!(emptied.as_deref(), Some("  0.005s  12346 Process-1   L27 File 'db.txt' now holds (empty)"));
    let filled = run.at(6, P1, changed(r#"{"count": 0}"#));
    assert_eq!(filled.as_deref(), Some(r#"  0.006s  12346 Process-1   L27 File 'db.txt' now holds {"count": 0}"#));
    let summary = final_state(&run.world, Lang::En);
    assert!(summary.contains("  File 'db.txt': {\"count\": 0}\n"), "{summary}");
}

#[test]
fn a_summary_of_a_process_with_a_name_of_65536_characters_pads_no_further_than_forty_columns() {
    let mut run = Run::new();
    let long = "n".repeat(65_536);
    run.at(2, 12348, started(&long, MAIN));
    let summary = final_state(&run.world, Lang::En);
    let main_line = summary.lines().find(|l| l.contains("MainProcess")).expect("MainProcess is listed");
    assert!(main_line.starts_with(&format!("  MainProcess{}  pid", " ".repeat(40 - 11))), "{main_line}");
}

#[test]
fn control_characters_in_names_and_prints_are_shown_as_escapes() {
    let mut run = Run::new();
    run.at(2, 12348, started("evil\x1b]0;title\x07", MAIN));
    let printed = run.at(3, 12348, EventKind::Printed { text: "\x1b[2Jgone\rfake".into() }).expect("a line");
    assert_eq!(printed, "  0.003s  12348 evil\\x1b]0;title\\x07     print  \\x1b[2Jgone\\rfake");
    assert!(final_state(&run.world, Lang::En).contains("  evil\\x1b]0;title\\x07  pid 12348"));
}
