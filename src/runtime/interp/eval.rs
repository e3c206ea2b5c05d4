//! Expressions: arithmetic with Python's meaning, strings with `{…}` interpolation, the
//! built-in functions (`print`, `sleep`, `randint`, `Process`, `Lock()` …) and method calls
//! on objects, processes and lists.

use std::time::{Duration, Instant};

use crate::event::EventKind;
use crate::lesson::script::{BinOp, Expr, ExprKind, StrPart, UnOp};
use crate::runtime::objects::event_flag::EventFlag;
use crate::runtime::objects::semlock::{SemKind, SemLock};
use crate::runtime::objects::{Args, Obj};
use crate::runtime::pyerr::{PyErr, PyResult};
use crate::value::Value;

use super::Interp;

/// Longest list `range()` may build (a lesson is not a number cruncher).
const MAX_RANGE: i64 = 100_000;

/// `left op right` for the lesson language (ints, strings, lists, bools; `and`/`or` are
/// handled lazily by the caller).
pub fn binary(op: BinOp, left: Value, right: Value) -> PyResult<Value> {
    use Value::{Bool, Int, List, Str};
    let as_int = |v: &Value| match v {
        Int(i) => Some(*i),
        Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    let unsupported = |l: &Value, r: &Value, sym: &str| {
        PyErr::type_error(format!("unsupported operand type(s) for {sym}: '{}' and '{}'", l.type_name(), r.type_name()))
    };
    Ok(match op {
        BinOp::Eq => Bool(left == right || (as_int(&left).is_some() && as_int(&left) == as_int(&right))),
        BinOp::Ne => Bool(!(left == right || (as_int(&left).is_some() && as_int(&left) == as_int(&right)))),
        BinOp::And => {
            if left.truthy() {
                right
            } else {
                left
            }
        }
        BinOp::Or => {
            if left.truthy() {
                left
            } else {
                right
            }
        }
        BinOp::Add => match (&left, &right) {
            (Str(a), Str(b)) => Str(format!("{a}{b}")),
            (List(a), List(b)) => List(a.iter().chain(b).cloned().collect()),
            _ => match (as_int(&left), as_int(&right)) {
                (Some(a), Some(b)) => Int(a.checked_add(b).ok_or_else(overflow)?),
                _ => return Err(unsupported(&left, &right, "+")),
            },
        },
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = match (&left, &right) {
                (Str(a), Str(b)) => a.cmp(b),
                _ => match (as_int(&left), as_int(&right)) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    _ => {
                        return Err(PyErr::type_error(format!(
                            "'<' not supported between instances of '{}' and '{}'",
                            left.type_name(),
                            right.type_name()
                        )));
                    }
                },
            };
            Bool(match op {
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
            if let (BinOp::Mul, Str(s), Some(n)) = (op, &left, as_int(&right)) {
                return Ok(Str(s.repeat(n.clamp(0, 10_000) as usize)));
            }
            let (Some(a), Some(b)) = (as_int(&left), as_int(&right)) else {
                return Err(unsupported(&left, &right, "an arithmetic operator"));
            };
            if matches!(op, BinOp::Div | BinOp::Mod) && b == 0 {
                return Err(PyErr::new("ZeroDivisionError", "integer division or modulo by zero"));
            }
            // Python floors integer division; the remainder takes the divisor's sign.
            let floor_div = a / b - i64::from(a % b != 0 && ((a < 0) != (b < 0)));
            Int(match op {
                BinOp::Sub => a.checked_sub(b).ok_or_else(overflow)?,
                BinOp::Mul => a.checked_mul(b).ok_or_else(overflow)?,
                BinOp::Div => floor_div,
                _ => a - b * floor_div,
            })
        }
    })
}

fn overflow() -> PyErr {
    PyErr::new("OverflowError", "integer too large for a lesson")
}

impl Interp<'_, '_> {
    pub(super) fn eval(&mut self, expr: &Expr) -> PyResult<Value> {
        match &expr.kind {
            ExprKind::Int(i) => Ok(Value::Int(*i)),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::None => Ok(Value::None),
            ExprKind::Str(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        StrPart::Lit(s) => out.push_str(s),
                        StrPart::Expr(e) => out.push_str(&self.eval(e)?.to_string()),
                    }
                }
                Ok(Value::Str(out))
            }
            ExprKind::Name(n) => self.lookup(n),
            ExprKind::List(items) => Ok(Value::List(items.iter().map(|e| self.eval(e)).collect::<PyResult<_>>()?)),
            ExprKind::Unary { op, operand } => {
                let v = self.eval(operand)?;
                match (op, v) {
                    (UnOp::Not, v) => Ok(Value::Bool(!v.truthy())),
                    (UnOp::Neg, Value::Int(i)) => Ok(Value::Int(-i)),
                    (UnOp::Neg, other) => {
                        Err(PyErr::type_error(format!("bad operand type for unary -: '{}'", other.type_name())))
                    }
                }
            }
            ExprKind::Binary { op: BinOp::And, left, right } => {
                let l = self.eval(left)?;
                if l.truthy() { self.eval(right) } else { Ok(l) }
            }
            ExprKind::Binary { op: BinOp::Or, left, right } => {
                let l = self.eval(left)?;
                if l.truthy() { Ok(l) } else { self.eval(right) }
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                binary(*op, l, r)
            }
            ExprKind::Index { base, index } => {
                let b = self.eval(base)?;
                let i = self.eval(index)?;
                match (b, i) {
                    (Value::List(items), Value::Int(i)) => {
                        let len = items.len() as i64;
                        let at = if i < 0 { len + i } else { i };
                        items
                            .get(at as usize)
                            .filter(|_| at >= 0)
                            .cloned()
                            .ok_or_else(|| PyErr::new("IndexError", "list index out of range"))
                    }
                    (b, _) => Err(PyErr::type_error(format!("'{}' object is not subscriptable", b.type_name()))),
                }
            }
            ExprKind::Call { func, args, kwargs } => self.call_builtin(func, args, kwargs),
            ExprKind::Method { object, method, args, kwargs } => {
                let args = self.eval_args(args, kwargs)?;
                self.call_method(object, method, &args)
            }
            ExprKind::Attr { object, attr } => self.get_attr(object, attr),
        }
    }

    pub(super) fn eval_args(&mut self, args: &[Expr], kwargs: &[(String, Expr)]) -> PyResult<Args> {
        let pos = args.iter().map(|e| self.eval(e)).collect::<PyResult<Vec<_>>>()?;
        let kw = kwargs.iter().map(|(k, e)| Ok((k.clone(), self.eval(e)?))).collect::<PyResult<Vec<_>>>()?;
        Ok(Args { pos, kw })
    }

    fn call_builtin(&mut self, func: &str, args: &[Expr], kwargs: &[(String, Expr)]) -> PyResult<Value> {
        if func == "Process" {
            return self.new_process(args, kwargs);
        }
        let a = self.eval_args(args, kwargs)?;
        match func {
            "Pool" => self.new_pool(&a),
            "print" => {
                let text: Vec<String> = a.pos.iter().map(Value::to_string).collect();
                self.ctx.rep.emit(EventKind::Printed { text: text.join(" ") });
                Ok(Value::None)
            }
            "sleep" => {
                let ms = a.int(0, "ms")?.max(0) as u64;
                self.ctx.rep.emit(EventKind::Sleeping { ms });
                let until = Instant::now() + self.ctx.real(ms);
                // A process with a pool keeps handing out results while it sleeps.
                while !self.pools.is_empty() && !self.in_callback && Instant::now() < until {
                    self.serve_pools(Some(
                        until.saturating_duration_since(Instant::now()).min(Duration::from_millis(20)),
                    ));
                }
                std::thread::sleep(until.saturating_duration_since(Instant::now()));
                Ok(Value::None)
            }
            "compute" => {
                let ms = a.int(0, "ms")?.max(0) as u64;
                self.ctx.rep.emit(EventKind::Computing { ms });
                let until = Instant::now() + self.ctx.real(ms);
                let mut x: u64 = 1;
                while Instant::now() < until {
                    for _ in 0..1000 {
                        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                    }
                }
                Ok(Value::None)
            }
            "clock" => Ok(Value::Int(self.ctx.lesson_ms() as i64)),
            "randint" => {
                let (lo, hi) = (a.int(0, "a")?, a.int(1, "b")?);
                if hi < lo {
                    return Err(PyErr::value(format!("empty range for randrange() ({lo}, {})", hi + 1)));
                }
                Ok(Value::Int(self.rng.randint(lo, hi)))
            }
            "range" => {
                let (lo, hi) =
                    if a.pos.len() >= 2 { (a.int(0, "start")?, a.int(1, "stop")?) } else { (0, a.int(0, "stop")?) };
                if hi - lo > MAX_RANGE {
                    return Err(PyErr::value(format!("range too long for a lesson (at most {MAX_RANGE})")));
                }
                Ok(Value::List((lo..hi).map(Value::Int).collect()))
            }
            "len" => match a.required(0, "obj")? {
                Value::List(l) => Ok(Value::Int(l.len() as i64)),
                Value::Str(s) => Ok(Value::Int(s.chars().count() as i64)),
                other => Err(PyErr::type_error(format!("object of type '{}' has no len()", other.type_name()))),
            },
            "str" => Ok(Value::Str(a.required(0, "obj")?.to_string())),
            "int" => match a.required(0, "x")? {
                Value::Int(i) => Ok(Value::Int(i)),
                Value::Bool(b) => Ok(Value::Int(i64::from(b))),
                Value::Str(s) => s
                    .trim()
                    .parse()
                    .map(Value::Int)
                    .map_err(|_| PyErr::value(format!("invalid literal for int() with base 10: '{s}'"))),
                other => Err(PyErr::type_error(format!("int() can't convert '{}'", other.type_name()))),
            },
            "exit" => Err(PyErr::Exit(match a.get(0, "code") {
                None | Some(Value::None) => 0,
                Some(Value::Int(c)) => *c as i32,
                Some(_) => 1,
            })),
            "Lock" | "RLock" | "Semaphore" | "BoundedSemaphore" | "Event" => self.new_local_object(func, &a),
            _ => Err(PyErr::new("NameError", format!("name '{func}' is not defined"))),
        }
    }

    /// `Lock()` and friends created by a script itself: a fresh object only this process (and
    /// children it starts afterwards) can see, the seed's "lock created inside each process" bug.
    fn new_local_object(&mut self, class: &str, a: &Args) -> PyResult<Value> {
        let base = self.assigning.clone().unwrap_or_else(|| class.to_lowercase());
        let name = format!("{base}@{}", self.me.name);
        let line = self.current_line;
        let made = match class {
            "Lock" => SemLock::create(self.ctx, &name, SemKind::Lock, 1, line).map(Obj::Sem),
            "RLock" => SemLock::create(self.ctx, &name, SemKind::RLock, 1, line).map(Obj::Sem),
            "Semaphore" => {
                SemLock::create(self.ctx, &name, SemKind::Semaphore, a.int(0, "value").unwrap_or(1), line).map(Obj::Sem)
            }
            "BoundedSemaphore" => {
                SemLock::create(self.ctx, &name, SemKind::Bounded, a.int(0, "value").unwrap_or(1), line).map(Obj::Sem)
            }
            _ => EventFlag::create(self.ctx, &name, line).map(Obj::Event),
        };
        let obj = made.map_err(|e| PyErr::new("OSError", e.to_string()))?;
        self.objects.by_name.insert(name.clone(), obj);
        Ok(Value::Object { object: name })
    }

    /// Resolves `name` used as an object: a declared resource, or a variable holding one.
    fn object_named(&self, name: &str) -> Option<String> {
        match self.vars.get(name) {
            Some(Value::Object { object }) => Some(object.clone()),
            Some(_) => None,
            None => self.objects.by_name.contains_key(name).then(|| name.to_string()),
        }
    }

    pub(super) fn call_method(&mut self, object: &str, method: &str, args: &Args) -> PyResult<Value> {
        if object == "os" && method == "getpid" && !self.vars.contains_key("os") {
            return Ok(Value::Int(i64::from(self.ctx.pid())));
        }
        if let Some(Value::Proc { proc }) = self.vars.get(object) {
            let proc = *proc;
            return self.process_method(proc, method, args);
        }
        if let Some(target) = self.pool_target(object) {
            return if self.pools.contains_key(&target) {
                self.pool_method(&target, method, args)
            } else {
                self.result_method(&target, method, args)
            };
        }
        if let Some(Value::List(_)) = self.vars.get(object) {
            return match method {
                "append" => {
                    let item = args.required(0, "object")?;
                    if let Some(Value::List(items)) = self.vars.get_mut(object) {
                        items.push(item);
                    }
                    Ok(Value::None)
                }
                _ => Err(PyErr::new("AttributeError", format!("'list' object has no attribute '{method}'"))),
            };
        }
        let Some(name) = self.object_named(object) else {
            let v = self.lookup(object)?;
            return Err(PyErr::new(
                "AttributeError",
                format!("'{}' object has no attribute '{method}'", v.type_name()),
            ));
        };
        let ctx = self.ctx;
        match self.objects.by_name.get_mut(&name) {
            Some(obj) => obj.call(ctx, method, args),
            None => Err(PyErr::new("NameError", format!("name '{object}' is not defined"))),
        }
    }

    pub(super) fn get_attr(&mut self, object: &str, attr: &str) -> PyResult<Value> {
        if let Some(Value::Proc { proc }) = self.vars.get(object) {
            let proc = *proc;
            return self.process_attr(proc, attr);
        }
        match self.object_named(object).and_then(|n| self.objects.by_name.get(&n)) {
            Some(obj) => obj.get_attr(self.ctx, attr),
            None => {
                let v = self.lookup(object)?;
                Err(PyErr::new("AttributeError", format!("'{}' object has no attribute '{attr}'", v.type_name())))
            }
        }
    }

    pub(super) fn set_attr(&mut self, object: &str, attr: &str, value: &Value) -> PyResult<()> {
        if let Some(Value::Proc { proc }) = self.vars.get(object) {
            let proc = *proc;
            return self.set_process_attr(proc, attr, value);
        }
        match self.object_named(object).and_then(|n| self.objects.by_name.get(&n)) {
            Some(obj) => obj.set_attr(self.ctx, attr, value),
            None => {
                let v = self.lookup(object)?;
                Err(PyErr::new("AttributeError", format!("'{}' object has no attribute '{attr}'", v.type_name())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_floors_like_python() {
        let div = |a, b| binary(BinOp::Div, Value::Int(a), Value::Int(b)).expect("divides");
        let rem = |a, b| binary(BinOp::Mod, Value::Int(a), Value::Int(b)).expect("divides");
        assert_eq!(div(7, 2), Value::Int(3));
        assert_eq!(div(-7, 2), Value::Int(-4));
        assert_eq!(rem(-7, 2), Value::Int(1));
        assert_eq!(rem(7, -2), Value::Int(-1));
        assert!(binary(BinOp::Div, Value::Int(1), Value::Int(0)).is_err());
    }

    #[test]
    fn strings_concatenate_and_compare() {
        assert_eq!(
            binary(BinOp::Add, Value::Str("包子".into()), Value::Str("0".into())).expect("adds"),
            Value::Str("包子0".into())
        );
        assert_eq!(binary(BinOp::Lt, Value::Int(1), Value::Int(2)).expect("compares"), Value::Bool(true));
        assert!(binary(BinOp::Add, Value::Int(1), Value::Str("x".into())).is_err());
    }
}
