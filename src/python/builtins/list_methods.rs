//! The methods of `list` and `tuple`. Comparisons (`remove`, `index`, `count`) use the
//! interpreter's `==`, so instances' `__eq__` counts; `sort` is the shared stable sort.

use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::Mutate;
use crate::python::object::{Args, Obj};

pub const LIST_NAMES: &[&str] =
    &["append", "extend", "insert", "remove", "pop", "clear", "index", "count", "sort", "reverse", "copy"];
pub const TUPLE_NAMES: &[&str] = &["index", "count"];

/// Calls `obj.name(args)` on a list or tuple; `None` when there is no such method.
pub fn call(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    obj: &Obj,
    name: &str,
    args: Args,
) -> Option<Result<Obj, Exc>> {
    let names = if matches!(obj, Obj::List(_)) { LIST_NAMES } else { TUPLE_NAMES };
    if !names.contains(&name) {
        return None;
    }
    Some(run(interp, host, obj, name, args))
}

fn run(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj, name: &str, mut args: Args) -> Result<Obj, Exc> {
    if let ("index" | "count", _) = (name, obj) {
        return search(interp, host, obj, name, args);
    }
    let Obj::List(list) = obj else { return Ok(Obj::None) };
    match name {
        "append" => {
            let item = args.positional("list.append", 1, 1)?.remove(0);
            list.mutate().push(item);
        }
        "extend" => {
            let iterable = args.positional("list.extend", 1, 1)?.remove(0);
            let items = interp.collect_items(host, &iterable)?;
            list.mutate().extend(items);
        }
        "insert" => {
            let pos = args.positional("insert", 2, 2)?;
            let i = pos[0].as_int().ok_or_else(|| {
                Exc::type_error(format!("'{}' object cannot be interpreted as an integer", pos[0].type_name()))
            })?;
            let mut list = list.mutate();
            let n = list.len() as i64;
            let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
            list.insert(at as usize, pos[1].clone());
        }
        "remove" => {
            let item = args.positional("list.remove", 1, 1)?.remove(0);
            let items = list.borrow().clone();
            for (i, candidate) in items.iter().enumerate() {
                if candidate.is(&item) || interp.eq(host, candidate, &item)? {
                    let mut list = list.mutate();
                    if i < list.len() {
                        list.remove(i);
                    }
                    return Ok(Obj::None);
                }
            }
            return Err(Exc::value_error("list.remove(x): x not in list"));
        }
        "pop" => {
            let pos = args.positional("pop", 0, 1)?;
            let mut list = list.mutate();
            if list.is_empty() {
                return Err(Exc::index_error("pop from empty list"));
            }
            let n = list.len() as i64;
            let i = pos.first().and_then(Obj::as_int).unwrap_or(-1);
            let at = if i < 0 { i + n } else { i };
            if at < 0 || at >= n {
                return Err(Exc::index_error("pop index out of range"));
            }
            return Ok(list.remove(at as usize));
        }
        "clear" => {
            args.positional("clear", 0, 0)?;
            list.mutate().clear();
        }
        "sort" => {
            let key = args.take_kw("key").filter(|k| !matches!(k, Obj::None));
            let reverse = match args.take_kw("reverse") {
                Some(r) => interp.truthy(host, &r)?,
                None => false,
            };
            args.positional("sort", 0, 0)?;
            // As in CPython, the list looks empty while it is being sorted.
            let mut items = std::mem::take(&mut *list.mutate());
            let result = super::sort_objects(interp, host, &mut items, key, reverse);
            *list.mutate() = items;
            result?;
        }
        "reverse" => {
            args.positional("reverse", 0, 0)?;
            list.mutate().reverse();
        }
        "copy" => {
            args.positional("copy", 0, 0)?;
            return Ok(Obj::list(list.borrow().clone()));
        }
        _ => {}
    }
    Ok(Obj::None)
}

fn search(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj, name: &str, args: Args) -> Result<Obj, Exc> {
    let items = interp.collect_items(host, obj)?;
    let kind = obj.type_name();
    let pos = args.positional(name, 1, 3)?;
    let item = &pos[0];
    if name == "count" {
        let mut n = 0;
        for candidate in &items {
            if candidate.is(item) || interp.eq(host, candidate, item)? {
                n += 1;
            }
        }
        return Ok(Obj::Int(n));
    }
    let len = items.len() as i64;
    let bound = |o: Option<&Obj>, default: i64| {
        o.and_then(Obj::as_int).map_or(default, |i| if i < 0 { (i + len).max(0) } else { i.min(len) })
    };
    let (start, end) = (bound(pos.get(1), 0), bound(pos.get(2), len));
    for i in start..end {
        let candidate = &items[i as usize];
        if candidate.is(item) || interp.eq(host, candidate, item)? {
            return Ok(Obj::Int(i));
        }
    }
    if kind.as_ref() == "tuple" {
        Err(Exc::value_error("tuple.index(x): x not in tuple"))
    } else {
        let shown = interp.repr(host, item)?;
        Err(Exc::value_error(format!("{shown} is not in list")))
    }
}
