//! Checks evaluated over a hand-built world of three ticket buyers; expressions are built by
//! hand rather than parsed, so these tests do not depend on the script parser.

use super::*;
use crate::event::{Audit, Event, EventKind, ObjectKind, WaitOp};
use crate::lesson::script::Pos;

fn e(kind: ExprKind) -> Expr {
    Expr { pos: Pos::default(), kind }
}

fn int(i: i64) -> Expr {
    e(ExprKind::Int(i))
}

fn text(t: &str) -> Expr {
    e(ExprKind::Str(vec![StrPart::Lit(t.into())]))
}

fn name(n: &str) -> Expr {
    e(ExprKind::Name(n.into()))
}

fn bin(op: BinOp, left: Expr, right: Expr) -> Expr {
    e(ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) })
}

fn call(func: &str, args: Vec<Expr>) -> Expr {
    e(ExprKind::Call { func: func.into(), args, kwargs: vec![] })
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
        EventKind::Created { object: "lock".into(), object_kind: ObjectKind::Lock, value: 1, capacity: 1, py_line: 2 },
    );
    ev(
        100,
        EventKind::Created { object: "q".into(), object_kind: ObjectKind::Queue, value: 0, capacity: 0, py_line: 3 },
    );
    ev(101, EventKind::Acquired { object: "lock".into() });
    ev(102, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    ev(103, EventKind::Waiting { object: "lock".into(), op: WaitOp::Acquire, timed: false });
    ev(101, EventKind::Printed { text: "购票成功".into() });
    ev(102, EventKind::Printed { text: "剩余票数0".into() });
    ev(101, EventKind::Printed { text: "购票成功".into() });
    ev(103, EventKind::Raised { error: "ValueError".into(), message: "购票成功".into(), line: 4, caught: false });
    ev(101, EventKind::Put { object: "q".into(), item: Value::Str("a".into()) });
    ev(101, EventKind::Exiting { code: 0 });
    ev(100, EventKind::Reaped { child: 101, exitcode: 0 });
    ev(100, EventKind::Reaped { child: 103, exitcode: -15 });
    World::from_events(&events)
}

fn eval(expr: &Expr) -> Result<Value, String> {
    eval_check(expr, &world(), &knobs())
}

#[test]
fn arithmetic_and_comparisons_follow_python() {
    assert_eq!(eval(&bin(BinOp::Add, int(2), bin(BinOp::Mul, int(3), int(4)))), Ok(Value::Int(14)));
    assert_eq!(eval(&bin(BinOp::Div, int(-7), int(2))), Ok(Value::Int(-4)));
    assert_eq!(eval(&bin(BinOp::Mod, int(-7), int(2))), Ok(Value::Int(1)));
    assert_eq!(eval(&bin(BinOp::Mod, int(7), int(-2))), Ok(Value::Int(-1)));
    assert_eq!(eval(&bin(BinOp::Sub, int(1), name("tickets"))), Ok(Value::Int(-2)));
    assert_eq!(eval(&bin(BinOp::Ge, name("tickets"), int(3))), Ok(Value::Bool(true)));
    assert_eq!(eval(&bin(BinOp::Lt, text("a"), text("b"))), Ok(Value::Bool(true)));
    assert_eq!(eval(&bin(BinOp::Eq, e(ExprKind::Bool(true)), int(1))), Ok(Value::Bool(true)));
    assert_eq!(eval(&bin(BinOp::Ne, text("a"), int(1))), Ok(Value::Bool(true)));
    assert_eq!(eval(&bin(BinOp::Add, text("a"), text("b"))), Ok(Value::Str("ab".into())));
    assert!(eval(&bin(BinOp::Div, int(1), int(0))).is_err_and(|m| m.contains("ZeroDivisionError")));
    assert!(eval(&bin(BinOp::Sub, text("a"), int(1))).is_err());
}

#[test]
fn checks_raise_on_overflow_and_repeat_strings_as_the_program_does() {
    let overflow = eval(&bin(BinOp::Add, int(i64::MAX), int(1)));
    assert!(overflow.is_err_and(|m| m.starts_with("OverflowError: ") && m.contains("64-bit")));
    assert_eq!(eval(&bin(BinOp::Mul, text("ab"), int(2))), Ok(Value::Str("abab".into())));
    assert_eq!(
        eval(&bin(BinOp::Eq, e(ExprKind::List(vec![int(1)])), e(ExprKind::List(vec![e(ExprKind::Bool(true))])))),
        Ok(Value::Bool(true))
    );
}

