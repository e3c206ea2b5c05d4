//! Expectation checks: a lesson's `checks = ['printed("购票成功") > tickets', …]` (Python
//! expressions, parsed by `lesson::check`) evaluated over the final `World`. Values with
//! Python's operators (the very ones the lesson's program uses, from `value`); names are
//! knobs; a few functions ask the World (`printed`, `exitcode`, `zombie_ms`, `max_holders`, `items`,
//! `deadlocked`, …). Pure: everything comes from the World and the knob values.

use std::collections::BTreeMap;

use crate::event::RunOutcome;
use crate::lesson::check::{BoolOp, CmpOp, Expr, ExprKind, FPart, function_list};
use crate::value::{BinOp, Value, format_spec};

use super::process::{Proc, ProcState};
use super::world::World;

/// Check functions that ask whether the run ended without finishing.
const HOW_IT_ENDED: &[&str] = &["deadlocked", "stuck"];

/// Whether a check asks if the run deadlocked or got stuck: an expectation that does expects
/// a run that never finishes.
pub fn asks_how_it_ended(expr: &Expr) -> bool {
    let any = |exprs: &[Expr]| exprs.iter().any(asks_how_it_ended);
    match &expr.kind {
        ExprKind::Call { func, args } => HOW_IT_ENDED.contains(&func.as_str()) || any(args),
        ExprKind::FString(parts) => {
            parts.iter().any(|p| matches!(p, FPart::Field { expr, .. } if asks_how_it_ended(expr)))
        }
        ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::BoolOp { values: items, .. } => any(items),
        ExprKind::Neg(operand) | ExprKind::Not(operand) => asks_how_it_ended(operand),
        ExprKind::Binary { left, right, .. } | ExprKind::Subscript { base: left, index: right } => {
            asks_how_it_ended(left) || asks_how_it_ended(right)
        }
        ExprKind::Compare { left, rest } => asks_how_it_ended(left) || rest.iter().any(|(_, r)| asks_how_it_ended(r)),
        ExprKind::Const(_) | ExprKind::Name(_) => false,
    }
}

/// Evaluates a check expression; the check holds when the result is truthy.
pub fn eval_check(expr: &Expr, world: &World, knobs: &BTreeMap<String, Value>) -> Result<Value, String> {
    let eval = |e: &Expr| eval_check(e, world, knobs);
    let op_error = |e: crate::value::OpError| e.to_string();
    match &expr.kind {
        ExprKind::Const(v) => Ok(v.clone()),
        ExprKind::FString(parts) => {
            let mut s = String::new();
            for part in parts {
                match part {
                    FPart::Lit(text) => s.push_str(text),
                    FPart::Field { expr, repr, spec } => {
                        let v = eval(expr)?;
                        let v = if *repr { Value::Str(v.repr()) } else { v };
                        s.push_str(&format_spec(&v, spec).map_err(op_error)?);
                    }
                }
            }
            Ok(Value::Str(s))
        }
        ExprKind::Name(name) => {
            knobs.get(name).cloned().ok_or_else(|| format!("unknown name '{name}' — a check can use knobs only"))
        }
        ExprKind::List(items) => items.iter().map(eval).collect::<Result<_, _>>().map(Value::List),
        ExprKind::Tuple(items) => items.iter().map(eval).collect::<Result<_, _>>().map(Value::Tuple),
        ExprKind::Not(operand) => Ok(Value::Bool(!eval(operand)?.truthy())),
        ExprKind::Neg(operand) => eval(operand)?.neg().map_err(op_error),
        ExprKind::Binary { op, left, right } => op.apply(&eval(left)?, &eval(right)?).map_err(op_error),
        // `and`/`or` give the value that decides, evaluating no further than needed.
        ExprKind::BoolOp { op, values } => {
            let mut last = Value::None;
            for v in values {
                last = eval(v)?;
                if last.truthy() == (*op == BoolOp::Or) {
                    break;
                }
            }
            Ok(last)
        }
        // `a < b < c` is `a < b and b < c`, with `b` evaluated once.
        ExprKind::Compare { left, rest } => {
            let mut l = eval(left)?;
            for (op, right) in rest {
                let r = eval(right)?;
                if !compare(*op, &l, &r)? {
                    return Ok(Value::Bool(false));
                }
                l = r;
            }
            Ok(Value::Bool(true))
        }
        ExprKind::Subscript { base, index } => subscript(&eval(base)?, &eval(index)?),
        ExprKind::Call { func, args } => {
            let args = args.iter().map(eval).collect::<Result<Vec<_>, _>>()?;
            call(func, &args, world)
        }
    }
}

