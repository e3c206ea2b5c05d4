//! Calling a built-in type: `int('42')`, `float('inf')`, `str(x)`, `list(it)`, `dict(a=1)`,
//! `range(3)`, `enumerate`, `zip`, `map`, `filter`, `reversed`, `type(x)`, `property`,
//! `staticmethod`, `classmethod`, two-argument `super`, with CPython's conversions and
//! their error texts (`invalid literal for int() with base 10: 'a'`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::numbers::float_to_int;
use crate::python::exception::Exc;
use crate::python::host::{Host, HostKind};
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Attrs, Class, Instance, Iter, Key, Obj, Super, Table, Type, Wrapper};

/// `ty(*args, **kwargs)`.
pub fn construct(interp: &mut Interpreter, host: &mut dyn Host, ty: Type, args: Args) -> Result<Obj, Exc> {
    let name = ty.name();
    match ty {
        Type::Object => {
            args.positional("object", 0, 0)?;
            let class =
                Class::new(Rc::from("object"), Rc::from("object"), Rc::from("builtins"), None, Attrs::default());
            Ok(Obj::Instance(Rc::new(Instance::new(Rc::new(class)))))
        }
        Type::Bool => match args.positional("bool", 0, 1)?.first() {
            Some(x) => interp.truthy(host, x).map(Obj::Bool),
            None => Ok(Obj::Bool(false)),
        },
        Type::Int => int(interp, host, args),
        Type::Bytes => super::bytes_methods::construct(interp, host, args),
        Type::Float => float(interp, host, args),
        Type::Str => {
            let [value] = args.bind("str", ["object"], 0)?;
            match value {
                Some(v) => interp.str(host, &v).map(Obj::from),
                None => Ok(Obj::str("")),
            }
        }
        Type::List | Type::Tuple | Type::Set | Type::FrozenSet => {
            let items = match args.positional(name, 0, 1)?.into_iter().next() {
                Some(iterable) => interp.collect_items(host, &iterable)?,
                None => Vec::new(),
            };
            Ok(match ty {
                Type::List => Obj::list(items),
                Type::Tuple => Obj::tuple(items),
                _ => {
                    let mut table = Table::new();
                    for item in items {
                        table.insert(Key::of(&item)?, item, ());
                    }
                    if ty == Type::FrozenSet { Obj::FrozenSet(Rc::new(table)) } else { Obj::set(table) }
                }
            })
        }
        Type::Dict => {
            let mut table = Table::new();
            let Args { pos, kw } = args;
            if pos.len() > 1 {
                return Err(Exc::type_error(format!("dict expected at most 1 argument, got {}", pos.len())));
            }
            if let Some(source) = pos.into_iter().next() {
                for (key, value) in interp.pairs(host, &source)? {
                    table.insert(Key::of(&key)?, key, value);
                }
            }
            for (name, value) in kw {
                table.insert(Key::Str(name.clone()), Obj::Str(name), value);
            }
            Ok(Obj::dict(table))
        }
        Type::Range => {
            let pos = args.positional("range", 1, 3)?;
            let mut ints = Vec::with_capacity(3);
            for p in &pos {
                ints.push(p.as_int().ok_or_else(|| {
                    Exc::type_error(format!("'{}' object cannot be interpreted as an integer", p.type_name()))
                })?);
            }
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => (0, 0, 1),
            };
            if step == 0 {
                return Err(Exc::value_error("range() arg 3 must not be zero"));
            }
            Ok(Obj::Range(Rc::new([start, stop, step])))
        }
        Type::Slice => {
            let pos = args.positional("slice", 1, 3)?;
            Ok(Obj::Slice(Rc::new(match pos.as_slice() {
                [stop] => [Obj::None, stop.clone(), Obj::None],
                [start, stop] => [start.clone(), stop.clone(), Obj::None],
                [start, stop, step] => [start.clone(), stop.clone(), step.clone()],
                _ => [Obj::None, Obj::None, Obj::None],
            })))
        }
        Type::Meta => {
            let pos = args.positional("type", 1, 3)?;
            match pos.as_slice() {
                [obj] => Ok(type_of(obj)),
                [Obj::Str(name), _, _] => interp.new_class(name, "__main__", None, Vec::new()),
                _ => Err(Exc::type_error("type() takes 1 or 3 arguments")),
            }
        }
        Type::Property => {
            let [fget, fset, _fdel, _doc] = args.bind("property", ["fget", "fset", "fdel", "doc"], 0)?;
            let get = fget.unwrap_or(Obj::None);
            Ok(Obj::Wrapper(Rc::new(Wrapper::Property { get, set: fset.filter(|s| !matches!(s, Obj::None)) })))
        }
        Type::StaticMethod => {
            let f = args.positional("staticmethod", 1, 1)?.remove(0);
            Ok(Obj::Wrapper(Rc::new(Wrapper::Static(f))))
        }
        Type::ClassMethod => {
            let f = args.positional("classmethod", 1, 1)?.remove(0);
            Ok(Obj::Wrapper(Rc::new(Wrapper::ClassMethod(f))))
        }
        Type::Super => {
            let pos = args.positional("super", 2, 2)?;
            match &pos[0] {
                Obj::Class(class) => Ok(Obj::Super(Rc::new(Super { class: class.clone(), receiver: pos[1].clone() }))),
                _ => Err(Exc::type_error("super() argument 1 must be a type")),
            }
        }
        Type::Enumerate => {
            let [iterable, start] = args.bind("enumerate", ["iterable", "start"], 1)?;
            let inner = interp.iterate(host, &iterable.unwrap_or(Obj::None))?;
            let count = start.and_then(|s| s.as_int()).unwrap_or(0);
            Ok(Obj::iter(Iter::Enumerate { inner: Box::new(inner), count: Some(count) }))
        }
        Type::Zip => {
            let mut args = args;
            args.take_kw("strict");
            let mut inners = Vec::with_capacity(args.pos.len());
            for iterable in &args.positional("zip", 0, usize::MAX)? {
                inners.push(interp.iterate(host, iterable)?);
            }
            Ok(Obj::iter(Iter::Zip(inners)))
        }
        Type::Map => {
            let mut pos = args.positional("map", 2, usize::MAX)?;
            let func = pos.remove(0);
            let mut inner = Vec::with_capacity(pos.len());
            for iterable in &pos {
                inner.push(interp.iterate(host, iterable)?);
            }
            Ok(Obj::iter(Iter::Map { func, inner }))
        }
        Type::Filter => {
            let pos = args.positional("filter", 2, 2)?;
            let inner = interp.iterate(host, &pos[1])?;
            Ok(Obj::iter(Iter::Filter { func: pos[0].clone(), inner: Box::new(inner) }))
        }
        Type::Reversed => {
            let seq = args.positional("reversed", 1, 1)?.remove(0);
            if let Obj::Instance(instance) = &seq
                && instance.class.lookup_user("__reversed__").is_some()
            {
                return interp.call_method(host, &seq, "__reversed__", Args::none());
            }
            let mut items = match &seq {
                Obj::List(_) | Obj::Tuple(_) | Obj::Str(_) | Obj::Range(_) | Obj::Dict(_) | Obj::View(_) => {
                    interp.collect_items(host, &seq)?
                }
                other => return Err(Exc::type_error(format!("'{}' object is not reversible", other.type_name()))),
            };
            items.reverse();
            Ok(Obj::iter(Iter::Items(items.into_iter(), Type::Reversed)))
        }
        other => Err(Exc::type_error(format!("cannot create '{}' instances", other.name()))),
    }
}

