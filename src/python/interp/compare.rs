//! Comparisons and truth: `==` and ordering (scalars through `crate::value`, containers
//! item by item with CPython's identity shortcut, instances through `__eq__`/`__lt__`
//! and their reflections), `in` (`__contains__` too), `is`, and truthiness
//! (`__bool__`, then `__len__`).

use std::cmp::Ordering;

use super::Interpreter;
use super::ops::scalar;
use crate::python::code::CmpOp;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::object::{Args, Key, Obj, View};
use crate::value::BinOp;

impl Interpreter {
    pub(super) fn compare(&mut self, host: &mut dyn Host, op: CmpOp, a: &Obj, b: &Obj) -> Result<bool, Exc> {
        match op {
            CmpOp::Eq => self.eq(host, a, b),
            CmpOp::Ne => self.eq(host, a, b).map(|eq| !eq),
            CmpOp::Is => Ok(a.is(b)),
            CmpOp::IsNot => Ok(!a.is(b)),
            CmpOp::In => self.contains(host, b, a),
            CmpOp::NotIn => self.contains(host, b, a).map(|found| !found),
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => self.order(host, op, a, b),
        }
    }

    /// Python's `==`.
    pub(crate) fn eq(&mut self, host: &mut dyn Host, a: &Obj, b: &Obj) -> Result<bool, Exc> {
        match (a, b) {
            (Obj::Int(x), Obj::Int(y)) => Ok(x == y),
            (Obj::Str(x), Obj::Str(y)) => Ok(x == y),
            (Obj::Bytes(x), Obj::Bytes(y)) => Ok(x == y),
            (Obj::Instance(_), _) | (_, Obj::Instance(_)) => self.dunder_eq(host, a, b),
            (Obj::List(x), Obj::List(y)) => {
                if std::rc::Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.items_eq(host, &x, &y)
            }
            (Obj::Tuple(x), Obj::Tuple(y)) => self.items_eq(host, x, y),
            (Obj::Dict(x), Obj::Dict(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (key, value) in x.iter() {
                    match y.get(&Key::of(key)?) {
                        Some(other) if value.is(other) || self.eq(host, value, other)? => {}
                        _ => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Obj::Set(_) | Obj::FrozenSet(_), Obj::Set(_) | Obj::FrozenSet(_)) => {
                let (x, y) = (a.set_members().unwrap_or_default(), b.set_members().unwrap_or_default());
                Ok(x.len() == y.len() && x.iter().all(|(k, _)| Key::of(k).is_ok_and(|k| y.contains(&k))))
            }
            (Obj::Range(x), Obj::Range(y)) => Ok(x == y),
            (Obj::View(x), Obj::View(y)) if x.0 != View::Values && x.0 == y.0 => {
                let keys = |v: &Obj| self.collect_view(v);
                let (x, y) = (keys(a), keys(b));
                Ok(x.len() == y.len() && x.iter().all(|k| y.iter().any(|j| Key::of(k).ok() == Key::of(j).ok())))
            }
            _ => match (scalar(a), scalar(b)) {
                (Some(x), Some(y)) => Ok(x.py_eq(&y)),
                _ => Ok(a.is(b)),
            },
        }
    }

    fn items_eq(&mut self, host: &mut dyn Host, x: &[Obj], y: &[Obj]) -> Result<bool, Exc> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (a, b) in x.iter().zip(y) {
            if !a.is(b) && !self.eq(host, a, b)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn dunder_eq(&mut self, host: &mut dyn Host, a: &Obj, b: &Obj) -> Result<bool, Exc> {
        for (receiver, other) in [(a, b), (b, a)] {
            if let Obj::Instance(instance) = receiver
                && instance.class.lookup_user("__eq__").is_some()
            {
                let result = self.method(host, receiver, "__eq__", Args::new(vec![other.clone()]))?;
                if !matches!(result, Obj::NotImplemented) {
                    return self.truth(host, &result);
                }
            }
        }
        Ok(a.is(b))
    }

    /// `<`, `<=`, `>`, `>=`.
    fn order(&mut self, host: &mut dyn Host, op: CmpOp, a: &Obj, b: &Obj) -> Result<bool, Exc> {
        let symbol = match op {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            _ => ">=",
        };
        match (a, b) {
            (Obj::Int(x), Obj::Int(y)) => Ok(holds(op, x.cmp(y))),
            (Obj::Bytes(x), Obj::Bytes(y)) => Ok(holds(op, x.cmp(y))),
            (Obj::Instance(_), _) | (_, Obj::Instance(_)) => {
                let (name, reflected) = match op {
                    CmpOp::Lt => ("__lt__", "__gt__"),
                    CmpOp::Le => ("__le__", "__ge__"),
                    CmpOp::Gt => ("__gt__", "__lt__"),
                    _ => ("__ge__", "__le__"),
                };
                for (receiver, other, method) in [(a, b, name), (b, a, reflected)] {
                    if let Obj::Instance(instance) = receiver
                        && instance.class.lookup_user(method).is_some()
                    {
                        let result = self.method(host, receiver, method, Args::new(vec![other.clone()]))?;
                        if !matches!(result, Obj::NotImplemented) {
                            return self.truth(host, &result);
                        }
                    }
                }
                Err(not_supported(symbol, a, b))
            }
            (Obj::List(_), Obj::List(_)) | (Obj::Tuple(_), Obj::Tuple(_)) => {
                let x = self.collect(host, a)?;
                let y = self.collect(host, b)?;
                for (p, q) in x.iter().zip(&y) {
                    if !p.is(q) && !self.eq(host, p, q)? {
                        return self.order(host, op, p, q);
                    }
                }
                Ok(holds(op, x.len().cmp(&y.len())))
            }
            (Obj::Set(_) | Obj::FrozenSet(_), Obj::Set(_) | Obj::FrozenSet(_)) => {
                let (x, y) = (a.set_members().unwrap_or_default(), b.set_members().unwrap_or_default());
                let subset = |p: &crate::python::object::Table<()>, q: &crate::python::object::Table<()>| {
                    p.iter().all(|(k, _)| Key::of(k).is_ok_and(|k| q.contains(&k)))
                };
                Ok(match op {
                    CmpOp::Le => subset(&x, &y),
                    CmpOp::Lt => x.len() < y.len() && subset(&x, &y),
                    CmpOp::Ge => subset(&y, &x),
                    _ => x.len() > y.len() && subset(&y, &x),
                })
            }
            _ => match (scalar(a), scalar(b)) {
                (Some(x), Some(y)) => {
                    let vop = match op {
                        CmpOp::Lt => BinOp::Lt,
                        CmpOp::Le => BinOp::Le,
                        CmpOp::Gt => BinOp::Gt,
                        _ => BinOp::Ge,
                    };
                    let result = vop.apply(&x, &y).map_err(Exc::from_op)?;
                    Ok(result.truthy())
                }
                _ => Err(not_supported(symbol, a, b)),
            },
        }
    }

    /// `item in container`.
    pub(super) fn contains(&mut self, host: &mut dyn Host, container: &Obj, item: &Obj) -> Result<bool, Exc> {
        match container {
            Obj::Str(text) => match item {
                Obj::Str(needle) => Ok(text.contains(&**needle)),
                other => Err(Exc::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ))),
            },
            Obj::Bytes(bytes) => match item {
                Obj::Bytes(needle) => Ok(needle.is_empty() || bytes.windows(needle.len()).any(|w| w == &needle[..])),
                other => match other.as_int() {
                    Some(i) => Ok(bytes.iter().any(|b| i64::from(*b) == i)),
                    None => {
                        Err(Exc::type_error(format!("a bytes-like object is required, not '{}'", other.type_name())))
                    }
                },
            },
            Obj::Dict(dict) => Ok(dict.borrow().contains(&Key::of(item)?)),
            Obj::Set(set) => Ok(set.borrow().contains(&Key::of(item)?)),
            Obj::FrozenSet(set) => Ok(set.contains(&Key::of(item)?)),
            Obj::View(view) if view.0 == View::Keys => Ok(view.1.borrow().contains(&Key::of(item)?)),
            Obj::Range(r) => Ok(match item.as_int() {
                Some(i) => {
                    let [start, stop, step] = **r;
                    let inside = if step > 0 { start <= i && i < stop } else { stop < i && i <= start };
                    inside && (i128::from(i) - i128::from(start)) % i128::from(step) == 0
                }
                None => false,
            }),
            Obj::Instance(instance) if instance.class.lookup_user("__contains__").is_some() => {
                let result = self.method(host, container, "__contains__", Args::new(vec![item.clone()]))?;
                self.truth(host, &result)
            }
            Obj::Host(_) => {
                let result = self.method(host, container, "__contains__", Args::new(vec![item.clone()]))?;
                self.truth(host, &result)
            }
            _ => {
                let mut iter = self.iterate(host, container).map_err(|_| {
                    Exc::type_error(format!("argument of type '{}' is not iterable", container.type_name()))
                })?;
                while let Some(candidate) = self.next(host, &mut iter)? {
                    if candidate.is(item) || self.eq(host, &candidate, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// Python truthiness.
    pub(super) fn truth(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<bool, Exc> {
        Ok(match obj {
            Obj::None => false,
            Obj::Bool(b) => *b,
            Obj::Int(i) => *i != 0,
            Obj::Float(x) => *x != 0.0,
            Obj::Str(s) => !s.is_empty(),
            Obj::Bytes(b) => !b.is_empty(),
            Obj::List(list) => !list.borrow().is_empty(),
            Obj::Tuple(items) => !items.is_empty(),
            Obj::Dict(dict) => !dict.borrow().is_empty(),
            Obj::Set(set) => !set.borrow().is_empty(),
            Obj::FrozenSet(set) => !set.is_empty(),
            Obj::Range(r) => super::item::range_len(r) > 0,
            Obj::View(view) => !view.1.borrow().is_empty(),
            Obj::Instance(instance) => {
                if instance.class.lookup_user("__bool__").is_some() {
                    let result = self.method(host, obj, "__bool__", Args::none())?;
                    return match result {
                        Obj::Bool(b) => Ok(b),
                        other => {
                            Err(Exc::type_error(format!("__bool__ should return bool, returned {}", other.type_name())))
                        }
                    };
                }
                if instance.class.lookup_user("__len__").is_some() {
                    let result = self.method(host, obj, "__len__", Args::none())?;
                    return Ok(result.as_int().unwrap_or(0) != 0);
                }
                true
            }
            _ => true,
        })
    }
}

fn holds(op: CmpOp, ord: Ordering) -> bool {
    match op {
        CmpOp::Lt => ord.is_lt(),
        CmpOp::Le => ord.is_le(),
        CmpOp::Gt => ord.is_gt(),
        _ => ord.is_ge(),
    }
}

fn not_supported(symbol: &str, a: &Obj, b: &Obj) -> Exc {
    Exc::type_error(format!(
        "'{symbol}' not supported between instances of '{}' and '{}'",
        a.type_name(),
        b.type_name()
    ))
}
