//! The built-in functions about objects and I/O: `print` (to the host), `len`, `repr`,
//! `format`, `isinstance`, `getattr` and friends, `iter`/`next`, `input` (which meets
//! end-of-file, as a child process with no stdin does), `exit`, `open`, `fetch`.

use std::rc::Rc;

use super::numbers;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::{Host, HostKind, Stream};
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Iter, Key, NativeFn, Obj, Type};

/// Every built-in function, by name.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("print", print),
    ("len", len),
    ("repr", repr),
    ("ascii", ascii),
    ("format", format),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("hasattr", hasattr),
    ("getattr", getattr),
    ("setattr", setattr),
    ("delattr", delattr),
    ("iter", iter),
    ("next", next),
    ("id", id),
    ("hash", hash),
    ("callable", callable),
    ("vars", vars),
    ("input", input),
    ("exit", exit),
    ("quit", exit),
    ("open", crate::python::modules::open),
    ("fetch", crate::python::modules::fetch),
    ("abs", numbers::abs),
    ("round", numbers::round),
    ("divmod", numbers::divmod),
    ("pow", numbers::pow),
    ("min", numbers::min),
    ("max", numbers::max),
    ("sum", numbers::sum),
    ("any", numbers::any),
    ("all", numbers::all),
    ("sorted", numbers::sorted),
    ("chr", numbers::chr),
    ("ord", numbers::ord),
    ("hex", numbers::hex),
    ("oct", numbers::oct),
    ("bin", numbers::bin),
];

/// Where `print(file=...)` and friends write.
pub enum Sink {
    Stream(Stream),
    Object(Obj),
}

/// The sink a `file=` argument names.
pub fn sink(file: Option<Obj>) -> Sink {
    match file {
        None | Some(Obj::None) => Sink::Stream(Stream::Stdout),
        Some(Obj::Module(m)) if &*m.name == "<stdout>" => Sink::Stream(Stream::Stdout),
        Some(Obj::Module(m)) if &*m.name == "<stderr>" => Sink::Stream(Stream::Stderr),
        Some(other) => Sink::Object(other),
    }
}

fn print(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let sep = args.take_kw("sep");
    let end = args.take_kw("end");
    let file = args.take_kw("file");
    let flush = args.take_kw("flush");
    if let Some((name, _)) = args.kw.first() {
        return Err(Exc::type_error(format!("'{name}' is an invalid keyword argument for print()")));
    }
    let text_of = |obj: Option<Obj>, what: &str, default: &str| -> Result<String, Exc> {
        match obj {
            None | Some(Obj::None) => Ok(default.to_string()),
            Some(Obj::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(Exc::type_error(format!("{what} must be None or a string, not {}", other.type_name()))),
        }
    };
    let sep = text_of(sep, "sep", " ")?;
    let end = text_of(end, "end", "\n")?;
    let mut text = String::new();
    for (i, item) in args.pos.iter().enumerate() {
        if i > 0 {
            text.push_str(&sep);
        }
        text.push_str(&interp.str(host, item)?);
    }
    text.push_str(&end);
    let flush = match flush {
        Some(f) => interp.truthy(host, &f)?,
        None => false,
    };
    match sink(file) {
        Sink::Stream(stream) => {
            host.write(interp, stream, &text)?;
            if flush {
                host.flush(interp, stream)?;
            }
        }
        Sink::Object(obj) => {
            interp.call_method(host, &obj, "write", Args::new(vec![Obj::from(text)]))?;
            if flush {
                interp.call_method(host, &obj, "flush", Args::none())?;
            }
        }
    }
    Ok(Obj::None)
}

fn one(args: Args, fname: &str) -> Result<Obj, Exc> {
    Ok(args.positional(fname, 1, 1)?.into_iter().next().unwrap_or(Obj::None))
}

/// `len(obj)`.
pub fn length(interp: &mut Interpreter, host: &mut dyn Host, obj: &Obj) -> Result<i64, Exc> {
    let n = match obj {
        Obj::Str(s) => s.chars().count(),
        Obj::Bytes(b) => b.len(),
        Obj::List(list) => list.borrow().len(),
        Obj::Tuple(items) => items.len(),
        Obj::Dict(dict) => dict.borrow().len(),
        Obj::Set(set) => set.borrow().len(),
        Obj::FrozenSet(set) => set.len(),
        Obj::View(view) => view.1.borrow().len(),
        Obj::Range(r) => crate::python::interp::range_len_checked(r)?,
        Obj::Instance(instance) if instance.class.lookup_user("__len__").is_some() => {
            let n = interp.call_method(host, obj, "__len__", Args::none())?;
            return match n.as_int() {
                Some(n) if n >= 0 => Ok(n),
                Some(_) => Err(Exc::value_error("__len__() should return >= 0")),
                None => Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", n.type_name()))),
            };
        }
        Obj::Host(_) => {
            let n = interp.call_method(host, obj, "__len__", Args::none())?;
            return n.as_int().ok_or_else(|| Exc::type_error("__len__ returned a non-int"));
        }
        other => return Err(Exc::type_error(format!("object of type '{}' has no len()", other.type_name()))),
    };
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

fn len(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "len")?;
    length(interp, host, &obj).map(Obj::Int)
}

fn repr(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "repr")?;
    interp.repr(host, &obj).map(Obj::from)
}

