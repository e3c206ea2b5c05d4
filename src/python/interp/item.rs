//! Subscripts: `x[i]`, `x[a:b:c]`, `x[i] = v`, `del x[i]` on lists, tuples, strs, dicts,
//! ranges and objects defining `__getitem__`, with Python's negative indices, clamped
//! slice bounds and error texts (`IndexError: list index out of range`).

use crate::python::object::Mutate;
use std::rc::Rc;

use super::Interpreter;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::object::{Args, Key, Obj};

/// A slice resolved against a length: the indices it selects.
pub(crate) struct Span {
    pub start: i64,
    pub step: i64,
    pub len: usize,
}

impl Span {
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).map(move |i| (self.start + self.step * i as i64) as usize)
    }
}

impl Interpreter {
    pub(super) fn get_item(&mut self, host: &mut dyn Host, obj: &Obj, index: &Obj) -> Result<Obj, Exc> {
        match (obj, index) {
            (Obj::List(list), Obj::Slice(slice)) => {
                let list = list.borrow();
                let span = span(slice, list.len())?;
                Ok(Obj::list(span.indices().map(|i| list[i].clone()).collect()))
            }
            (Obj::List(list), _) => {
                let list = list.borrow();
                let at = position(index, list.len(), "list")?;
                Ok(list[at].clone())
            }
            (Obj::Tuple(items), Obj::Slice(slice)) => {
                let span = span(slice, items.len())?;
                Ok(Obj::tuple(span.indices().map(|i| items[i].clone()).collect()))
            }
            (Obj::Tuple(items), _) => Ok(items[position(index, items.len(), "tuple")?].clone()),
            (Obj::Str(text), Obj::Slice(slice)) => {
                let chars: Vec<char> = text.chars().collect();
                let span = span(slice, chars.len())?;
                Ok(Obj::from(span.indices().map(|i| chars[i]).collect::<String>()))
            }
            (Obj::Str(text), _) => {
                let len = if text.is_ascii() { text.len() } else { text.chars().count() };
                let at = position(index, len, "string")?;
                let c =
                    if text.is_ascii() { char::from(text.as_bytes()[at]) } else { text.chars().nth(at).unwrap_or(' ') };
                Ok(Obj::from(c.to_string()))
            }
            (Obj::Bytes(bytes), Obj::Slice(slice)) => {
                let span = span(slice, bytes.len())?;
                Ok(Obj::Bytes(span.indices().map(|i| bytes[i]).collect::<Vec<u8>>().into()))
            }
            (Obj::Bytes(bytes), _) => Ok(Obj::Int(i64::from(bytes[position(index, bytes.len(), "index")?]))),
            (Obj::Dict(dict), _) => {
                let found = dict.borrow().get(&Key::of(index)?).cloned();
                found.ok_or_else(|| Exc::key_error(index.clone()))
            }
            (Obj::Range(r), Obj::Slice(slice)) => {
                let span = span(slice, range_len_checked(r)?)?;
                // In i128: every item is an i64, but the step or the bound past the last may not be.
                let start = i128::from(r[0]) + i128::from(r[2]) * i128::from(span.start);
                let step = i128::from(r[2]) * i128::from(span.step);
                let stop = start + step * span.len as i128;
                // A bound past forkbook's 64-bit ints (CPython's would be a big int) raises.
                let fit = |v: i128| i64::try_from(v).map_err(|_| super::ops::overflow());
                Ok(Obj::Range(Rc::new([fit(start)?, fit(stop)?, fit(step)?])))
            }
            (Obj::Range(r), _) => {
                let at = position(index, range_len_checked(r)?, "range object")?;
                let item = i128::from(r[0]) + i128::from(r[2]) * at as i128;
                Ok(Obj::Int(i64::try_from(item).map_err(|_| super::ops::overflow())?))
            }
            (Obj::Instance(instance), _) if instance.class.lookup("__getitem__").is_some() => {
                self.method(host, obj, "__getitem__", Args::new(vec![index.clone()]))
            }
            (Obj::Host(_), _) => self.method(host, obj, "__getitem__", Args::new(vec![index.clone()])),
            (Obj::Class(class), _) if class.exc.is_none() => Ok(obj.clone()),
            (Obj::Type(_), _) => Ok(obj.clone()),
            _ => Err(Exc::type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
        }
    }

    pub(super) fn set_item(&mut self, host: &mut dyn Host, obj: &Obj, index: &Obj, value: Obj) -> Result<(), Exc> {
        match (obj, index) {
            (Obj::List(list), Obj::Slice(slice)) => {
                let items = self.collect(host, &value)?;
                let mut list = list.mutate();
                let span = span(slice, list.len())?;
                if span.step == 1 {
                    let start = span.start as usize;
                    list.splice(start..start + span.len, items);
                    return Ok(());
                }
                if items.len() != span.len {
                    return Err(Exc::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {}",
                        items.len(),
                        span.len
                    )));
                }
                let at: Vec<usize> = span.indices().collect();
                for (i, item) in at.into_iter().zip(items) {
                    list[i] = item;
                }
                Ok(())
            }
            (Obj::List(list), _) => {
                let mut list = list.mutate();
                let len = list.len();
                let at = position(index, len, "list assignment")?;
                list[at] = value;
                Ok(())
            }
            (Obj::Dict(dict), _) => {
                let key = Key::of(index)?;
                dict.mutate().insert(key, index.clone(), value);
                Ok(())
            }
            (Obj::Instance(instance), _) if instance.class.lookup("__setitem__").is_some() => {
                self.method(host, obj, "__setitem__", Args::new(vec![index.clone(), value])).map(|_| ())
            }
            (Obj::Host(_), _) => {
                self.method(host, obj, "__setitem__", Args::new(vec![index.clone(), value])).map(|_| ())
            }
            _ => Err(Exc::type_error(format!("'{}' object does not support item assignment", obj.type_name()))),
        }
    }

    pub(super) fn del_item(&mut self, host: &mut dyn Host, obj: &Obj, index: &Obj) -> Result<(), Exc> {
        match (obj, index) {
            (Obj::List(list), Obj::Slice(slice)) => {
                let mut list = list.mutate();
                let span = span(slice, list.len())?;
                let mut doomed: Vec<usize> = span.indices().collect();
                doomed.sort_unstable();
                for i in doomed.into_iter().rev() {
                    list.remove(i);
                }
                Ok(())
            }
            (Obj::List(list), _) => {
                let mut list = list.mutate();
                let len = list.len();
                let at = position(index, len, "list assignment")?;
                list.remove(at);
                Ok(())
            }
            (Obj::Dict(dict), _) => {
                let removed = dict.mutate().remove(&Key::of(index)?);
                removed.map(|_| ()).ok_or_else(|| Exc::key_error(index.clone()))
            }
            (Obj::Instance(instance), _) if instance.class.lookup("__delitem__").is_some() => {
                self.method(host, obj, "__delitem__", Args::new(vec![index.clone()])).map(|_| ())
            }
            _ => Err(Exc::type_error(format!("'{}' object doesn't support item deletion", obj.type_name()))),
        }
    }
}