/// One link of a comparison chain.
fn compare(op: CmpOp, l: &Value, r: &Value) -> Result<bool, String> {
    let apply = |op: BinOp| op.apply(l, r).map(|v| v.truthy()).map_err(|e| e.to_string());
    match op {
        CmpOp::Eq => apply(BinOp::Eq),
        CmpOp::Ne => apply(BinOp::Ne),
        CmpOp::Lt => apply(BinOp::Lt),
        CmpOp::Le => apply(BinOp::Le),
        CmpOp::Gt => apply(BinOp::Gt),
        CmpOp::Ge => apply(BinOp::Ge),
        CmpOp::In => contains(r, l),
        CmpOp::NotIn => contains(r, l).map(|found| !found),
        // One side is `None`, `True` or `False`, each the one object of its value.
        CmpOp::Is => Ok(same_singleton(l, r)),
        CmpOp::IsNot => Ok(!same_singleton(l, r)),
    }
}

fn same_singleton(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::None, Value::None) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        _ => false,
    }
}

/// Python's `item in container` for lists, tuples and strings.
fn contains(container: &Value, item: &Value) -> Result<bool, String> {
    match (container, item) {
        (Value::List(items) | Value::Tuple(items), _) => Ok(items.iter().any(|i| i.py_eq(item))),
        (Value::Str(s), Value::Str(part)) => Ok(s.contains(part.as_str())),
        (Value::Str(_), other) => {
            Err(format!("TypeError: 'in <string>' requires string as left operand, not {}", other.type_name()))
        }
        (other, _) => Err(format!("TypeError: argument of type '{}' is not iterable", other.type_name())),
    }
}

/// Python's `base[index]` for lists, tuples and strings, counting from the end when negative.
fn subscript(base: &Value, index: &Value) -> Result<Value, String> {
    let i = match index {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        other => {
            return Err(format!("TypeError: {} indices must be integers, not {}", base.type_name(), other.type_name()));
        }
    };
    let pick = |len: usize| {
        let at = if i < 0 { i.checked_add(len as i64) } else { Some(i) };
        at.and_then(|at| usize::try_from(at).ok()).filter(|at| *at < len)
    };
    let found = match base {
        Value::List(items) | Value::Tuple(items) => pick(items.len()).map(|at| items[at].clone()),
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            pick(chars.len()).map(|at| Value::Str(chars[at].to_string()))
        }
        other => return Err(format!("TypeError: '{}' object is not subscriptable", other.type_name())),
    };
    found.ok_or_else(|| format!("IndexError: {} index out of range", base.type_name()))
}

fn text_arg<'a>(func: &str, args: &'a [Value]) -> Result<&'a str, String> {
    match args {
        [Value::Str(s)] => Ok(s),
        _ => Err(format!("{func}() takes one string")),
    }
}

fn count(n: usize) -> Value {
    Value::Int(n as i64)
}

