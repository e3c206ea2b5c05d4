//! Processes and runs in words, one description for both front ends: a process (`held at its
//! gate`, `exit 1 AssertionError`), a state (`blocked on Lock 'lock'`), a signal's name, an exit
//! code, a semaphore's counter, how a run ended. The words come from the catalog in the
//! student's language; the lanes, the header and banner, the `?` legend and the headless trace
//! and summary all call these, so they cannot drift apart.

use crate::event::{LimitHit, LimitKind, RunOutcome, WaitOp};
use crate::text::Lang;
use crate::trace::deadlock::{cycle_text, stall_text};
use crate::trace::{Obj, Phase, Proc, ProcState, World};

/// A process now, in words: its state, or `held at its gate` in step mode, or for a failed
/// exit the code and the uncaught exception that caused it (`exit 1 AssertionError`).
pub fn process(world: &World, p: &Proc, lang: Lang) -> String {
    match (p.phase(), &p.state) {
        (Phase::Held, _) => lang.t("process.held").to_string(),
        (Phase::Failed, ProcState::Exited { code }) if p.internal_error.is_some() => {
            let message = p.internal_error.as_deref().unwrap_or_default();
            lang.t_with("internal.process", &[("code", code), ("message", &message)])
        }
        (Phase::Failed, ProcState::Killed { signal }) if p.internal_error.is_some() => {
            let message = p.internal_error.as_deref().unwrap_or_default();
            lang.t_with("internal.process_killed", &[("exitcode", &exitcode(-signal, lang)), ("message", &message)])
        }
        (Phase::Failed, ProcState::Exited { code }) => match &p.uncaught {
            Some(error) => lang.t_with("process.failed_with", &[("code", code), ("error", &error)]),
            None => lang.t_with("process.failed", &[("code", code)]),
        },
        // After its code: the exit protocol, which the state alone would not tell apart from
        // the program's own `join()` or work.
        (_, ProcState::Blocked { object, op: WaitOp::Join }) if p.code_ended => {
            lang.t_with("process.joining_at_exit", &[("child", object)])
        }
        (_, ProcState::Running) if p.code_ended => lang.t("process.code_ended").to_string(),
        // Not the program's doing: forkbook ended the run (a deadlock, a stall, a limit, the
        // student's stop) with SIGKILL to every process still there.
        (_, ProcState::Killed { signal })
            if !p.signalled && world.ended.as_ref().is_some_and(|o| *o != RunOutcome::Finished) =>
        {
            lang.t_with("process.stopped_by_forkbook", &[("exitcode", &exitcode(-signal, lang))])
        }
        (_, state) => self::state(world, state, lang),
    }
}

/// An exception in one line: `ValueError: bad`, or for a message of several lines (CPython's
/// bootstrapping RuntimeError) its first line that says something.
pub fn error_line(error: &str, message: &str) -> String {
    match message.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(first) => format!("{error}: {first}"),
        None => error.to_string(),
    }
}

/// A process state in words: `running`, `waiting to get from Queue 'q'`, `killed: -15 SIGTERM`.
pub fn state(world: &World, state: &ProcState, lang: Lang) -> String {
    match state {
        ProcState::Running => lang.t("process.running").to_string(),
        ProcState::Sleeping { ms } => lang.t_with("process.sleeping", &[("ms", ms)]),
        ProcState::Blocked { object, op: WaitOp::Join } => lang.t_with("process.joining", &[("child", object)]),
        ProcState::Blocked { op: WaitOp::Serve, .. } => lang.t("process.serving").to_string(),
        ProcState::Blocked { object, op: WaitOp::Get } if is_pool_results(world, object) => {
            lang.t_with("process.waiting_for_results", &[("object", object)])
        }
        ProcState::Blocked { object, op } => {
            let what = &object_label(world, object);
            let key = match op {
                WaitOp::Acquire | WaitOp::Join | WaitOp::Serve => "process.blocked_on",
                WaitOp::Get => "process.waiting_to_get",
                WaitOp::Put => "process.waiting_to_put",
                WaitOp::Feed => "process.feeding",
                WaitOp::Wait => "process.waiting_to_be_set",
                WaitOp::QueueJoin => "process.waiting_all_done",
                WaitOp::Recv => "process.waiting_to_receive",
            };
            lang.t_with(key, &[("object", what)])
        }
        ProcState::Zombie { code: Some(code) } => lang.t_with("process.zombie_exited", &[("code", code)]),
        ProcState::Zombie { code: None } => lang.t("process.zombie").to_string(),
        ProcState::Exited { code } => lang.t_with("process.exited", &[("code", code)]),
        ProcState::Killed { signal } => lang.t_with("process.killed", &[("exitcode", &exitcode(-signal, lang))]),
    }
}