/// The number of items in a range.
pub(crate) fn range_len(r: &[i64; 3]) -> usize {
    let [start, stop, step] = *r;
    let n = if step > 0 && start < stop {
        (i128::from(stop) - i128::from(start) - 1) / i128::from(step) + 1
    } else if step < 0 && start > stop {
        (i128::from(start) - i128::from(stop) - 1) / -i128::from(step) + 1
    } else {
        0
    };
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The number of items in a range, or CPython's OverflowError when it exceeds what a length
/// can hold (`len(range(-2**63, 2**63 - 1))`).
pub(crate) fn range_len_checked(r: &[i64; 3]) -> Result<usize, Exc> {
    let n = range_len(r);
    if i64::try_from(n).is_ok() {
        Ok(n)
    } else {
        Err(Exc::new(crate::python::ExcKind::OverflowError, "Python int too large to convert to C ssize_t"))
    }
}

/// An index into a sequence of `len`, negatives counting from the end.
pub(crate) fn position(index: &Obj, len: usize, what: &str) -> Result<usize, Exc> {
    let Some(i) = index.as_int() else {
        let t = index.type_name();
        return Err(Exc::type_error(match what {
            "string" => format!("string indices must be integers, not '{t}'"),
            "range object" => format!("range indices must be integers or slices, not {t}"),
            "tuple" => format!("tuple indices must be integers or slices, not {t}"),
            "index" => format!("byte indices must be integers or slices, not {t}"),
            _ => format!("list indices must be integers or slices, not {t}"),
        }));
    };
    let len = len as i64;
    let at = if i < 0 { i + len } else { i };
    if at < 0 || at >= len {
        return Err(Exc::index_error(format!("{what} index out of range")));
    }
    Ok(at as usize)
}

/// A slice's indices over a sequence of `len`, as `slice.indices` computes them.
pub(crate) fn span(slice: &[Obj; 3], len: usize) -> Result<Span, Exc> {
    let bound = |obj: &Obj| -> Result<Option<i64>, Exc> {
        match obj {
            Obj::None => Ok(None),
            other => other
                .as_int()
                .map(Some)
                .ok_or_else(|| Exc::type_error("slice indices must be integers or None or have an __index__ method")),
        }
    };
    let step = bound(&slice[2])?.unwrap_or(1);
    if step == 0 {
        return Err(Exc::value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let clamp = |value: Option<i64>, default: i64| -> i64 {
        match value {
            None => default,
            Some(v) if v < 0 => {
                let v = v + len;
                if v < 0 { if step < 0 { -1 } else { 0 } } else { v }
            }
            Some(v) if v >= len => {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            }
            Some(v) => v,
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(bound(&slice[0])?, 0), clamp(bound(&slice[1])?, len))
    } else {
        (clamp(bound(&slice[0])?, len - 1), clamp(bound(&slice[1])?, -1))
    };
    let count = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && stop < start {
        (start - stop - 1) / step.checked_neg().unwrap_or(i64::MAX) + 1
    } else {
        0
    };
    Ok(Span { start, step, len: count as usize })
}