fn ascii(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "ascii")?;
    let text = interp.repr(host, &obj)?;
    Ok(Obj::from(crate::python::interp::ascii(&text)))
}

fn format(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let mut pos = args.positional("format", 1, 2)?.into_iter();
    let value = pos.next().unwrap_or(Obj::None);
    let spec = match pos.next() {
        None => String::new(),
        Some(Obj::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(Exc::type_error(format!("format() argument 2 must be str, not {}", other.type_name())));
        }
    };
    interp.format_value(host, &value, &spec).map(Obj::from)
}

/// `isinstance(obj, class)` for one class.
pub fn is_instance(obj: &Obj, class: &Obj) -> Result<bool, Exc> {
    Ok(match class {
        Obj::Type(ty) => match obj {
            Obj::Instance(_) => *ty == Type::Object,
            Obj::Class(_) => *ty == Type::Meta || *ty == Type::Object,
            _ => obj.builtin_type().is_some_and(|t| t.is_subtype(*ty)),
        },
        Obj::Class(c) => match obj {
            Obj::Instance(instance) => instance.class.is_subclass(c),
            Obj::Host(host) if host.kind == HostKind::Object => {
                Rc::ptr_eq(&super::types::host_class(&host.type_name), c)
            }
            _ => false,
        },
        Obj::Tuple(classes) => {
            for c in classes.iter() {
                if is_instance(obj, c)? {
                    return Ok(true);
                }
            }
            false
        }
        _ => return Err(Exc::type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    })
}

fn isinstance(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("isinstance", 2, 2)?;
    is_instance(&pos[0], &pos[1]).map(Obj::Bool)
}

fn issubclass(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("issubclass", 2, 2)?;
    fn check(sub: &Obj, sup: &Obj) -> Result<bool, Exc> {
        Ok(match (sub, sup) {
            (_, Obj::Tuple(classes)) => {
                for c in classes.iter() {
                    if check(sub, c)? {
                        return Ok(true);
                    }
                }
                false
            }
            (Obj::Class(a), Obj::Class(b)) => a.is_subclass(b),
            (Obj::Class(_), Obj::Type(Type::Object)) => true,
            (Obj::Type(a), Obj::Type(b)) => a.is_subtype(*b),
            (Obj::Class(_) | Obj::Type(_), _) => false,
            _ => return Err(Exc::type_error("issubclass() arg 1 must be a class")),
        })
    }
    check(&pos[0], &pos[1]).map(Obj::Bool)
}

fn name_arg(obj: &Obj, fname: &str) -> Result<Rc<str>, Exc> {
    match obj {
        Obj::Str(s) => Ok(s.clone()),
        other => Err(Exc::type_error(format!("{fname}(): attribute name must be string, not '{}'", other.type_name()))),
    }
}

fn hasattr(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("hasattr", 2, 2)?;
    let name = name_arg(&pos[1], "hasattr")?;
    match interp.getattr(host, &pos[0], &name) {
        Ok(_) => Ok(Obj::Bool(true)),
        Err(mut e) => {
            let obj = interp.exc_object(&mut e);
            match &obj {
                Obj::Instance(i) if i.class.exc_kind().is_some_and(|k| k.is_a(ExcKind::AttributeError)) => {
                    Ok(Obj::Bool(false))
                }
                _ => Err(e),
            }
        }
    }
}

fn getattr(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("getattr", 2, 3)?;
    let name = name_arg(&pos[1], "getattr")?;
    match interp.getattr(host, &pos[0], &name) {
        Err(mut e) if pos.len() == 3 => {
            let obj = interp.exc_object(&mut e);
            match &obj {
                Obj::Instance(i) if i.class.exc_kind().is_some_and(|k| k.is_a(ExcKind::AttributeError)) => {
                    Ok(pos[2].clone())
                }
                _ => Err(e),
            }
        }
        other => other,
    }
}

fn setattr(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("setattr", 3, 3)?;
    let name = name_arg(&pos[1], "setattr")?;
    interp.setattr(host, &pos[0], &name, pos[2].clone())?;
    Ok(Obj::None)
}

fn delattr(interp: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("delattr", 2, 2)?;
    let name = name_arg(&pos[1], "delattr")?;
    interp.del_attr(&pos[0], &name)?;
    Ok(Obj::None)
}

fn iter(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "iter")?;
    if let Obj::Iter(_) = obj {
        return Ok(obj);
    }
    if let Obj::Instance(instance) = &obj
        && instance.class.lookup_user("__iter__").is_some()
    {
        return interp.call_method(host, &obj, "__iter__", Args::none());
    }
    let state = interp.iterate(host, &obj)?;
    Ok(Obj::iter(state))
}

