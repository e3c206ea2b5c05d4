//! Processes in words, one description for both front ends: a process state (`blocked on Lock
//! 'lock'`), a signal's name, an exit code, a semaphore's counter. The words come from the
//! catalog in the student's language; the lanes, the details line and the headless summary all
//! call these, so they cannot drift apart.

use crate::event::{LimitHit, LimitKind, WaitOp};
use crate::text::Lang;
use crate::trace::{Obj, ProcState, World};

/// A process state in words: `running`, `waiting to get from Queue 'q'`, `killed by SIGTERM`, ….
pub fn state(world: &World, state: &ProcState, lang: Lang) -> String {
    match state {
        ProcState::Running => lang.t("process.running").to_string(),
        ProcState::Sleeping { ms } => lang.t_with("process.sleeping", &[("ms", ms)]),
        ProcState::Computing { ms } => lang.t_with("process.computing", &[("ms", ms)]),
        ProcState::Blocked { object, op: WaitOp::Join } => lang.t_with("process.joining", &[("child", object)]),
        ProcState::Blocked { object, op } => {
            let what = &object_label(world, object);
            let key = match op {
                WaitOp::Acquire | WaitOp::Join => "process.blocked_on",
                WaitOp::Get => "process.waiting_to_get",
                WaitOp::Put => "process.waiting_to_put",
                WaitOp::Wait => "process.waiting_to_be_set",
                WaitOp::QueueJoin => "process.waiting_all_done",
                WaitOp::Recv => "process.waiting_to_receive",
            };
            lang.t_with(key, &[("object", what)])
        }
        ProcState::Zombie { code: Some(code) } => lang.t_with("process.zombie_exited", &[("code", code)]),
        ProcState::Zombie { code: None } => lang.t("process.zombie").to_string(),
        ProcState::Exited { code } => lang.t_with("process.exited", &[("code", code)]),
        ProcState::Killed { signal } => lang.t_with("process.killed", &[("signal", &signal_name(*signal, lang))]),
    }
}

/// `SIGTERM` for 15, or `signal 99` for a number Linux does not name.
pub fn signal_name(signal: i32, lang: Lang) -> String {
    nix::sys::signal::Signal::try_from(signal)
        .map_or_else(|_| lang.t_with("process.unnamed_signal", &[("n", &signal)]), |s| s.as_str().to_string())
}

/// An exit code as `multiprocessing` reports it, naming the signal of a negative one:
/// `0`, `-15 (SIGTERM)`.
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
        assert_eq!(state(&world, &killed, Lang::En), "killed by SIGTERM");
        assert_eq!(state(&world, &killed, Lang::Zh), "被 SIGTERM 杀死");
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
        assert_eq!(exitcode(-15, Lang::En), "-15 (SIGTERM)");
    }

    #[test]
    fn a_bounded_counter_shows_its_bound_and_an_unbounded_one_does_not() {
        assert_eq!(counter(2, 5, Lang::En), "value 2 of 5");
        assert_eq!(counter(7, -1, Lang::En), "value 7");
        assert_eq!(counter(2, 5, Lang::Zh), "计数 2/5");
    }
}