/// `type(obj)`.
pub fn type_of(obj: &Obj) -> Obj {
    match obj {
        Obj::Instance(instance) => Obj::Class(instance.class.clone()),
        Obj::Host(host) if host.kind == HostKind::Object => Obj::Class(host_class(&host.type_name)),
        other => Obj::Type(other.builtin_type().unwrap_or(Type::Object)),
    }
}

thread_local! {
    /// The class of each kind of host object, made on first `type()`, so that two objects
    /// of one kind have the same type.
    static HOST_CLASSES: RefCell<HashMap<Rc<str>, Rc<Class>>> = RefCell::new(HashMap::new());
}

/// The class a host object of kind `type_name` is an instance of, in the module CPython
/// defines it in (`type(Lock()).__module__` is `multiprocessing.synchronize`).
pub fn host_class(type_name: &Rc<str>) -> Rc<Class> {
    HOST_CLASSES.with(|classes| {
        classes
            .borrow_mut()
            .entry(type_name.clone())
            .or_insert_with(|| {
                let module = host_module(type_name);
                Rc::new(Class::new(type_name.clone(), type_name.clone(), Rc::from(module), None, Attrs::default()))
            })
            .clone()
    })
}

fn host_module(type_name: &str) -> &'static str {
    match type_name {
        "Lock" | "RLock" | "Semaphore" | "BoundedSemaphore" | "Event" | "Condition" | "Barrier" => {
            "multiprocessing.synchronize"
        }
        "Queue" | "JoinableQueue" | "SimpleQueue" => "multiprocessing.queues",
        "Connection" => "multiprocessing.connection",
        "Synchronized" | "SynchronizedArray" => "multiprocessing.sharedctypes",
        "_MainProcess" | "_ParentProcess" => "multiprocessing.process",
        "Pool" | "ApplyResult" | "MapResult" | "AsyncResult" | "IMapIterator" => "multiprocessing.pool",
        name if name.starts_with("c_") => "ctypes",
        _ => "multiprocessing.managers",
    }
}

