//! The methods of `dict` (views, `get`, `setdefault`, `pop`, `update`…) and `set` (`add`,
//! `discard`, the set algebra by name), with CPython's KeyErrors.

use crate::python::object::Mutate;
use std::rc::Rc;

use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::set_algebra::{self as algebra, Other};
use crate::python::object::{Args, Key, Obj, Table, View};

pub const DICT_NAMES: &[&str] =
    &["keys", "values", "items", "get", "setdefault", "pop", "popitem", "update", "clear", "copy", "fromkeys"];
pub const FROZEN_NAMES: &[&str] =
    &["copy", "union", "intersection", "difference", "symmetric_difference", "issubset", "issuperset", "isdisjoint"];
pub const SET_NAMES: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "clear",
    "copy",
    "update",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "intersection_update",
    "difference_update",
    "symmetric_difference_update",
];

/// Calls `obj.name(args)` on a dict, set or dict view; `None` when there is no such method.
pub fn call(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    obj: &Obj,
    name: &str,
    args: Args,
) -> Option<Result<Obj, Exc>> {
    match obj {
        Obj::Dict(dict) if DICT_NAMES.contains(&name) => Some(dict_method(interp, host, dict, name, args)),
        Obj::Set(set) if SET_NAMES.contains(&name) => Some(set_method(interp, host, set, name, args)),
        Obj::FrozenSet(set) if FROZEN_NAMES.contains(&name) => {
            let copy = Rc::new(std::cell::RefCell::new(set.snapshot()));
            Some(set_method(interp, host, &copy, name, args).map(|result| match result {
                Obj::Set(s) => Obj::FrozenSet(Rc::new(s.borrow().snapshot())),
                other => other,
            }))
        }
        Obj::View(view) if name == "isdisjoint" => Some((|| {
            let other = args.positional(name, 1, 1)?.remove(0);
            let mine = interp.collect_items(host, &Obj::View(view.clone()))?;
            for item in interp.collect_items(host, &other)? {
                for m in &mine {
                    if interp.eq(host, m, &item)? {
                        return Ok(Obj::Bool(false));
                    }
                }
            }
            Ok(Obj::Bool(true))
        })()),
        _ => None,
    }
}

type DictRef = Rc<std::cell::RefCell<Table<Obj>>>;

fn dict_method(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    dict: &DictRef,
    name: &str,
    args: Args,
) -> Result<Obj, Exc> {
    let view = |v: View| Ok(Obj::View(Rc::new((v, dict.clone()))));
    match name {
        "keys" => view(View::Keys),
        "values" => view(View::Values),
        "items" => view(View::Items),
        "get" => {
            let pos = args.positional("get", 1, 2)?;
            let found = dict.borrow().get(&Key::of(&pos[0])?).cloned();
            Ok(found.unwrap_or_else(|| pos.get(1).cloned().unwrap_or(Obj::None)))
        }
        "setdefault" => {
            let pos = args.positional("setdefault", 1, 2)?;
            let key = Key::of(&pos[0])?;
            if let Some(found) = dict.borrow().get(&key) {
                return Ok(found.clone());
            }
            let value = pos.get(1).cloned().unwrap_or(Obj::None);
            dict.mutate().insert(key, pos[0].clone(), value.clone());
            Ok(value)
        }
        "pop" => {
            let pos = args.positional("pop", 1, 2)?;
            let removed = dict.mutate().remove(&Key::of(&pos[0])?);
            match (removed, pos.get(1)) {
                (Some((_, value)), _) => Ok(value),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(Exc::key_error(pos[0].clone())),
            }
        }
        "popitem" => {
            args.positional("popitem", 0, 0)?;
            let last = dict.mutate().pop_last();
            match last {
                Some((key, value)) => Ok(Obj::tuple(vec![key, value])),
                None => Err(Exc::with_args(
                    crate::python::exception::ExcKind::KeyError,
                    vec![Obj::str("popitem(): dictionary is empty")],
                )),
            }
        }
        "update" => {
            let Args { pos, kw } = args;
            if pos.len() > 1 {
                return Err(Exc::type_error(format!("update expected at most 1 argument, got {}", pos.len())));
            }
            if let Some(source) = pos.into_iter().next() {
                for (key, value) in interp.pairs(host, &source)? {
                    dict.mutate().insert(Key::of(&key)?, key, value);
                }
            }
            for (name, value) in kw {
                dict.mutate().insert(Key::Str(name.clone()), Obj::Str(name), value);
            }
            Ok(Obj::None)
        }
        "clear" => {
            dict.mutate().clear();
            Ok(Obj::None)
        }
        "copy" => Ok(Obj::dict(dict.borrow().clone())),
        _ => fromkeys(interp, host, args),
    }
}