#[test]
fn and_or_not_and_neg_short_circuit_like_python() {
    let not = |x: Expr| e(ExprKind::Unary { op: UnOp::Not, operand: Box::new(x) });
    let neg = |x: Expr| e(ExprKind::Unary { op: UnOp::Neg, operand: Box::new(x) });
    assert_eq!(eval(&not(name("use_lock"))), Ok(Value::Bool(true)));
    assert_eq!(eval(&neg(name("tickets"))), Ok(Value::Int(-3)));
    assert_eq!(eval(&bin(BinOp::And, name("use_lock"), name("nonexistent"))), Ok(Value::Bool(false)));
    assert_eq!(eval(&bin(BinOp::Or, int(0), int(7))), Ok(Value::Int(7)));
    assert_eq!(eval(&bin(BinOp::Or, int(5), name("nonexistent"))), Ok(Value::Int(5)));
}

#[test]
fn names_are_knobs_and_strings_interpolate_them() {
    let interpolated = e(ExprKind::Str(vec![StrPart::Lit("剩余票数".into()), StrPart::Expr(int(0))]));
    assert_eq!(eval(&interpolated), Ok(Value::Str("剩余票数0".into())));
    let with_knob = e(ExprKind::Str(vec![StrPart::Lit("n=".into()), StrPart::Expr(name("tickets"))]));
    assert_eq!(eval(&with_knob), Ok(Value::Str("n=3".into())));
    assert!(eval(&name("lock")).is_err_and(|m| m.contains("unknown name 'lock'")));
    let list = e(ExprKind::List(vec![int(1), name("tickets")]));
    assert_eq!(eval(&list), Ok(Value::List(vec![Value::Int(1), Value::Int(3)])));
}

#[test]
fn printed_counts_exact_lines_and_skips_errors() {
    assert_eq!(eval(&call("printed", vec![text("购票成功")])), Ok(Value::Int(2)));
    assert_eq!(eval(&call("printed", vec![text("nothing")])), Ok(Value::Int(0)));
    assert_eq!(eval(&call("printed_containing", vec![text("票")])), Ok(Value::Int(3)));
    let oversold = bin(BinOp::Gt, call("printed", vec![text("购票成功")]), int(1));
    assert_eq!(eval(&oversold), Ok(Value::Bool(true)));
}

#[test]
fn first_and_last_give_output_indexes_or_none() {
    assert_eq!(eval(&call("first", vec![text("购票成功")])), Ok(Value::Int(0)));
    assert_eq!(eval(&call("last", vec![text("购票成功")])), Ok(Value::Int(2)));
    assert_eq!(eval(&call("first", vec![text("剩余票数0")])), Ok(Value::Int(1)));
    assert_eq!(eval(&call("last", vec![text("nothing")])), Ok(Value::None));
    // An order check about a line that never printed cannot hold.
    let never = bin(BinOp::Lt, call("first", vec![text("nothing")]), call("first", vec![text("购票成功")]));
    assert!(eval(&never).is_err());
}

#[test]
fn exitcode_is_known_once_reaped() {
    assert_eq!(eval(&call("exitcode", vec![text("Process-1")])), Ok(Value::Int(0)));
    assert_eq!(eval(&call("exitcode", vec![text("Process-3")])), Ok(Value::Int(-15)));
    assert_eq!(eval(&call("exitcode", vec![text("Process-2")])), Ok(Value::None));
    assert_eq!(eval(&call("exitcode", vec![text("Process-9")])), Ok(Value::None));
}

