//! Iteration: turning an object into an `Iter` (`iter(x)`, the start of a `for` loop) and
//! advancing one. A list is walked by index (so appending while looping is seen, as in
//! CPython), a dict notices a size change, a shared iterator object is advanced in place.

use std::rc::Rc;

use super::Interpreter;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::{Args, Iter, Obj, Type, View};

impl Interpreter {
    /// `iter(obj)` as iteration state.
    pub(crate) fn iterate(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<Iter, Exc> {
        Ok(match obj {
            Obj::Range(r) => Iter::Range { next: r[0], stop: r[1], step: r[2] },
            Obj::List(list) => Iter::List { list: list.clone(), at: 0 },
            Obj::Tuple(items) => Iter::Tuple { items: items.clone(), at: 0 },
            Obj::Str(text) => Iter::Chars { text: text.clone(), at: 0 },
            Obj::Bytes(bytes) => Iter::Items(
                bytes.iter().map(|b| Obj::Int(i64::from(*b))).collect::<Vec<_>>().into_iter(),
                Type::Iterator,
            ),
            Obj::Dict(dict) => {
                let len = dict.borrow().len();
                Iter::Dict { dict: dict.clone(), at: 0, view: View::Keys, len }
            }
            Obj::View(view) => {
                let len = view.1.borrow().len();
                Iter::Dict { dict: view.1.clone(), at: 0, view: view.0, len }
            }
            Obj::Set(set) => Iter::Items(set.borrow().keys().into_iter(), Type::Set),
            Obj::FrozenSet(set) => Iter::Items(set.keys().into_iter(), Type::Set),
            Obj::Iter(shared) => Iter::Shared(shared.clone()),
            Obj::File(file) => Iter::Lines(file.clone()),
            Obj::Instance(instance) => {
                if instance.class.lookup_user("__iter__").is_some() {
                    let result = self.method(host, obj, "__iter__", Args::none())?;
                    return match &result {
                        Obj::Iter(shared) => Ok(Iter::Shared(shared.clone())),
                        Obj::Instance(i) if i.class.lookup_user("__next__").is_some() => {
                            Ok(Iter::Object(result.clone()))
                        }
                        other => Err(Exc::type_error(format!(
                            "iter() returned non-iterator of type '{}'",
                            other.type_name()
                        ))),
                    };
                }
                if instance.class.lookup_user("__next__").is_some() {
                    return Ok(Iter::Object(obj.clone()));
                }
                if instance.class.lookup_user("__getitem__").is_some() {
                    let mut items = Vec::new();
                    loop {
                        match self.method(host, obj, "__getitem__", Args::new(vec![Obj::Int(items.len() as i64)])) {
                            Ok(item) => items.push(item),
                            Err(mut e) => {
                                let kind = self.exception_kind(&mut e);
                                if kind.is_some_and(|k| k.is_a(ExcKind::IndexError) || k == ExcKind::StopIteration) {
                                    break;
                                }
                                return Err(e);
                            }
                        }
                    }
                    return Ok(Iter::Items(items.into_iter(), Type::Iterator));
                }
                return Err(not_iterable(obj));
            }
            Obj::Host(_) => {
                let result = self.method(host, obj, "__iter__", Args::none())?;
                return self.iterate(host, &result);
            }
            _ => return Err(not_iterable(obj)),
        })
    }

    /// The next item, or `None` at the end.
    pub(crate) fn next(&mut self, host: &mut dyn Host, iter: &mut Iter) -> Result<Option<Obj>, Exc> {
        // A comprehension is one statement: it checks the memory cap at every item.
        super::ops::memory_left()?;
        let item = match iter {
            Iter::Range { next, stop, step } => {
                let more = if *step > 0 { *next < *stop } else { *next > *stop };
                if !more {
                    return Ok(None);
                }
                let value = *next;
                *next = next.saturating_add(*step);
                if *next == value {
                    *next = *stop;
                }
                Some(Obj::Int(value))
            }
            Iter::List { list, at } => {
                let item = list.borrow().get(*at).cloned();
                *at += 1;
                item
            }
            Iter::Tuple { items, at } => {
                let item = items.get(*at).cloned();
                *at += 1;
                item
            }
            Iter::Chars { text, at } => {
                let c = text[*at..].chars().next();
                if let Some(c) = c {
                    *at += c.len_utf8();
                }
                c.map(|c| Obj::from(c.to_string()))
            }
            Iter::Dict { dict, at, view, len } => {
                let dict = dict.borrow();
                if dict.len() != *len {
                    *len = usize::MAX;
                    return Err(Exc::runtime_error("dictionary changed size during iteration"));
                }
                match dict.entry_from(*at) {
                    Some((after, key, value)) => {
                        *at = after;
                        Some(match view {
                            View::Keys => key.clone(),
                            View::Values => value.clone(),
                            View::Items => Obj::tuple(vec![key.clone(), value.clone()]),
                        })
                    }
                    None => None,
                }
            }
            Iter::Items(items, _) => items.next(),
            Iter::Shared(shared) => {
                let shared = shared.clone();
                return self.next_shared(host, &shared);
            }
            Iter::Enumerate { inner, count } => match self.next(host, inner)? {
                Some(item) => {
                    // Past i64::MAX the count is None: the next item's count overflows.
                    let n = count.ok_or_else(super::ops::overflow)?;
                    *count = n.checked_add(1);
                    Some(Obj::tuple(vec![Obj::Int(n), item]))
                }
                None => None,
            },
            Iter::Zip(inners) if inners.is_empty() => None,
            Iter::Zip(inners) => {
                let mut items = Vec::with_capacity(inners.len());
                for inner in inners.iter_mut() {
                    match self.next(host, inner)? {
                        Some(item) => items.push(item),
                        None => return Ok(None),
                    }
                }
                Some(Obj::tuple(items))
            }
            Iter::Map { func, inner } => {
                let func = func.clone();
                let mut args = Vec::with_capacity(inner.len());
                for it in inner.iter_mut() {
                    match self.next(host, it)? {
                        Some(item) => args.push(item),
                        None => return Ok(None),
                    }
                }
                Some(self.call_obj(host, &func, Args::new(args))?)
            }
            Iter::Filter { func, inner } => {
                let func = func.clone();
                loop {
                    let Some(item) = self.next(host, inner)? else { return Ok(None) };
                    let keep = match &func {
                        Obj::None => item.clone(),
                        f => self.call_obj(host, f, Args::new(vec![item.clone()]))?,
                    };
                    if self.truth(host, &keep)? {
                        break Some(item);
                    }
                }
            }
            Iter::Gen(state) => {
                if self.gen_advance(host, state)? {
                    let comp = state.comp.clone();
                    Some(self.eval(host, &mut state.frame, &comp.elt)?)
                } else {
                    None
                }
            }
            Iter::Object(obj) => {
                let obj = obj.clone();
                match self.method(host, &obj, "__next__", Args::none()) {
                    Ok(item) => Some(item),
                    Err(mut e) => {
                        if self.is_stop_iteration(&mut e) {
                            None
                        } else {
                            return Err(e);
                        }
                    }
                }
            }
            Iter::Lines(file) => {
                let line = file.borrow_mut().readline().map_err(|e| super::super::modules::io_error(&e, ""))?;
                match line {
                    Some(line) if !line.is_empty() => Some(Obj::from(line)),
                    Some(_) => None,
                    None => return Err(Exc::value_error("I/O operation on closed file.")),
                }
            }
            Iter::Running => return Err(Exc::value_error("generator already executing")),
            Iter::Done => None,
        };
        if item.is_none() {
            *iter = Iter::Done;
        }
        Ok(item)
    }

    /// Advances an iterator object the program holds.
    pub(crate) fn next_shared(
        &mut self,
        host: &mut dyn Host,
        shared: &Rc<std::cell::RefCell<Iter>>,
    ) -> Result<Option<Obj>, Exc> {
        let mut state = std::mem::replace(&mut *shared.borrow_mut(), Iter::Running);
        let result = self.next(host, &mut state);
        *shared.borrow_mut() = state;
        result
    }

    /// All items of an iterable.
    pub(crate) fn collect(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<Vec<Obj>, Exc> {
        match obj {
            Obj::List(list) => Ok(list.borrow().clone()),
            Obj::Tuple(items) => Ok(items.to_vec()),
            _ => {
                let mut iter = self.iterate(host, obj)?;
                let mut items = Vec::new();
                while let Some(item) = self.next(host, &mut iter)? {
                    items.push(item);
                }
                Ok(items)
            }
        }
    }

    /// The items a dict view shows.
    pub(super) fn collect_view(&self, view: &Obj) -> Vec<Obj> {
        let Obj::View(view) = view else { return Vec::new() };
        let dict = view.1.borrow();
        match view.0 {
            View::Keys => dict.keys(),
            View::Values => dict.iter().map(|(_, v)| v.clone()).collect(),
            View::Items => dict.iter().map(|(k, v)| Obj::tuple(vec![k.clone(), v.clone()])).collect(),
        }
    }

    /// Whether `e` is a StopIteration (making it an object if needed).
    fn is_stop_iteration(&mut self, e: &mut Exc) -> bool {
        self.exception_kind(e) == Some(ExcKind::StopIteration)
    }
}

fn not_iterable(obj: &Obj) -> Exc {
    Exc::type_error(format!("'{}' object is not iterable", obj.type_name()))
}