fn call(func: &str, args: &[Value], world: &World) -> Result<Value, String> {
    let no_args = |v: Value| {
        if args.is_empty() { Ok(v) } else { Err(format!("{func}() takes no arguments")) }
    };
    let object = |name: &str| world.object(name).ok_or_else(|| format!("{func}(): no object named '{name}'"));
    // A line that never printed has no position: comparing it fails the check loudly.
    let index = |found: Option<usize>| found.map_or(Value::None, |i| Value::Int(i as i64));
    match func {
        "printed" => Ok(count(world.printed_count(text_arg(func, args)?))),
        "printed_containing" => {
            let text = text_arg(func, args)?;
            Ok(count(world.output.iter().filter(|l| !l.is_error && l.text.contains(text)).count()))
        }
        "first" => {
            let text = text_arg(func, args)?;
            Ok(index(world.output.iter().position(|l| !l.is_error && l.text == text)))
        }
        "last" => {
            let text = text_arg(func, args)?;
            Ok(index(world.output.iter().rposition(|l| !l.is_error && l.text == text)))
        }
        "first_containing" => {
            let text = text_arg(func, args)?;
            Ok(index(world.output.iter().position(|l| !l.is_error && l.text.contains(text))))
        }
        "last_containing" => {
            let text = text_arg(func, args)?;
            Ok(index(world.output.iter().rposition(|l| !l.is_error && l.text.contains(text))))
        }
        // Which of these texts was printed first (None when none was).
        "earliest" => {
            let texts: Vec<&str> = args
                .iter()
                .map(|a| match a {
                    Value::Str(s) => Ok(s.as_str()),
                    _ => Err("earliest() takes strings".to_string()),
                })
                .collect::<Result<_, _>>()?;
            let first = world.output.iter().filter(|l| !l.is_error).find(|l| texts.contains(&l.text.as_str()));
            Ok(first.map_or(Value::None, |l| Value::Str(l.text.clone())))
        }
        "raised" => {
            let class = text_arg(func, args)?;
            // `JSONDecodeError` names `json.decoder.JSONDecodeError` too.
            let is = |error: &str| error == class || error.rsplit('.').next() == Some(class);
            Ok(count(world.processes.iter().filter(|p| p.uncaught.as_deref().is_some_and(is)).count()))
        }
        "exitcode" => {
            let name = text_arg(func, args)?;
            Ok(world.proc_by_name(name).and_then(|p| p.exitcode).map_or(Value::None, |c| Value::Int(c.into())))
        }
        // How long it was a zombie (exited, not yet reaped), in ms; None if it never was.
        "zombie_ms" => {
            let name = text_arg(func, args)?;
            let p = world.proc_by_name(name).ok_or_else(|| format!("zombie_ms(): no process named '{name}'"))?;
            Ok(zombie_ns(p, world.now_ns).map_or(Value::None, |ns| Value::Int((ns / 1_000_000) as i64)))
        }
        "max_holders" => Ok(count(object(text_arg(func, args)?)?.max_holders)),
        "max_waiters" => Ok(count(object(text_arg(func, args)?)?.max_waiters)),
        "items" => {
            let name = text_arg(func, args)?;
            world.queue_items(name).map(Value::List).ok_or_else(|| format!("items(): no queue named '{name}'"))
        }
        "len" => match args {
            [Value::List(items)] => Ok(count(items.len())),
            [Value::Str(s)] => Ok(count(s.chars().count())),
            _ => Err("len() takes one list or string".into()),
        },
        "processes" => no_args(count(world.processes.len())),
        "duration_ms" => no_args(Value::Int((world.now_ns / 1_000_000) as i64)),
        "audit_ok" => no_args(Value::Bool(!world.audits.is_empty() && world.audit_mismatches().is_empty())),
        "deadlocked" => no_args(Value::Bool(matches!(world.ended, Some(RunOutcome::Deadlocked { .. })))),
        "stuck" => no_args(Value::Bool(matches!(world.ended, Some(RunOutcome::Stuck { .. })))),
        other => Err(format!("unknown function '{other}' — {}", function_list())),
    }
}

/// How long `p` was a zombie: from the state it entered on exiting to the next (its reaping),
/// or to `now_ns` when nobody reaped it.
fn zombie_ns(p: &Proc, now_ns: u64) -> Option<u64> {
    let at = p.history.iter().position(|(_, s)| matches!(s, ProcState::Zombie { .. }))?;
    let from = p.history[at].0;
    let to = p.history.get(at + 1).map_or(now_ns, |(t, _)| *t);
    Some(to.saturating_sub(from))
}

#[cfg(test)]
mod tests;
