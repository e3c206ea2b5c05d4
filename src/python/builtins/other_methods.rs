//! The methods of the remaining built-in objects: ints and floats, files (`read`, `write`,
//! `readlines`, `with open(...)`), iterators (`__next__`), ranges, and properties
//! (`@x.setter`).

use std::rc::Rc;

use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj, Type, Wrapper};

const INT: &[&str] = &["bit_length", "conjugate", "is_integer", "__index__", "__int__", "__float__"];
const FLOAT: &[&str] = &["is_integer", "conjugate", "__int__", "__float__"];
const FILE: &[&str] = &[
    "read",
    "readline",
    "readlines",
    "write",
    "writelines",
    "close",
    "flush",
    "__enter__",
    "__exit__",
    "__iter__",
    "__next__",
    "readable",
    "writable",
    "seekable",
    "fileno",
];
const ITER: &[&str] = &["__next__", "__iter__"];
const RANGE: &[&str] = &["count", "index"];
const PROPERTY: &[&str] = &["setter", "getter"];

/// The method names of a built-in type not covered elsewhere.
pub fn names(ty: Type) -> &'static [&'static str] {
    match ty {
        Type::Int | Type::Bool => INT,
        Type::Float => FLOAT,
        Type::File => FILE,
        Type::Range => RANGE,
        Type::Property => PROPERTY,
        Type::Iterator | Type::Enumerate | Type::Zip | Type::Map | Type::Filter | Type::Reversed | Type::Generator => {
            ITER
        }
        _ => &[],
    }
}

/// Calls `obj.name(args)`; `None` when the object has no such method.
pub fn call(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    obj: &Obj,
    name: &str,
    args: Args,
) -> Option<Result<Obj, Exc>> {
    let ty = obj.builtin_type()?;
    if !names(ty).contains(&name) {
        return None;
    }
    Some(match obj {
        Obj::Int(_) | Obj::Bool(_) | Obj::Float(_) => number(obj, name),
        Obj::File(_) => file(interp, host, obj, name, args),
        Obj::Iter(shared) => match name {
            "__next__" => match interp.next_shared(host, shared) {
                Ok(Some(item)) => Ok(item),
                Ok(None) => Err(Exc::with_args(ExcKind::StopIteration, Vec::new())),
                Err(e) => Err(e),
            },
            _ => Ok(obj.clone()),
        },
        Obj::Range(_) => {
            let items = match interp.collect_items(host, obj) {
                Ok(items) => items,
                Err(e) => return Some(Err(e)),
            };
            let target = args.pos.first().and_then(Obj::as_int);
            let found = items.iter().position(|i| i.as_int() == target);
            match (name, found) {
                ("count", found) => Ok(Obj::Int(i64::from(found.is_some()))),
                (_, Some(at)) => Ok(Obj::Int(at as i64)),
                (_, None) => Err(Exc::value_error(format!("{} is not in range", target.unwrap_or(0)))),
            }
        }
        Obj::Wrapper(wrapper) => {
            let Wrapper::Property { get, set } = &**wrapper else { return None };
            let f = args.pos.into_iter().next().unwrap_or(Obj::None);
            Ok(Obj::Wrapper(Rc::new(match name {
                "setter" => Wrapper::Property { get: get.clone(), set: Some(f) },
                _ => Wrapper::Property { get: f, set: set.clone() },
            })))
        }
        _ => return None,
    })
}

fn number(obj: &Obj, name: &str) -> Result<Obj, Exc> {
    Ok(match (obj, name) {
        (Obj::Float(x), "is_integer") => Obj::Bool(x.is_finite() && x.fract() == 0.0),
        (Obj::Float(x), "__int__") => Obj::Int(super::numbers::float_to_int(x.trunc())?),
        (Obj::Float(_), _) => obj.clone(),
        (_, "bit_length") => {
            let i = obj.as_int().unwrap_or(0);
            Obj::Int(i64::from(64 - i.unsigned_abs().leading_zeros()))
        }
        (_, "is_integer") => Obj::Bool(true),
        (_, "__float__") => Obj::Float(obj.as_float().unwrap_or(0.0)),
        _ => Obj::Int(obj.as_int().unwrap_or(0)),
    })
}