fn int(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [value, base] = args.bind("int", ["x", "base"], 0)?;
    let Some(value) = value else { return Ok(Obj::Int(0)) };
    if let Some(base) = base {
        let Obj::Str(text) = &value else {
            return Err(Exc::type_error("int() can't convert non-string with explicit base"));
        };
        let base = base.as_int().unwrap_or(10);
        if base != 0 && !(2..=36).contains(&base) {
            return Err(Exc::value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        return parse_int(text, base as u32).map(Obj::Int).ok_or_else(|| invalid_int(text, base));
    }
    match &value {
        Obj::Int(_) | Obj::Bool(_) => Ok(Obj::Int(value.as_int().unwrap_or(0))),
        Obj::Float(x) => float_to_int(x.trunc()).map(Obj::Int),
        Obj::Str(text) => parse_int(text, 10).map(Obj::Int).ok_or_else(|| invalid_int(text, 10)),
        Obj::Instance(instance) if instance.class.lookup_user("__int__").is_some() => {
            interp.call_method(host, &value, "__int__", Args::none())
        }
        other => Err(Exc::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

fn invalid_int(text: &str, base: i64) -> Exc {
    let repr = crate::value::Value::Str(text.to_string()).repr();
    Exc::value_error(format!("invalid literal for int() with base {base}: {repr}"))
}

/// Python's `int(text, base)` for what fits in 64 bits (base 0 reads the prefix).
pub fn parse_int(text: &str, base: u32) -> Option<i64> {
    let s = text.trim();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.to_ascii_lowercase();
    let prefixed = |p: &str| lower.starts_with(p);
    let (base, digits) = match base {
        0 if prefixed("0x") => (16, &s[2..]),
        0 if prefixed("0o") => (8, &s[2..]),
        0 if prefixed("0b") => (2, &s[2..]),
        0 => {
            if s.len() > 1 && s.starts_with('0') && s.chars().any(|c| c != '0' && c != '_') {
                return None;
            }
            (10, s)
        }
        16 if prefixed("0x") => (16, &s[2..]),
        8 if prefixed("0o") => (8, &s[2..]),
        2 if prefixed("0b") => (2, &s[2..]),
        b => (b, s),
    };
    let digits = digits.strip_prefix('_').filter(|_| s.len() != digits.len()).unwrap_or(digits);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let mut value: i128 = 0;
    for c in digits.chars().filter(|c| *c != '_') {
        let d = c.to_digit(base)?;
        value = value * i128::from(base) + i128::from(d);
        if value > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).ok()
}

fn float(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let Some(value) = args.positional("float", 0, 1)?.into_iter().next() else { return Ok(Obj::Float(0.0)) };
    match &value {
        Obj::Float(_) => Ok(value),
        Obj::Int(_) | Obj::Bool(_) => Ok(Obj::Float(value.as_float().unwrap_or(0.0))),
        Obj::Str(text) => parse_float(text).map(Obj::Float).ok_or_else(|| {
            let repr = crate::value::Value::Str(text.to_string()).repr();
            Exc::value_error(format!("could not convert string to float: {repr}"))
        }),
        Obj::Instance(instance) if instance.class.lookup_user("__float__").is_some() => {
            interp.call_method(host, &value, "__float__", Args::none())
        }
        other => Err(Exc::type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// Python's `float(text)`.
pub fn parse_float(text: &str) -> Option<f64> {
    let s = text.trim();
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        let negative = lower.starts_with('-');
        let x = if unsigned == "nan" { f64::NAN } else { f64::INFINITY };
        return Some(if negative { -x } else { x });
    }
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || "+-.eE_".contains(c)) {
        return None;
    }
    let bytes: Vec<char> = s.chars().collect();
    for (i, c) in bytes.iter().enumerate() {
        if *c == '_' {
            let digit = |j: Option<&char>| j.is_some_and(char::is_ascii_digit);
            if !digit(i.checked_sub(1).and_then(|j| bytes.get(j))) || !digit(bytes.get(i + 1)) {
                return None;
            }
        }
    }
    s.replace('_', "").parse().ok()
}