/// Whether `name` is the result queue of a `Pool`: the runtime names a pool's two queues
/// `<pool>.tasks` and `<pool>.results`. A process blocked getting from it waits inside a
/// Pool call (`apply`, `get`, `map`, iterating `imap`) for a worker's result.
pub fn is_pool_results(world: &World, name: &str) -> bool {
    name.strip_suffix(".results").is_some_and(|pool| world.object(&format!("{pool}.tasks")).is_some())
}

/// A phase in a few words, for the legend of symbols: `held at its gate`, `failed`.
pub fn phase(phase: Phase, lang: Lang) -> &'static str {
    lang.t(match phase {
        Phase::Running => "legend.running",
        Phase::Held => "legend.held",
        Phase::Sleeping => "legend.sleeping",
        Phase::Blocked => "legend.blocked",
        Phase::Zombie => "legend.zombie",
        Phase::Exited => "legend.exited",
        Phase::Failed => "legend.failed",
    })
}

/// `SIGTERM` for 15, or `signal 99` for a number Linux does not name.
pub fn signal_name(signal: i32, lang: Lang) -> String {
    nix::sys::signal::Signal::try_from(signal)
        .map_or_else(|_| lang.t_with("process.unnamed_signal", &[("n", &signal)]), |s| s.as_str().to_string())
}

/// An exit code as `multiprocessing` reports it, with the name of the signal beside a
/// negative one: `0`, `-15 SIGTERM`.
pub fn exitcode(code: i32, lang: Lang) -> String {
    if code < 0 {
        lang.t_with("process.exitcode_by_signal", &[("code", &code), ("signal", &signal_name(-code, lang))])
    } else {
        code.to_string()
    }
}

/// `Lock 'lock'`, or just `'lock'` for an object the world does not know.
pub fn object_label(world: &World, name: &str) -> String {
    world.object(name).map_or_else(|| format!("'{name}'"), Obj::label)
}

/// A semaphore's counter, with its bound when it has one (`value 2 of 5`, `value 7`).
pub fn counter(value: i64, max: i64, lang: Lang) -> String {
    if max < 0 {
        lang.t_with("objects.value", &[("value", &value)])
    } else {
        lang.t_with("objects.value_of", &[("value", &value), ("max", &max)])
    }
}

/// A limit that stopped a run, in words, with how to raise it where the command line can.
pub fn limit_text(hit: &LimitHit, lang: Lang) -> String {
    let key = match hit.kind {
        LimitKind::RunTime => "limit.run_time",
        LimitKind::OutputLines => "limit.output_lines",
        LimitKind::Events => "limit.events",
    };
    lang.t_with(key, &[("limit", &hit.limit)])
}

/// How a run ended, in full: `finished`, `stopped at a limit: the run took longer than …`,
/// `deadlocked: Process-1 holds a and waits for b, …`. The headless trace and summary end with
/// it, and the screen's banner shows it for every run that did not finish.
pub fn outcome(outcome: &RunOutcome, lang: Lang) -> String {
    match outcome {
        RunOutcome::Finished => lang.t("outcome.finished").to_string(),
        RunOutcome::Stopped => lang.t("outcome.stopped").to_string(),
        RunOutcome::Limit(hit) => lang.t_with("outcome.limit", &[("message", &limit_text(hit, lang))]),
        RunOutcome::Failed { message } => lang.t_with("outcome.failed", &[("message", message)]),
        RunOutcome::RunnerDied { signal } => lang.t_with("outcome.runner_died", &[("signal", signal)]),
        RunOutcome::Deadlocked { cycle } => {
            lang.t_with("deadlock.outcome_deadlocked", &[("cycle", &cycle_text(cycle, lang))])
        }
        RunOutcome::Stuck { waits } => lang.t_with("deadlock.outcome_stuck", &[("waits", &stall_text(waits, lang))]),
        RunOutcome::InternalError { process, message, location } => lang
            .t_with("internal.outcome", &[("process", process), ("error", &internal_error(message, location, lang))]),
    }
}

