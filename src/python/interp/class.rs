//! Classes at run time: building one from a class body (its namespace, its `__class__`
//! cell for `super()`), making instances (`__init__`, and the `args` every exception
//! keeps), the built-in exception classes, and the few methods of `object` and
//! `BaseException` that `super()` can reach.

use crate::python::object::Mutate;
use std::cell::RefCell;
use std::rc::Rc;

use super::{Frame, Interpreter};
use crate::python::code::ClassDef;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::{Args, Attrs, Class, Instance, Native, NativeFn, Obj, Type};

/// The built-in exception classes, indexed by `ExcKind`, each deriving from its parent.
pub(super) fn exception_classes() -> Vec<Rc<Class>> {
    let mut classes: Vec<Rc<Class>> = Vec::with_capacity(ExcKind::ALL.len());
    for kind in ExcKind::ALL {
        let base = (*kind != ExcKind::BaseException).then(|| classes[kind.parent() as usize].clone());
        let mut attrs = Attrs::default();
        if *kind == ExcKind::BaseException {
            attrs.set(Rc::from("__init__"), native("__init__", exception_init));
            attrs.set(Rc::from("__str__"), native("__str__", exception_str));
            attrs.set(Rc::from("__repr__"), native("__repr__", exception_repr));
        }
        let name: Rc<str> = Rc::from(kind.name());
        let mut class = Class::new(name.clone(), name, Rc::from(kind.module()), base, attrs);
        class.exc = Some(*kind);
        classes.push(Rc::new(class));
    }
    classes
}

fn native(name: &str, f: NativeFn) -> Obj {
    Obj::Native(Rc::new(Native { name: Rc::from(name), f }))
}

fn exception_init(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let mut pos = args.pos.into_iter();
    if let Some(Obj::Instance(instance)) = pos.next() {
        set_exception_args(&instance, pos.collect());
    }
    Ok(Obj::None)
}

/// Stores an exception's constructor arguments: `args`, and for the OSError family called
/// as `OSError(errno, strerror[, filename])` also those three attributes, as CPython does.
pub(super) fn set_exception_args(instance: &Instance, args: Vec<Obj>) {
    let is_os = instance.class.exc_kind().is_some_and(|k| k.is_a(ExcKind::OSError));
    let mut attrs = instance.attrs.mutate();
    if is_os && (2..=3).contains(&args.len()) && args[0].as_int().is_some() {
        attrs.set(Rc::from("errno"), args[0].clone());
        attrs.set(Rc::from("strerror"), args[1].clone());
        attrs.set(Rc::from("filename"), args.get(2).cloned().unwrap_or(Obj::None));
        attrs.set(Rc::from("args"), Obj::tuple(args[..2].to_vec()));
    } else {
        attrs.set(Rc::from("args"), Obj::tuple(args));
    }
}

fn exception_str(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let receiver = args.pos.into_iter().next().unwrap_or(Obj::None);
    Ok(Obj::from(interp.exception_message(host, &receiver)?))
}

fn exception_repr(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let receiver = args.pos.into_iter().next().unwrap_or(Obj::None);
    let items = interp.exception_args(&receiver);
    let inner = match items.as_slice() {
        [one] => interp.repr_of(host, one)?,
        _ => {
            let text = interp.repr_of(host, &Obj::tuple(items.clone()))?;
            text.trim_start_matches('(').trim_end_matches(')').trim_end_matches(',').to_string()
        }
    };
    Ok(Obj::from(format!("{}({inner})", receiver.type_name())))
}

/// A method of `object` that `super()` falls back to.
pub(super) fn object_method(name: &str) -> Option<Obj> {
    let f: NativeFn = match name {
        "__init__" => |_, _, _| Ok(Obj::None),
        "__str__" | "__repr__" => |interp, host, args| {
            let receiver = args.pos.into_iter().next().unwrap_or(Obj::None);
            Ok(Obj::from(interp.default_repr(host, &receiver)))
        },
        "__eq__" => |_, _, args| match args.pos.as_slice() {
            [a, b] if a.is(b) => Ok(Obj::Bool(true)),
            _ => Ok(Obj::NotImplemented),
        },
        "__setattr__" => |interp, host, args| match args.pos.as_slice() {
            [obj, Obj::Str(name), value] => {
                if let Obj::Instance(instance) = obj {
                    instance.attrs.mutate().set(name.clone(), value.clone());
                    Ok(Obj::None)
                } else {
                    interp.set_attr(host, obj, name, value.clone()).map(|()| Obj::None)
                }
            }
            _ => Err(Exc::type_error("__setattr__ expected 3 arguments")),
        },
        "__getattribute__" => |interp, host, args| match args.pos.as_slice() {
            [obj, Obj::Str(name)] => interp.get_attr(host, obj, name),
            _ => Err(Exc::type_error("__getattribute__ expected 2 arguments")),
        },
        _ => return None,
    };
    Some(native(name, f))
}

