//! How a pool's functions and exceptions cross to another process, as pickle does: a
//! function travels as its qualified name (`square`, `math.sqrt`) and the receiving
//! process, a fork of the same program, looks it up again; so a lambda or a nested
//! function cannot be sent, and a function defined after the workers were forked is not
//! found in them (CPython's `Can't get attribute`). An exception travels as its class's
//! name and its `args`, and is made again on the other side.

use crate::python::{Args, Exc, ExcKind, Host, Interpreter, MODULES, Obj, Type};
use crate::value::Value;

/// Modules whose functions can be sent by name (those forkbook provides itself).
const SENDABLE_MODULES: [&str; 7] = ["time", "os", "os.path", "random", "math", "json", "sys"];

/// The name `func` travels as; a PicklingError (or CPython's AttributeError for a local
/// object) when the receiver could not find it again by that name.
pub fn name_of(interp: &mut Interpreter, host: &mut dyn Host, func: &Obj) -> Result<String, Exc> {
    let name = match func {
        Obj::Function(_) | Obj::Class(_) => {
            let qualname = text_attr(interp, host, func, "__qualname__")?;
            if qualname.contains("<locals>") {
                return Err(Exc::attribute_error(format!("Can't pickle local object '{qualname}'")));
            }
            match text_attr(interp, host, func, "__module__")?.as_str() {
                "__main__" | "builtins" => qualname,
                module => format!("{module}.{qualname}"),
            }
        }
        Obj::Type(ty) if Type::from_builtin_name(ty.name()) == Some(*ty) => ty.name().to_string(),
        Obj::Native(native) => {
            let mut found = None;
            for module in SENDABLE_MODULES {
                let Ok(m) = interp.import(host, module) else { continue };
                if interp.getattr(host, &m, &native.name).is_ok_and(|f| f.is(func)) {
                    found = Some(format!("{module}.{}", native.name));
                    break;
                }
            }
            found.ok_or_else(|| {
                Exc::new(
                    ExcKind::PicklingError,
                    format!(
                        "forkbook cannot send the built-in function '{0}' to a pool worker; \
                         wrap it in a function of your own (def f(x): return {0}(x))",
                        native.name
                    ),
                )
            })?
        }
        Obj::Method(_) => {
            return Err(Exc::new(
                ExcKind::PicklingError,
                "forkbook cannot send a bound method to a pool worker; use a function defined at module level",
            ));
        }
        other => {
            return Err(Exc::type_error(format!("cannot pickle '{}' object", other.type_name())));
        }
    };
    // As pickle checks: looking the name up again must give the same object.
    match find(interp, host, &name) {
        Ok(found) if found.is(func) || matches!(func, Obj::Type(_)) => Ok(name),
        Ok(_) => {
            let shown = interp.repr(host, func)?;
            Err(Exc::new(
                ExcKind::PicklingError,
                format!("Can't pickle {shown}: it's not the same object as __main__.{name}"),
            ))
        }
        Err(_) => {
            let shown = interp.repr(host, func)?;
            let last = name.rsplit('.').next().unwrap_or(&name);
            Err(Exc::new(
                ExcKind::PicklingError,
                format!("Can't pickle {shown}: attribute lookup {last} on __main__ failed"),
            ))
        }
    }
}

/// The object a name stands for in this process: a global of the program (and attributes
/// of it), a built-in type, or a function of a module forkbook provides.
pub fn find(interp: &mut Interpreter, host: &mut dyn Host, name: &str) -> Result<Obj, Exc> {
    let parts: Vec<&str> = name.split('.').collect();
    let not_found = || Exc::attribute_error(format!("Can't get attribute '{name}' on <module '__main__'>"));
    let (mut obj, rest) = match interp.global(parts[0]) {
        Some(global) => (global, &parts[1..]),
        None if parts.len() == 1 => {
            return Type::from_builtin_name(name).map(Obj::Type).ok_or_else(not_found);
        }
        None => {
            let split = (1..parts.len()).rev().find(|&i| MODULES.contains(&parts[..i].join(".").as_str()));
            let Some(split) = split else { return Err(not_found()) };
            (interp.import(host, &parts[..split].join("."))?, &parts[split..])
        }
    };
    for part in rest {
        obj = interp.getattr(host, &obj, part).map_err(|_| not_found())?;
    }
    Ok(obj)
}

/// An exception as it travels: its class's name (`ValueError`, `MyError`,
/// `json.decoder.JSONDecodeError`) and its `args`.
pub fn exception_value(interp: &mut Interpreter, host: &mut dyn Host, exc: &Obj) -> Value {
    let Obj::Instance(instance) = exc else { return Value::List(vec![Value::Str("Exception".into())]) };
    let class = instance.class.display_name();
    let args = match interp.getattr(host, exc, "args").map(|a| interp.to_value(&a)) {
        Ok(Ok(args @ Value::Tuple(_))) => args,
        _ => Value::Tuple(vec![Value::Str(interp.str(host, exc).unwrap_or_default())]),
    };
    Value::List(vec![Value::Str(class), args])
}

/// The exception a travelled value stands for, made again in this process.
pub fn exception_of(interp: &mut Interpreter, host: &mut dyn Host, value: &Value) -> Exc {
    let (class, args) = match value {
        Value::List(parts) => match parts.as_slice() {
            [Value::Str(class), Value::Tuple(args)] => (class.as_str(), args.as_slice()),
            [Value::Str(class)] => (class.as_str(), &[][..]),
            _ => ("Exception", &[][..]),
        },
        _ => ("Exception", &[][..]),
    };
    let args: Vec<Obj> = match args.iter().map(|a| interp.from_value(a)).collect() {
        Ok(args) => args,
        // An argument that cannot be made here fails as unpickling it would.
        Err(e) => return e,
    };
    let (module, name) = class.rsplit_once('.').unwrap_or(("builtins", class));
    if let Some(kind) = ExcKind::from_name(name).filter(|k| k.module() == module) {
        return Exc::with_args(kind, args);
    }
    match find(interp, host, class).and_then(|c| interp.call(host, &c, Args::new(args.clone()))) {
        Ok(instance) => Exc::from_object(instance),
        Err(_) => Exc::with_args(ExcKind::Exception, args),
    }
}

fn text_attr(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj, name: &str) -> Result<String, Exc> {
    let value = interp.getattr(host, obj, name)?;
    interp.str(host, &value)
}