/// How a run ended in a word or two, for the screen's header (`deadlocked`, `stopped at a
/// limit`); the banner below it says the rest.
pub fn outcome_word(outcome: &RunOutcome, lang: Lang) -> &'static str {
    lang.t(match outcome {
        RunOutcome::Finished => "outcome.finished",
        RunOutcome::Stopped => "outcome.stopped",
        RunOutcome::Limit(_) => "outcome.word_limit",
        RunOutcome::Failed { .. } => "outcome.word_failed",
        RunOutcome::RunnerDied { .. } => "outcome.word_runner_died",
        RunOutcome::Deadlocked { .. } => "outcome.word_deadlocked",
        RunOutcome::Stuck { .. } => "outcome.word_stuck",
        RunOutcome::InternalError { .. } => "internal.word",
    })
}

/// An internal error's message with where in forkbook it happened, when that is known:
/// `index out of bounds (at src/python/eval.rs:88)`.
pub fn internal_error(message: &str, location: &str, lang: Lang) -> String {
    if location.is_empty() {
        message.to_string()
    } else {
        lang.t_with("internal.at", &[("message", &message), ("location", &location)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind, ObjectKind};

    fn world_with_queue() -> World {
        let mut world = World::default();
        let kind = EventKind::Created {
            object: "q".into(),
            object_kind: ObjectKind::Queue,
            value: 0,
            capacity: 0,
            py_line: 1,
            manager: None,
        };
        world.apply(&Event { seq: 0, sub: 0, t_ns: 0, pid: 1, kind });
        world
    }

    #[test]
    fn a_state_reads_the_same_kind_of_sentence_in_both_languages() {
        let world = world_with_queue();
        let get = ProcState::Blocked { object: "q".into(), op: WaitOp::Get };
        assert_eq!(state(&world, &get, Lang::En), "waiting to get from Queue 'q'");
        assert_eq!(state(&world, &get, Lang::Zh), "等待从 Queue 'q' 取出");
        let killed = ProcState::Killed { signal: 15 };
        assert_eq!(state(&world, &killed, Lang::En), "killed: -15 SIGTERM");
        assert_eq!(state(&world, &killed, Lang::Zh), "被杀死：-15 SIGTERM");
    }

    /// MainProcess (pid 1) and its child Process-1 (pid 2).
    fn two_processes() -> Vec<Event> {
        let started = |name: &str, ppid| EventKind::Started {
            name: name.into(),
            ppid,
            script: "main".into(),
            daemon: false,
            slot: 0,
        };
        vec![
            Event { seq: 1, sub: 0, t_ns: 1, pid: 1, kind: started("MainProcess", 0) },
            Event { seq: 2, sub: 0, t_ns: 2, pid: 2, kind: started("Process-1", 1) },
        ]
    }

    fn with(mut events: Vec<Event>, more: Vec<(i32, EventKind)>) -> World {
        for (pid, kind) in more {
            let seq = events.len() as u64 + 1;
            events.push(Event { seq, sub: 0, t_ns: seq, pid, kind });
        }
        World::from_events(&events)
    }

    #[test]
    fn a_process_held_at_its_gate_is_held_not_running() {
        let world = with(two_processes(), vec![(2, EventKind::AtStep { line: 7 }), (2, EventKind::Gated)]);
        let p = world.proc_by_pid(2).expect("child");
        assert_eq!(p.phase(), Phase::Held);
        assert_eq!(process(&world, p, Lang::En), "held at its gate");
        assert_eq!(process(&world, p, Lang::Zh), "停在闸门前");
        let main = world.proc_by_pid(1).expect("main");
        assert_eq!(process(&world, main, Lang::En), "running");
    }

    #[test]
    fn a_join_after_the_code_ended_is_the_exit_protocols_not_the_programs() {
        let join = || EventKind::Waiting { object: "Process-1".into(), op: WaitOp::Join, timed: false };
        let in_code = with(two_processes(), vec![(1, EventKind::AtStep { line: 9 }), (1, join())]);
        let main = in_code.proc_by_pid(1).expect("main");
        assert_eq!(process(&in_code, main, Lang::En), "joining Process-1");
        assert_eq!(main.line, Some(9));
        let ended =
            with(two_processes(), vec![(1, EventKind::AtStep { line: 9 }), (1, EventKind::CodeEnded), (1, join())]);
        let main = ended.proc_by_pid(1).expect("main");
        assert_eq!(process(&ended, main, Lang::En), "code ended, joining Process-1");
        assert_eq!(process(&ended, main, Lang::Zh), "代码已结束，等 Process-1 结束");
        assert_eq!(main.line, None, "no line of the program is running any more");
        let exiting = with(two_processes(), vec![(2, EventKind::CodeEnded)]);
        assert_eq!(process(&exiting, exiting.proc_by_pid(2).expect("child"), Lang::En), "code ended, exiting");
    }

    #[test]
    fn a_kill_that_ended_the_run_is_forkbooks_and_a_terminate_is_the_programs() {
        let terminated = vec![
            (1, EventKind::Signalled { target: 2, signal: 15 }),
            (1, EventKind::Reaped { child: 2, exitcode: -15 }),
        ];
        let stuck = RunOutcome::Stuck { waits: Vec::new() };
        let mut events = terminated.clone();
        events.push((0, EventKind::RunEnded { outcome: stuck }));
        let world = with(two_processes(), events);
        let (main, child) = (world.proc_by_pid(1).expect("main"), world.proc_by_pid(2).expect("child"));
        assert_eq!(process(&world, main, Lang::En), "stopped by forkbook (-9 SIGKILL)");
        assert_eq!(process(&world, main, Lang::Zh), "被 forkbook 停止（-9 SIGKILL）");
        assert_eq!(process(&world, child, Lang::En), "killed: -15 SIGTERM", "the program terminated it");
        let finished = with(two_processes(), terminated);
        assert_eq!(process(&finished, finished.proc_by_pid(2).expect("child"), Lang::En), "killed: -15 SIGTERM");
    }

    #[test]
    fn a_failed_exit_shows_its_code_and_the_exception_that_caused_it() {
        let raised =
            EventKind::Raised { error: "AssertionError".into(), message: "boom".into(), line: 3, caught: false };
        let world = with(
            two_processes(),
            vec![(2, raised), (2, EventKind::Exiting { code: 1 }), (1, EventKind::Reaped { child: 2, exitcode: 1 })],
        );
        let p = world.proc_by_pid(2).expect("child");
        assert_eq!(p.phase(), Phase::Failed);
        assert_eq!(process(&world, p, Lang::En), "exit 1 AssertionError");
        let bare = with(
            two_processes(),
            vec![(2, EventKind::Exiting { code: 3 }), (1, EventKind::Reaped { child: 2, exitcode: 3 })],
        );
        assert_eq!(process(&bare, bare.proc_by_pid(2).expect("child"), Lang::Zh), "退出码 3");
        let fine = with(
            two_processes(),
            vec![(2, EventKind::Exiting { code: 0 }), (1, EventKind::Reaped { child: 2, exitcode: 0 })],
        );
        assert_eq!(fine.proc_by_pid(2).map(Proc::phase), Some(Phase::Exited));
    }

    #[test]
    fn a_process_that_reported_an_internal_error_is_a_failed_lane_saying_so() {
        let error = EventKind::InternalError { message: "index out of bounds".into(), location: "src/a.rs:9".into() };
        let world = with(
            two_processes(),
            vec![(2, error), (2, EventKind::Exiting { code: 70 }), (1, EventKind::Reaped { child: 2, exitcode: 70 })],
        );
        let p = world.proc_by_pid(2).expect("child");
        assert_eq!(p.phase(), Phase::Failed);
        assert_eq!(process(&world, p, Lang::En), "exit 70 internal error: index out of bounds");
        assert_eq!(process(&world, p, Lang::Zh), "退出码 70 内部错误：index out of bounds");
        let main = world.proc_by_pid(1).expect("main");
        assert_eq!(main.internal_error, None);
        let crash = EventKind::InternalError { message: "crashed".into(), location: String::new() };
        let aborted = with(two_processes(), vec![(1, EventKind::Reaped { child: 2, exitcode: -6 }), (2, crash)]);
        let p = aborted.proc_by_pid(2).expect("child");
        assert_eq!(p.phase(), Phase::Failed);
        assert_eq!(process(&aborted, p, Lang::En), "killed: -6 SIGABRT, internal error: crashed");
    }

    #[test]
    fn an_internal_error_outcome_names_the_process_and_where_forkbook_failed() {
        let end = RunOutcome::InternalError {
            process: "Process-1".into(),
            message: "index out of bounds".into(),
            location: "src/a.rs:9".into(),
        };
        assert_eq!(
            outcome(&end, Lang::En),
            "internal error: forkbook failed in Process-1: index out of bounds (at src/a.rs:9). This run does not \
             show what Python would do; please report it"
        );
        assert_eq!(outcome_word(&end, Lang::En), "internal error");
        assert_eq!(outcome_word(&end, Lang::Zh), "内部错误");
    }

    #[test]
    fn a_process_blocked_on_a_pools_results_waits_for_results() {
        let created = |name: &str| EventKind::Created {
            object: name.into(),
            object_kind: ObjectKind::Queue,
            value: 0,
            capacity: 0,
            py_line: 16,
            manager: None,
        };
        let world = with(
            two_processes(),
            vec![
                (1, created("po.tasks")),
                (1, created("po.results")),
                (1, created("q.results")),
                (1, EventKind::Waiting { object: "po.results".into(), op: WaitOp::Get, timed: false }),
            ],
        );
        let main = world.proc_by_pid(1).expect("main");
        assert_eq!(process(&world, main, Lang::En), "waiting for results from po.results");
        assert!(!is_pool_results(&world, "q.results"), "a queue that only ends in .results is no pool's");
    }

    #[test]
    fn an_unknown_object_is_named_in_quotes() {
        let world = World::default();
        let acquire = ProcState::Blocked { object: "lock".into(), op: WaitOp::Acquire };
        assert_eq!(state(&world, &acquire, Lang::En), "blocked on 'lock'");
    }

    #[test]
    fn signals_linux_does_not_name_and_negative_exit_codes_are_spelled_out() {
        assert_eq!(signal_name(9, Lang::En), "SIGKILL");
        assert_eq!(signal_name(99, Lang::En), "signal 99");
        assert_eq!(signal_name(99, Lang::Zh), "信号 99");
        assert_eq!(exitcode(0, Lang::En), "0");
        assert_eq!(exitcode(-15, Lang::En), "-15 SIGTERM");
    }

    #[test]
    fn a_run_that_did_not_finish_never_reads_finished_in_either_language() {
        let link = |pid, name: &str, object: &str| crate::event::WaitLink {
            kind: None,
            pid,
            name: name.into(),
            op: WaitOp::Acquire,
            object: object.into(),
        };
        let ends = [
            RunOutcome::Stopped,
            RunOutcome::Limit(LimitHit { kind: LimitKind::RunTime, limit: 600.0 }),
            RunOutcome::Failed { message: "no runner".into() },
            RunOutcome::Deadlocked { cycle: vec![link(1, "Process-1", "b"), link(2, "Process-2", "a")] },
            RunOutcome::Stuck { waits: vec![link(1, "Process-1", "b")] },
            RunOutcome::InternalError { process: "Process-1".into(), message: "boom".into(), location: String::new() },
        ];
        for lang in [Lang::En, Lang::Zh] {
            let finished = outcome(&RunOutcome::Finished, lang);
            assert_eq!(outcome_word(&RunOutcome::Finished, lang), finished);
            for end in &ends {
                assert!(!outcome(end, lang).contains(&finished), "{end:?}");
                assert!(!outcome_word(end, lang).contains(&finished), "{end:?}");
            }
        }
        let limit = outcome(&ends[1], Lang::En);
        assert_eq!(limit, "stopped at a limit: the run took longer than 600 s (raise it with --max-time)");
        assert_eq!(outcome_word(&ends[1], Lang::En), "stopped at a limit");
        assert_eq!(outcome_word(&ends[3], Lang::Zh), "死锁");
        assert!(outcome(&ends[3], Lang::En).starts_with("deadlocked: Process-1 holds a and waits for b"));
    }

    #[test]
    fn a_bounded_counter_shows_its_bound_and_an_unbounded_one_does_not() {
        assert_eq!(counter(2, 5, Lang::En), "value 2 of 5");
        assert_eq!(counter(7, -1, Lang::En), "value 7");
        assert_eq!(counter(2, 5, Lang::Zh), "计数 2/5");
    }
}