impl Interpreter {
    /// Runs a class body and makes the class.
    pub(super) fn build_class(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        def: &ClassDef,
        bases: Vec<Obj>,
    ) -> Result<Obj, Exc> {
        let base = match bases.as_slice() {
            [] | [Obj::Type(Type::Object)] => None,
            [Obj::Class(class)] => Some(class.clone()),
            [Obj::Type(ty)] => {
                return Err(Exc::type_error(format!("forkbook cannot subclass the built-in type '{}'", ty.name())));
            }
            [other] => {
                return Err(Exc::type_error(format!("cannot derive a class from a '{}' object", other.type_name())));
            }
            _ => return Err(Exc::type_error("multiple inheritance is not supported by forkbook")),
        };
        let code = def.body.clone();
        let mut ns = Attrs::default();
        ns.set(Rc::from("__module__"), Obj::str("__main__"));
        ns.set(Rc::from("__qualname__"), Obj::Str(code.qualname.clone()));
        if let Some(doc) = &code.doc {
            ns.set(Rc::from("__doc__"), Obj::Str(doc.clone()));
        }
        let ns = Rc::new(RefCell::new(ns));
        let mut frame = Frame::new(code.clone(), f.closure_for(&code));
        frame.ns = Some(ns.clone());
        if let Err(mut e) = self.block(host, &mut frame, &code.body) {
            if e.catchable() {
                e.push_frame(&code.name, frame.line);
            }
            return Err(e);
        }
        let attrs = ns.borrow().clone();
        let class = Rc::new(Class::new(code.name.clone(), code.qualname.clone(), Rc::from("__main__"), base, attrs));
        if let Some(at) = code.cell_names.iter().position(|n| &**n == "__class__") {
            crate::python::object::rebound();
            *frame.cells[at].borrow_mut() = Some(Obj::Class(class.clone()));
        }
        Ok(Obj::Class(class))
    }

    /// `Class(args)`: a new instance, initialised by `__init__`.
    pub(super) fn instantiate(&mut self, host: &mut dyn Host, class: &Rc<Class>, mut args: Args) -> Result<Obj, Exc> {
        let instance = Rc::new(Instance::new(class.clone()));
        let obj = Obj::Instance(instance.clone());
        if class.exc_kind().is_some() {
            set_exception_args(&instance, args.pos.clone());
        }
        match class.lookup("__init__") {
            Some(init) => {
                args.pos.insert(0, obj.clone());
                let result = self.call_obj(host, &init, args)?;
                if !matches!(result, Obj::None) {
                    return Err(Exc::type_error(format!(
                        "__init__() should return None, not '{}'",
                        result.type_name()
                    )));
                }
            }
            None if !args.pos.is_empty() || !args.kw.is_empty() => {
                return Err(Exc::type_error(format!("{}() takes no arguments", class.name)));
            }
            None => {}
        }
        Ok(obj)
    }

    /// The `args` an exception instance was made with.
    pub(super) fn exception_args(&self, obj: &Obj) -> Vec<Obj> {
        match obj {
            Obj::Instance(instance) => match instance.attrs.borrow().get("args") {
                Some(Obj::Tuple(items)) => items.to_vec(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// `str()` of an exception without its own `__str__`: the one argument, or the tuple
    /// of them, or nothing; a KeyError shows its key's repr.
    pub(super) fn exception_message(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<String, Exc> {
        if let Obj::Instance(instance) = obj {
            let attrs = instance.attrs.borrow();
            if let (Some(Obj::Int(errno)), Some(strerror)) = (attrs.get("errno"), attrs.get("strerror")) {
                let (errno, strerror, filename) = (*errno, strerror.clone(), attrs.get("filename").cloned());
                drop(attrs);
                let mut text = format!("[Errno {errno}] {}", self.str_of(host, &strerror)?);
                if let Some(name) = filename.filter(|f| !matches!(f, Obj::None)) {
                    text.push_str(&format!(": {}", self.repr_of(host, &name)?));
                }
                return Ok(text);
            }
        }
        let items = self.exception_args(obj);
        let is_key_error = matches!(obj, Obj::Instance(i) if i.class.exc_kind() == Some(ExcKind::KeyError));
        match items.as_slice() {
            [] => Ok(String::new()),
            [one] if is_key_error => self.repr_of(host, one),
            [one] => self.str_of(host, one),
            _ => self.repr_of(host, &Obj::tuple(items.clone())),
        }
    }

    /// The attributes every exception has even when never set.
    pub(super) fn exception_attr(&self, obj: &Obj, name: &str) -> Option<Obj> {
        let Obj::Instance(instance) = obj else { return None };
        instance.class.exc_kind()?;
        match name {
            "__cause__" | "__context__" | "__traceback__" => Some(Obj::None),
            "__suppress_context__" => Some(Obj::Bool(false)),
            "args" => Some(Obj::tuple(Vec::new())),
            "code" | "value"
                if instance
                    .class
                    .exc_kind()
                    .is_some_and(|k| k == ExcKind::SystemExit || k == ExcKind::StopIteration) =>
            {
                Some(match self.exception_args(obj).as_slice() {
                    [] => Obj::None,
                    [one] => one.clone(),
                    many => Obj::tuple(many.to_vec()),
                })
            }
            "errno" | "strerror" | "filename"
                if instance.class.exc_kind().is_some_and(|k| k.is_a(ExcKind::OSError)) =>
            {
                Some(Obj::None)
            }
            _ => None,
        }
    }
}