fn file(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj, name: &str, args: Args) -> Result<Obj, Exc> {
    let result = file_method(interp, host, obj, name, args);
    crate::python::modules::report_file_changes(interp, host);
    result
}

fn file_method(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj, name: &str, args: Args) -> Result<Obj, Exc> {
    let Obj::File(handle) = obj else { return Ok(Obj::None) };
    let closed = || Exc::value_error("I/O operation on closed file.");
    let io = |e: std::io::Error| crate::python::modules::io_error(&e, "");
    let not = |what: &str| Exc::new(ExcKind::OSError, format!("not {what}"));
    match name {
        "read" => {
            if handle.borrow().closed() {
                return Err(closed());
            }
            let size = args.positional("read", 0, 1)?.first().and_then(Obj::as_int).filter(|n| *n >= 0);
            if handle.borrow().binary {
                let bytes = handle
                    .borrow_mut()
                    .read_bytes(size.map(|n| n as usize))
                    .map_err(io)?
                    .ok_or_else(|| not("readable"))?;
                return Ok(Obj::Bytes(Rc::from(bytes)));
            }
            let text =
                handle.borrow_mut().read(size.map(|n| n as usize)).map_err(io)?.ok_or_else(|| not("readable"))?;
            Ok(Obj::from(text))
        }
        "readline" => {
            if handle.borrow().closed() {
                return Err(closed());
            }
            let line = handle.borrow_mut().readline().map_err(io)?.ok_or_else(|| not("readable"))?;
            Ok(Obj::from(line))
        }
        "readlines" => {
            let items = interp.collect_items(host, obj)?;
            Ok(Obj::list(items))
        }
        "write" => {
            let binary = handle.borrow().binary;
            let (data, written): (Vec<u8>, usize) = match (args.positional("write", 1, 1)?.remove(0), binary) {
                (Obj::Str(s), false) => (s.as_bytes().to_vec(), s.chars().count()),
                (Obj::Bytes(b), true) => (b.to_vec(), b.len()),
                (other, true) => {
                    return Err(Exc::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        other.type_name()
                    )));
                }
                (other, false) => {
                    return Err(Exc::type_error(format!("write() argument must be str, not {}", other.type_name())));
                }
            };
            if handle.borrow().closed() {
                return Err(closed());
            }
            handle.borrow_mut().write(&data).map_err(io)?.ok_or_else(|| not("writable"))?;
            Ok(Obj::Int(written as i64))
        }
        "writelines" => {
            let lines = args.positional("writelines", 1, 1)?.remove(0);
            for line in interp.collect_items(host, &lines)? {
                let Obj::Str(text) = line else {
                    return Err(Exc::type_error("write() argument must be str"));
                };
                handle.borrow_mut().write(text.as_bytes()).map_err(io)?.ok_or_else(|| not("writable"))?;
            }
            Ok(Obj::None)
        }
        "flush" => {
            handle.borrow_mut().flush().map_err(io)?;
            Ok(Obj::None)
        }
        "close" | "__exit__" => {
            handle.borrow_mut().close().map_err(io)?;
            Ok(if name == "__exit__" { Obj::Bool(false) } else { Obj::None })
        }
        "__enter__" | "__iter__" => {
            if handle.borrow().closed() {
                return Err(closed());
            }
            Ok(obj.clone())
        }
        "readable" => Ok(Obj::Bool(handle.borrow().mode == crate::python::object::FileMode::Read)),
        "writable" => Ok(Obj::Bool(handle.borrow().mode != crate::python::object::FileMode::Read)),
        "seekable" => Ok(Obj::Bool(true)),
        _ => Err(Exc::new(ExcKind::OSError, format!("forkbook files have no {name}()"))),
    }
}