fn next(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("next", 1, 2)?;
    let item = match &pos[0] {
        Obj::Iter(shared) => interp.next_shared(host, shared)?,
        Obj::Instance(instance) if instance.class.lookup_user("__next__").is_some() => {
            let mut state = Iter::Object(pos[0].clone());
            interp.next(host, &mut state)?
        }
        other => return Err(Exc::type_error(format!("'{}' object is not an iterator", other.type_name()))),
    };
    match (item, pos.get(1)) {
        (Some(item), _) => Ok(item),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(Exc::with_args(ExcKind::StopIteration, Vec::new())),
    }
}

fn id(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "id")?;
    let id = obj.address().unwrap_or_else(|| Key::of(&obj).map_or(0, |k| k.hash() as usize));
    Ok(Obj::Int(i64::try_from(id).unwrap_or(i64::MAX)))
}

fn hash(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "hash")?;
    Ok(Obj::Int(Key::of(&obj)?.python_hash()))
}

fn callable(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "callable")?;
    Ok(Obj::Bool(match &obj {
        Obj::Function(_) | Obj::Native(_) | Obj::Method(_) | Obj::Class(_) | Obj::Type(_) | Obj::Host(_) => true,
        Obj::Instance(instance) => instance.class.lookup("__call__").is_some(),
        _ => false,
    }))
}

fn vars(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let obj = one(args, "vars")?;
    interp.getattr(host, &obj, "__dict__").map_err(|_| Exc::type_error("vars() argument must have __dict__ attribute"))
}

fn input(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("input", 0, 1)?;
    if let Some(prompt) = pos.first() {
        let text = interp.str(host, prompt)?;
        host.write(interp, Stream::Stdout, &text)?;
    }
    Err(Exc::new(ExcKind::EOFError, "EOF when reading a line"))
}

fn exit(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("exit", 0, 1)?;
    Err(Exc::with_args(ExcKind::SystemExit, pos))
}