#[test]
fn peaks_processes_items_and_duration_come_from_the_world() {
    assert_eq!(eval(&call("max_holders", vec![text("lock")])), Ok(Value::Int(1)));
    assert_eq!(eval(&call("max_waiters", vec![text("lock")])), Ok(Value::Int(2)));
    assert!(eval(&call("max_waiters", vec![text("lok")])).is_err_and(|m| m.contains("'lok'")));
    assert_eq!(eval(&call("processes", vec![])), Ok(Value::Int(4)));
    assert_eq!(eval(&call("items", vec![text("q")])), Ok(Value::List(vec![Value::Str("a".into())])));
    assert_eq!(eval(&call("len", vec![call("items", vec![text("q")])])), Ok(Value::Int(1)));
    assert!(eval(&call("items", vec![text("lock")])).is_err());
    let first = e(ExprKind::Index { base: Box::new(call("items", vec![text("q")])), index: Box::new(int(0)) });
    assert_eq!(eval(&first), Ok(Value::Str("a".into())));
    assert_eq!(eval(&call("duration_ms", vec![])), Ok(Value::Int(32)), "17 events, 2 ms apart");
}

#[test]
fn audit_ok_needs_an_audit_and_no_mismatch() {
    let mut w = world();
    let no = Ok(Value::Bool(false));
    assert_eq!(eval_check(&call("audit_ok", vec![]), &w, &knobs()), no);
    let audit = |value| Event {
        seq: 99,
        sub: 0,
        t_ns: 0,
        pid: 99,
        kind: EventKind::Audited { object: "lock".into(), audit: Audit::Semaphore { value } },
    };
    w.apply(&audit(0));
    assert_eq!(eval_check(&call("audit_ok", vec![]), &w, &knobs()), Ok(Value::Bool(true)));
    w.apply(&audit(1));
    assert_eq!(eval_check(&call("audit_ok", vec![]), &w, &knobs()), no);
}

#[test]
fn unknown_functions_and_bad_arguments_are_errors() {
    assert!(eval(&call("prnted", vec![text("x")])).is_err_and(|m| m.contains("unknown function 'prnted'")));
    assert!(eval(&call("printed", vec![int(1)])).is_err());
    assert!(eval(&call("processes", vec![int(1)])).is_err());
    let kw =
        e(ExprKind::Call { func: "printed".into(), args: vec![text("x")], kwargs: vec![("end".into(), text(""))] });
    assert!(eval(&kw).is_err());
    let method = e(ExprKind::Method { object: "q".into(), method: "qsize".into(), args: vec![], kwargs: vec![] });
    assert!(eval(&method).is_err());
}

#[test]
fn earliest_names_the_text_printed_first() {
    let earliest = call("earliest", vec![text("剩余票数0"), text("购票成功")]);
    assert_eq!(eval(&earliest), Ok(Value::Str("购票成功".into())));
    assert_eq!(eval(&call("earliest", vec![text("nothing")])), Ok(Value::None));
}

#[test]
fn deadlocked_and_stuck_say_how_the_run_ended() {
    let mut w = world();
    let ask = |w: &World, f: &str| eval_check(&call(f, vec![]), w, &knobs());
    assert_eq!((ask(&w, "deadlocked"), ask(&w, "stuck")), (Ok(Value::Bool(false)), Ok(Value::Bool(false))));
    let link =
        crate::event::WaitLink { pid: 101, name: "Process-1".into(), op: WaitOp::Acquire, object: "lock".into() };
    let ended = |outcome| Event { seq: 99, sub: 0, t_ns: 0, pid: 0, kind: EventKind::RunEnded { outcome } };
    w.apply(&ended(RunOutcome::Deadlocked { cycle: vec![link.clone()] }));
    assert_eq!((ask(&w, "deadlocked"), ask(&w, "stuck")), (Ok(Value::Bool(true)), Ok(Value::Bool(false))));
    w.ended = Some(RunOutcome::Stuck { waits: vec![link] });
    assert_eq!((ask(&w, "deadlocked"), ask(&w, "stuck")), (Ok(Value::Bool(false)), Ok(Value::Bool(true))));
    assert!(eval(&call("stuck", vec![int(1)])).is_err());
}

#[test]
fn a_check_that_asks_about_a_deadlock_is_told_apart_from_one_that_does_not() {
    assert!(asks_how_it_ended(&call("deadlocked", vec![])));
    assert!(asks_how_it_ended(&e(ExprKind::Unary { op: UnOp::Not, operand: Box::new(call("stuck", vec![])) })));
    assert!(asks_how_it_ended(&bin(BinOp::And, call("audit_ok", vec![]), call("deadlocked", vec![]))));
    assert!(!asks_how_it_ended(&bin(BinOp::Eq, call("printed", vec![text("deadlocked()")]), int(1))));
}
