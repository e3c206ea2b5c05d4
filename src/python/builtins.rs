//! The built-ins: the functions every program can call (`print`, `len`, `sorted`…), the
//! types it can call or test (`int`, `list`, `dict`…), the exception classes, and the
//! methods of the built-in types (`str.split`, `list.append`, `dict.items`…), dispatched
//! by receiver type and name.

mod bytes_methods;
mod dict_methods;
mod functions;
mod list_methods;
mod numbers;
mod other_methods;
mod sort;
mod str_methods;
mod types;

use std::rc::Rc;

use super::exception::{Exc, ExcKind};
use super::host::Host;
use super::interp::Interpreter;
use super::object::{Args, Native, NativeFn, Obj, Type};

pub(crate) use sort::sort_objects;
pub use types::construct;

/// Puts every built-in name into the interpreter's builtins.
pub fn install(interp: &mut Interpreter) {
    for (name, f) in functions::FUNCTIONS {
        interp.builtins.insert(Rc::from(*name), native(name, *f));
    }
    for name in [
        "object",
        "bool",
        "int",
        "float",
        "str",
        "bytes",
        "list",
        "tuple",
        "dict",
        "set",
        "frozenset",
        "range",
        "slice",
        "type",
        "property",
        "staticmethod",
        "classmethod",
        "super",
        "enumerate",
        "zip",
        "map",
        "filter",
        "reversed",
    ] {
        if let Some(ty) = Type::from_builtin_name(name) {
            interp.builtins.insert(Rc::from(name), Obj::Type(ty));
        }
    }
    for kind in ExcKind::ALL {
        if kind.module() == "builtins" {
            interp.builtins.insert(Rc::from(kind.name()), interp.exception_class(*kind));
        }
    }
    interp.builtins.insert(Rc::from("EnvironmentError"), interp.exception_class(ExcKind::OSError));
    interp.builtins.insert(Rc::from("IOError"), interp.exception_class(ExcKind::OSError));
    interp.builtins.insert(Rc::from("NotImplemented"), Obj::NotImplemented);
    interp.builtins.insert(Rc::from("Ellipsis"), Obj::Ellipsis);
}

/// A native function object.
pub fn native(name: &str, f: NativeFn) -> Obj {
    Obj::Native(Rc::new(Native { name: Rc::from(name), f }))
}

/// Calls method `name` of a built-in object; `None` when it has no such method.
pub fn call_method(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    obj: &Obj,
    name: &str,
    args: Args,
) -> Option<Result<Obj, Exc>> {
    match obj {
        Obj::Str(s) => str_methods::call(interp, host, s, name, args),
        Obj::Bytes(b) => bytes_methods::call(interp, host, b, name, args),
        Obj::List(_) | Obj::Tuple(_) => list_methods::call(interp, host, obj, name, args),
        Obj::Dict(_) | Obj::Set(_) | Obj::FrozenSet(_) | Obj::View(_) => {
            dict_methods::call(interp, host, obj, name, args)
        }
        _ => other_methods::call(interp, host, obj, name, args),
    }
}

/// Whether a built-in type has method `name` (for `obj.name` without a call).
pub fn has_method(ty: Type, name: &str) -> bool {
    let names: &[&str] = match ty {
        Type::Str => str_methods::NAMES,
        Type::Bytes => bytes_methods::NAMES,
        Type::List => list_methods::LIST_NAMES,
        Type::Tuple => list_methods::TUPLE_NAMES,
        Type::Dict => dict_methods::DICT_NAMES,
        Type::Set => dict_methods::SET_NAMES,
        Type::FrozenSet => dict_methods::FROZEN_NAMES,
        other => other_methods::names(other),
    };
    names.contains(&name)
}

/// A method called on a built-in type itself (`dict.fromkeys`, `str.maketrans`); `None`
/// when it is an ordinary method called unbound (`str.upper(s)`).
pub fn type_method(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    ty: Type,
    name: &str,
    args: &mut Args,
) -> Option<Result<Obj, Exc>> {
    match (ty, name) {
        (Type::Dict, "fromkeys") => Some(dict_methods::fromkeys(interp, host, std::mem::take(args))),
        (Type::Int, "from_bytes") | (Type::Str, "maketrans") => {
            Some(Err(Exc::type_error(format!("forkbook does not support {}.{name}", ty.name()))))
        }
        _ => None,
    }
}

/// A data attribute of a built-in object (`x.real`, `r.start`, `f.name`).
pub fn attribute(_interp: &mut Interpreter, obj: &Obj, name: &str) -> Option<Obj> {
    match (obj, name) {
        (Obj::Int(_) | Obj::Bool(_), "real" | "numerator") => obj.as_int().map(Obj::Int),
        (Obj::Int(_) | Obj::Bool(_), "imag") => Some(Obj::Int(0)),
        (Obj::Int(_) | Obj::Bool(_), "denominator") => Some(Obj::Int(1)),
        (Obj::Float(x), "real") => Some(Obj::Float(*x)),
        (Obj::Float(_), "imag") => Some(Obj::Float(0.0)),
        (Obj::Range(r), "start") => Some(Obj::Int(r[0])),
        (Obj::Range(r), "stop") => Some(Obj::Int(r[1])),
        (Obj::Range(r), "step") => Some(Obj::Int(r[2])),
        (Obj::Slice(s), "start") => Some(s[0].clone()),
        (Obj::Slice(s), "stop") => Some(s[1].clone()),
        (Obj::Slice(s), "step") => Some(s[2].clone()),
        (Obj::File(f), "name") => Some(Obj::Str(f.borrow().name.clone())),
        (Obj::File(f), "mode") => Some(Obj::Str(f.borrow().mode_text.clone())),
        (Obj::File(f), "closed") => Some(Obj::Bool(f.borrow().closed())),
        (_, "__class__") => obj.builtin_type().map(Obj::Type),
        (_, "__doc__") => Some(Obj::None),
        _ => None,
    }
}

/// A float as an int (`math.floor`), or CPython's error for nan and infinity.
pub fn float_to_int_obj(x: f64) -> Result<Obj, Exc> {
    numbers::float_to_int(x).map(Obj::Int)
}
