//! Checks evaluated over a hand-built world of three ticket buyers; each check is parsed from
//! its Python text, as a lesson writes it.

use super::*;
use crate::event::{Audit, Event, EventKind, ObjectKind, WaitOp};
use crate::lesson::Pos;
use crate::lesson::check::parse;

fn check(text: &str) -> Expr {
    match parse(text, "t", &|_| Pos::default()) {
        (Some(e), problems) if problems.is_empty() => e,
        other => panic!("{text}: {other:?}"),
    }
}

fn knobs() -> BTreeMap<String, Value> {
    [("tickets".to_string(), Value::Int(3)), ("use_lock".to_string(), Value::Bool(false))].into()
}

/// Three buyers of one ticket; Process-1 prints twice, Process-3 is killed.
fn world() -> World {
    let mut events = Vec::new();
    let mut ev = |pid: i32, kind: EventKind| {
        let seq = events.len() as u64;
        events.push(Event { seq, sub: 0, t_ns: seq * 2_000_000, pid, kind });
    };
    ev(100, EventKind::Started { name: "MainProcess".into(), ppid: 99, script: "main".into(), daemon: false, slot: 0 });
    for i in 1..=3 {
        ev(
            100 + i,
            EventKind::Started {
                name: format!("Process-{i}"),
                ppid: 100,
                script: "buy".into(),
                daemon: false,
                slot: 0,
            },
        );
    }
    ev(
        100,
        EventKind::Created {
            object: "lock".into(),
            object_kind: ObjectKind::Lock,
            value: 1,
            capacity: 1,
            py_line: 2,
            manager: None,
        },
    );
    ev(
        100,
        EventKind::Created {
            object: "q".into(),
            object_kind: ObjectKind::Queue,
            value: 0,
            capacity: 0,
            py_line: 3,
            manager: None,
        },
    );
    ev(101, EventKind::Acquired { object: "lock".into() });
    ev(102, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    ev(103, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    ev(101, EventKind::Printed { text: "购票成功".into() });
    ev(102, EventKind::Printed { text: "剩余票数0".into() });
    ev(101, EventKind::Printed { text: "购票成功".into() });
    ev(103, EventKind::Raised { error: "ValueError".into(), message: "购票成功".into(), line: 4, caught: false });
    ev(
        102,
        EventKind::Raised {
            error: "json.decoder.JSONDecodeError".into(),
            message: "Expecting value: line 1 column 1 (char 0)".into(),
            line: 10,
            caught: false,
        },
    );
    ev(101, EventKind::Put { object: "q".into(), item: Value::Str("a".into()) });
    ev(101, EventKind::Exiting { code: 0 });
    ev(100, EventKind::Reaped { child: 101, exitcode: 0 });
    ev(100, EventKind::Reaped { child: 103, exitcode: -15 });
    World::from_events(&events)
}

fn eval(text: &str) -> Result<Value, String> {
    eval_check(&check(text), &world(), &knobs())
}

fn int(i: i64) -> Result<Value, String> {
    Ok(Value::Int(i))
}

fn truth(b: bool) -> Result<Value, String> {
    Ok(Value::Bool(b))
}

fn text(s: &str) -> Result<Value, String> {
    Ok(Value::Str(s.into()))
}

#[test]
fn arithmetic_and_comparisons_follow_python() {
    assert_eq!(eval("2 + 3 * 4"), int(14));
    assert_eq!(eval("-7 // 2"), int(-4));
    assert_eq!(eval("-7 / 2"), Ok(Value::Float(-3.5)));
    assert_eq!(eval("-7 % 2"), int(1));
    assert_eq!(eval("7 % -2"), int(-1));
    assert_eq!(eval("1 - tickets"), int(-2));
    assert_eq!(eval("tickets >= 3"), truth(true));
    assert_eq!(eval("'a' < 'b'"), truth(true));
    assert_eq!(eval("True == 1"), truth(true));
    assert_eq!(eval("'a' != 1"), truth(true));
    assert_eq!(eval("'a' + 'b'"), text("ab"));
    assert_eq!(eval("'%d left' % tickets"), text("3 left"));
    assert!(eval("1 // 0").is_err_and(|m| m.contains("ZeroDivisionError")));
    assert!(eval("'a' - 1").is_err_and(|m| m.starts_with("TypeError: unsupported operand")));
}

#[test]
fn comparisons_chain_as_in_python() {
    assert_eq!(eval("1 < tickets <= 3"), truth(true));
    assert_eq!(eval("1 < tickets < 3"), truth(false));
    assert_eq!(eval("3 == tickets == 3 != 4"), truth(true));
    // The chain stops at the first false link: the rest is never evaluated.
    assert_eq!(eval("tickets < 0 < nonexistent"), truth(false));
    assert!(eval("0 < tickets < nonexistent").is_err());
}

#[test]
fn in_and_is_work_on_lists_strings_and_none() {
    assert_eq!(eval("'a' in items('q')"), truth(true));
    assert_eq!(eval("'b' not in items('q')"), truth(true));
    assert_eq!(eval("tickets in [1, 2, 3]"), truth(true));
    assert_eq!(eval("True in (0, 1)"), truth(true));
    assert_eq!(eval("'票' in earliest('剩余票数0', '购票成功')"), truth(true));
    assert!(eval("1 in '123'").is_err_and(|m| m.contains("requires string as left operand, not int")));
    assert!(eval("1 in tickets").is_err_and(|m| m.contains("argument of type 'int' is not iterable")));
    assert_eq!(eval("exitcode('Process-2') is None"), truth(true));
    assert_eq!(eval("exitcode('Process-1') is not None"), truth(true));
    assert_eq!(eval("use_lock is False"), truth(true));
}

#[test]
fn checks_raise_on_overflow_and_repeat_strings_as_the_program_does() {
    let overflow = eval("9223372036854775807 + 1");
    assert!(overflow.is_err_and(|m| m.starts_with("OverflowError: ") && m.contains("64-bit")));
    assert_eq!(eval("'ab' * 2"), text("abab"));
    assert_eq!(eval("[1] == [True]"), truth(true));
}

#[test]
fn and_or_not_and_neg_short_circuit_like_python() {
    assert_eq!(eval("not use_lock"), truth(true));
    assert_eq!(eval("-tickets"), int(-3));
    assert_eq!(eval("use_lock and nonexistent"), truth(false));
    assert_eq!(eval("0 or 7"), int(7));
    assert_eq!(eval("5 or nonexistent"), int(5));
    assert_eq!(eval("1 and 2 and 0 and nonexistent"), int(0));
    assert_eq!(eval("0 or '' or []"), Ok(Value::List(vec![])));
}

#[test]
fn names_are_knobs_and_f_strings_format_them() {
    assert_eq!(eval("f'剩余票数{0}'"), text("剩余票数0"));
    assert_eq!(eval("f'n={tickets}'"), text("n=3"));
    assert_eq!(eval("f'{tickets:>3}|{use_lock!r}|{\"a\"!r}|{{}}'"), text("  3|False|'a'|{}"));
    assert_eq!(eval("'剩余票数{tickets}'"), text("剩余票数{tickets}"), "a plain string stays as written");
    assert_eq!(eval("printed(f'剩余票数{tickets - 3}')"), int(1));
    assert!(eval("f'{tickets:q}'").is_err_and(|m| m.starts_with("ValueError")));
    assert!(eval("lock").is_err_and(|m| m.contains("unknown name 'lock'")));
    assert_eq!(eval("[1, tickets]"), Ok(Value::List(vec![Value::Int(1), Value::Int(3)])));
    assert_eq!(eval("(1, tickets)"), Ok(Value::Tuple(vec![Value::Int(1), Value::Int(3)])));
}

#[test]
fn printed_counts_exact_lines_and_skips_errors() {
    assert_eq!(eval("printed('购票成功')"), int(2));
    assert_eq!(eval("printed('nothing')"), int(0));
    assert_eq!(eval("printed_containing('票')"), int(3));
    assert_eq!(eval("printed('购票成功') > 1"), truth(true));
}

#[test]
fn first_and_last_give_output_indexes_or_none() {
    assert_eq!(eval("first('购票成功')"), int(0));
    assert_eq!(eval("last('购票成功')"), int(2));
    assert_eq!(eval("first('剩余票数0')"), int(1));
    assert_eq!(eval("last('nothing')"), Ok(Value::None));
    // An order check about a line that never printed cannot hold.
    assert!(eval("first('nothing') < first('购票成功')").is_err());
}

#[test]
fn exitcode_is_known_once_reaped() {
    assert_eq!(eval("exitcode('Process-1')"), int(0));
    assert_eq!(eval("exitcode('Process-3')"), int(-15));
    assert_eq!(eval("exitcode('Process-2')"), Ok(Value::None));
    assert_eq!(eval("exitcode('Process-9')"), Ok(Value::None));
}

#[test]
fn raised_counts_the_processes_an_uncaught_exception_of_that_class_ended() {
    assert_eq!(eval("raised('ValueError')"), int(1));
    assert_eq!(eval("raised('JSONDecodeError')"), int(1), "the class without its module");
    assert_eq!(eval("raised('json.decoder.JSONDecodeError')"), int(1));
    assert_eq!(eval("raised('DecodeError')"), int(0));
    // The message is not the class, even when it reads like one.
    assert_eq!(eval("raised('购票成功')"), int(0));
}

#[test]
fn peaks_processes_items_and_duration_come_from_the_world() {
    assert_eq!(eval("max_holders('lock')"), int(1));
    assert_eq!(eval("max_waiters('lock')"), int(2));
    assert!(eval("max_waiters('lok')").is_err_and(|m| m.contains("'lok'")));
    assert_eq!(eval("processes()"), int(4));
    assert_eq!(eval("items('q')"), Ok(Value::List(vec![Value::Str("a".into())])));
    assert_eq!(eval("len(items('q'))"), int(1));
    assert!(eval("items('lock')").is_err());
    assert_eq!(eval("duration_ms()"), int(34), "18 events, 2 ms apart");
}

#[test]
fn subscripts_count_from_either_end_as_in_python() {
    assert_eq!(eval("items('q')[0]"), text("a"));
    assert_eq!(eval("items('q')[-1]"), text("a"));
    assert_eq!(eval("'购票成功'[1]"), text("票"));
    assert_eq!(eval("(1, 2)[True]"), int(2));
    assert!(eval("items('q')[1]").is_err_and(|m| m == "IndexError: list index out of range"));
    assert!(eval("items('q')[-2]").is_err_and(|m| m.starts_with("IndexError")));
    assert!(eval("tickets[0]").is_err_and(|m| m == "TypeError: 'int' object is not subscriptable"));
    assert!(eval("items('q')['a']").is_err_and(|m| m.contains("indices must be integers")));
}

#[test]
fn audit_ok_needs_an_audit_and_no_mismatch() {
    let mut w = world();
    let audit_ok = check("audit_ok()");
    assert_eq!(eval_check(&audit_ok, &w, &knobs()), truth(false));
    let audit = |value| Event {
        seq: 99,
        sub: 0,
        t_ns: 0,
        pid: 99,
        kind: EventKind::Audited { object: "lock".into(), audit: Audit::Semaphore { value } },
    };
    w.apply(&audit(0));
    assert_eq!(eval_check(&audit_ok, &w, &knobs()), truth(true));
    w.apply(&audit(1));
    assert_eq!(eval_check(&audit_ok, &w, &knobs()), truth(false));
}

#[test]
fn unknown_functions_and_bad_arguments_are_errors() {
    assert!(eval("prnted('x')").is_err_and(|m| m.contains("unknown function 'prnted'")));
    assert!(eval("printed(1)").is_err());
    assert!(eval("processes(1)").is_err());
}

#[test]
fn earliest_names_the_text_printed_first() {
    assert_eq!(eval("earliest('剩余票数0', '购票成功')"), text("购票成功"));
    assert_eq!(eval("earliest('nothing')"), Ok(Value::None));
}

#[test]
fn deadlocked_and_stuck_say_how_the_run_ended() {
    let mut w = world();
    let ask = |w: &World, f: &str| eval_check(&check(&format!("{f}()")), w, &knobs());
    assert_eq!((ask(&w, "deadlocked"), ask(&w, "stuck")), (truth(false), truth(false)));
    let link = crate::event::WaitLink {
        pid: 101,
        name: "Process-1".into(),
        op: WaitOp::Acquire,
        object: "lock".into(),
        kind: None,
    };
    let ended = |outcome| Event { seq: 99, sub: 0, t_ns: 0, pid: 0, kind: EventKind::RunEnded { outcome } };
    w.apply(&ended(RunOutcome::Deadlocked { cycle: vec![link.clone()] }));
    assert_eq!((ask(&w, "deadlocked"), ask(&w, "stuck")), (truth(true), truth(false)));
    w.ended = Some(RunOutcome::Stuck { waits: vec![link] });
    assert_eq!((ask(&w, "deadlocked"), ask(&w, "stuck")), (truth(false), truth(true)));
    assert!(eval("stuck(1)").is_err());
}

#[test]
fn a_check_that_asks_about_a_deadlock_is_told_apart_from_one_that_does_not() {
    assert!(asks_how_it_ended(&check("deadlocked()")));
    assert!(asks_how_it_ended(&check("not stuck()")));
    assert!(asks_how_it_ended(&check("audit_ok() and deadlocked()")));
    assert!(asks_how_it_ended(&check("0 < 1 < len(f'{stuck()}')")));
    assert!(!asks_how_it_ended(&check("printed('deadlocked()') == 1")));
}

#[test]
fn zombie_ms_is_the_time_from_exit_to_reaping_and_none_for_a_process_never_a_zombie() {
    // Process-1 exits at 26 ms and is reaped at 28 ms; Process-3 is killed, Process-2 never ends.
    assert_eq!(eval("zombie_ms('Process-1')"), int(2));
    assert_eq!(eval("zombie_ms('Process-3')"), Ok(Value::None));
    assert_eq!(eval("zombie_ms('Process-2')"), Ok(Value::None));
    assert!(eval("zombie_ms('Process-9')").is_err());
}