/// `dict.fromkeys(iterable, value=None)`.
pub fn fromkeys(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("fromkeys", 1, 2)?;
    let value = pos.get(1).cloned().unwrap_or(Obj::None);
    let mut table = Table::new();
    for key in interp.collect_items(host, &pos[0])? {
        table.insert(Key::of(&key)?, key, value.clone());
    }
    Ok(Obj::dict(table))
}

type SetRef = Rc<std::cell::RefCell<Table<()>>>;

fn set_method(interp: &mut Interpreter, host: &mut dyn Host, set: &SetRef, name: &str, args: Args) -> Result<Obj, Exc> {
    let mut others = Vec::new();
    for other in args.positional(name, 0, usize::MAX)? {
        others.push(other);
    }
    let first = |others: &[Obj]| {
        others.first().cloned().ok_or_else(|| Exc::type_error(format!("{name}() takes exactly one argument (0 given)")))
    };
    match name {
        "add" => {
            let item = first(&others)?;
            set.mutate().insert(Key::of(&item)?, item, ());
            Ok(Obj::None)
        }
        "remove" | "discard" => {
            let item = first(&others)?;
            let removed = set.mutate().remove(&Key::of(&item)?);
            if removed.is_none() && name == "remove" {
                return Err(Exc::key_error(item));
            }
            Ok(Obj::None)
        }
        "pop" => {
            let popped = set.mutate().pop_first();
            popped.map(|(item, ())| item).ok_or_else(|| {
                Exc::with_args(crate::python::exception::ExcKind::KeyError, vec![Obj::str("pop from an empty set")])
            })
        }
        "clear" => {
            set.mutate().clear();
            Ok(Obj::None)
        }
        "copy" => Ok(Obj::set(set.borrow().clone())),
        "issubset" | "issuperset" | "isdisjoint" => {
            let other = as_set(interp, host, &first(&others)?)?;
            let mine = set.borrow().snapshot();
            Ok(Obj::Bool(match name {
                "issubset" => algebra::is_subset(&mine, &other),
                "issuperset" => algebra::is_subset(&other, &mine),
                _ => algebra::is_disjoint(&mine, &Other::Set(other)),
            }))
        }
        _ => {
            let mut operands = Vec::with_capacity(others.len());
            for other in &others {
                operands.push(match other.set_members() {
                    Some(members) => Other::Set(members),
                    None => Other::Items(interp.collect_items(host, other)?),
                });
            }
            let mine = set.borrow().snapshot();
            let one = || {
                operands
                    .first()
                    .ok_or_else(|| Exc::type_error(format!("{name}() takes exactly one argument (0 given)")))
            };
            let result = match name {
                "union" | "update" => {
                    let mut result = if name == "union" { mine.clone() } else { mine };
                    for other in &operands {
                        algebra::update(&mut result, other);
                    }
                    result
                }
                "intersection" | "intersection_update" if operands.is_empty() => mine.clone(),
                "intersection" | "intersection_update" => {
                    let mut result = mine;
                    for other in &operands {
                        result = algebra::intersection(&result, other);
                    }
                    result
                }
                "difference" => match operands.split_first() {
                    None => mine.clone(),
                    Some((first, rest)) => {
                        let mut result = algebra::difference(&mine, first);
                        for other in rest {
                            algebra::difference_update(&mut result, other);
                        }
                        result
                    }
                },
                "difference_update" => {
                    let mut result = mine;
                    for other in &operands {
                        algebra::difference_update(&mut result, other);
                    }
                    result
                }
                "symmetric_difference" => algebra::symmetric_difference(&mine, one()?),
                _ => {
                    let mut result = mine;
                    algebra::symmetric_difference_update(&mut result, one()?);
                    result
                }
            };
            if name == "update" || name.ends_with("_update") {
                *set.mutate() = result;
                Ok(Obj::None)
            } else {
                Ok(Obj::set(result))
            }
        }
    }
}

fn as_set(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj) -> Result<Table<()>, Exc> {
    if let Some(members) = obj.set_members() {
        return Ok(members);
    }
    let mut table = Table::new();
    for item in interp.collect_items(host, obj)? {
        table.insert(Key::of(&item)?, item, ());
    }
    Ok(table)
}
