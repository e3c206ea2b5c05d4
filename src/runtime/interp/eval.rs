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
use crate::value::{OpError, Value};

use super::Interp;

/// Longest list `range()` may build (a lesson is not a number cruncher).
const MAX_RANGE: i64 = 100_000;

/// `left op right` with both sides already evaluated (augmented assignment), Python's meaning.
pub fn binary(op: BinOp, left: Value, right: Value) -> PyResult<Value> {
    match (op, op.value_op()) {
        (_, Some(value_op)) => value_op.apply(&left, &right).map_err(py_err),
        (BinOp::And, None) if left.truthy() => Ok(right),
        (BinOp::Or, None) if !left.truthy() => Ok(right),
        (_, None) => Ok(left),
    }
}

/// An operator's exception, raised in the lesson's program.
fn py_err(e: OpError) -> PyErr {
    PyErr::new(e.class, e.message)
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
                match op {
                    UnOp::Not => Ok(Value::Bool(!v.truthy())),
                    UnOp::Neg => v.neg().map_err(py_err),
                }
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.eval(left)?;
                match (op, op.value_op()) {
                    (_, Some(value_op)) => value_op.apply(&l, &self.eval(right)?).map_err(py_err),
                    // `and`/`or` evaluate their right side only when the left one does not decide.
                    (BinOp::And, None) if l.truthy() => self.eval(right),
                    (BinOp::Or, None) if !l.truthy() => self.eval(right),
                    (_, None) => Ok(l),
                }
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
