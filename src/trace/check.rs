//! Expectation checks: a lesson's `checks = ["printed('购票成功') > tickets", …]` evaluated
//! over the final `World`. Values with Python's operators (the very ones the lesson's program
//! uses, from `value`); names are knobs; a few functions ask the World (`printed`, `exitcode`,
//! `max_holders`, `items`, `deadlocked`, …). Pure: everything comes from the World and the knob
//! values.

use std::collections::BTreeMap;

use crate::event::RunOutcome;
use crate::lesson::script::{BinOp, Expr, ExprKind, StrPart, UnOp};
use crate::value::Value;

use super::world::World;

/// The functions a check may call, for error messages.
const FUNCTIONS: &str = "printed, printed_containing, first, last, first_containing, last_containing, earliest, exitcode, max_holders, max_waiters, \
                         processes, items, len, duration_ms, audit_ok, deadlocked, stuck";

/// Check functions that ask whether the run ended without finishing.
const HOW_IT_ENDED: &[&str] = &["deadlocked", "stuck"];

/// Whether a check asks if the run deadlocked or got stuck: an expectation that does expects
/// a run that never finishes.
pub fn asks_how_it_ended(expr: &Expr) -> bool {
    let any = |exprs: &[Expr]| exprs.iter().any(asks_how_it_ended);
    match &expr.kind {
        ExprKind::Call { func, args, kwargs } => {
            HOW_IT_ENDED.contains(&func.as_str()) || any(args) || kwargs.iter().any(|(_, e)| asks_how_it_ended(e))
        }
        ExprKind::Method { args, kwargs, .. } => any(args) || kwargs.iter().any(|(_, e)| asks_how_it_ended(e)),
        ExprKind::Str(parts) => parts.iter().any(|p| matches!(p, StrPart::Expr(e) if asks_how_it_ended(e))),
        ExprKind::List(items) => any(items),
        ExprKind::Unary { operand, .. } => asks_how_it_ended(operand),
        ExprKind::Binary { left, right, .. } => asks_how_it_ended(left) || asks_how_it_ended(right),
        ExprKind::Index { base, index } => asks_how_it_ended(base) || asks_how_it_ended(index),
        ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::None | ExprKind::Name(_) | ExprKind::Attr { .. } => false,
    }
}

/// Evaluates a check expression; the check holds when the result is truthy.
pub fn eval_check(expr: &Expr, world: &World, knobs: &BTreeMap<String, Value>) -> Result<Value, String> {
    let eval = |e: &Expr| eval_check(e, world, knobs);
    match &expr.kind {
        ExprKind::Int(i) => Ok(Value::Int(*i)),
        ExprKind::Bool(b) => Ok(Value::Bool(*b)),
        ExprKind::None => Ok(Value::None),
        ExprKind::Str(parts) => {
            let mut s = String::new();
            for part in parts {
                match part {
                    StrPart::Lit(text) => s.push_str(text),
                    StrPart::Expr(e) => s.push_str(&eval(e)?.to_string()),
                }
            }
            Ok(Value::Str(s))
        }
        ExprKind::Name(name) => {
            knobs.get(name).cloned().ok_or_else(|| format!("unknown name '{name}' — a check can use knobs only"))
        }
        ExprKind::List(items) => items.iter().map(eval).collect::<Result<_, _>>().map(Value::List),
        ExprKind::Unary { op, operand } => {
            let v = eval(operand)?;
            match op {
                UnOp::Not => Ok(Value::Bool(!v.truthy())),
                UnOp::Neg => v.neg().map_err(|e| e.to_string()),
            }
        }
        ExprKind::Binary { op, left, right } => {
            let l = eval(left)?;
            match (op, op.value_op()) {
                (_, Some(value_op)) => value_op.apply(&l, &eval(right)?).map_err(|e| e.to_string()),
                // `and`/`or` evaluate their right side only when the left one does not decide.
                (BinOp::And, None) if l.truthy() => eval(right),
                (BinOp::Or, None) if !l.truthy() => eval(right),
                (_, None) => Ok(l),
            }
        }
        ExprKind::Index { base, index } => {
            let (base, i) = (eval(base)?, int(&eval(index)?, "[]")?);
            let items = match base {
                Value::List(items) => items,
                other => return Err(format!("cannot index a '{}'", other.type_name())),
            };
            let at = if i < 0 { i + items.len() as i64 } else { i };
            usize::try_from(at)
                .ok()
                .and_then(|at| items.get(at).cloned())
                .ok_or_else(|| format!("index {i} out of range"))
        }
        ExprKind::Call { func, args, kwargs } => {
            if let Some((key, _)) = kwargs.first() {
                return Err(format!("{func}() takes no keyword argument '{key}'"));
            }
            let args = args.iter().map(eval).collect::<Result<Vec<_>, _>>()?;
            call(func, &args, world)
        }
        ExprKind::Method { object, method, .. } => {
            Err(format!("'{object}.{method}()' cannot be used in a check — use {FUNCTIONS}"))
        }
        ExprKind::Attr { object, attr } => {
            Err(format!("'{object}.{attr}' cannot be used in a check — use {FUNCTIONS}"))
        }
    }
}

fn int(v: &Value, op: &str) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        other => Err(format!("'{op}' needs numbers, not '{}'", other.type_name())),
    }
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
        "exitcode" => {
            let name = text_arg(func, args)?;
            Ok(world.proc_by_name(name).and_then(|p| p.exitcode).map_or(Value::None, |c| Value::Int(c.into())))
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
        other => Err(format!("unknown function '{other}' — a check can call {FUNCTIONS}")),
    }
}

#[cfg(test)]
mod tests;
