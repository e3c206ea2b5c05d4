//! Calling: evaluating a call's arguments (with `*` and `**` spreads), dispatching on what
//! is called, and binding arguments to a function's parameters with CPython's rules and
//! error messages (`f() missing 1 required positional argument: 'b'`).

use std::rc::Rc;

use super::{Frame, Interpreter};
use crate::python::code::{Elt, Kwarg, Slot};
use crate::python::exception::Exc;
use crate::python::host::{Host, HostKind, Method};
use crate::python::object::{Args, Function, Key, MethodFunc, Obj, Table, Wrapper};

impl Interpreter {
    /// Evaluates a call's arguments; `first` is put before them (a method's receiver).
    pub(super) fn args(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        args: &[Elt],
        kwargs: &[Kwarg],
        first: Option<Obj>,
    ) -> Result<Args, Exc> {
        let mut pos = Vec::with_capacity(args.len() + 1);
        pos.extend(first);
        for elt in args {
            match elt {
                Elt::One(e) => pos.push(self.eval(host, f, e)?),
                Elt::Star(e) => {
                    let iterable = self.eval(host, f, e)?;
                    pos.extend(self.collect(host, &iterable)?);
                }
            }
        }
        let mut kw = Vec::with_capacity(kwargs.len());
        for kwarg in kwargs {
            match kwarg {
                Kwarg::Named(name, e) => kw.push((name.clone(), self.eval(host, f, e)?)),
                Kwarg::Spread(e) => {
                    let mapping = self.eval(host, f, e)?;
                    for (key, value) in self.mapping_items(host, &mapping)? {
                        let Obj::Str(name) = key else {
                            return Err(Exc::type_error("keywords must be strings"));
                        };
                        kw.push((name, value));
                    }
                }
            }
        }
        Ok(Args { pos, kw })
    }

    /// Calls what `func` is.
    pub(super) fn call_obj(&mut self, host: &mut dyn Host, func: &Obj, mut args: Args) -> Result<Obj, Exc> {
        match func {
            Obj::Function(fun) => self.call_function(host, fun, args),
            Obj::Native(native) => (native.f)(self, host, args),
            Obj::Method(method) => match &method.func {
                MethodFunc::Call(inner) => {
                    args.pos.insert(0, method.receiver.clone());
                    self.call_obj(host, inner, args)
                }
                MethodFunc::Named(name) => {
                    if let Obj::Type(ty) = &method.receiver {
                        return self.type_method(host, *ty, name, args);
                    }
                    self.method(host, &method.receiver, name, args)
                }
            },
            Obj::Class(class) => self.instantiate(host, class, args),
            Obj::Type(ty) => crate::python::builtins::construct(self, host, *ty, args),
            Obj::Host(h) => host.call(self, h, Method::Call, args),
            Obj::Wrapper(wrapper) => match &**wrapper {
                Wrapper::Static(inner) => self.call_obj(host, inner, args),
                _ => Err(not_callable(func)),
            },
            Obj::Instance(instance) => match instance.class.lookup("__call__") {
                Some(call) => {
                    args.pos.insert(0, func.clone());
                    self.call_obj(host, &call, args)
                }
                None => Err(not_callable(func)),
            },
            _ => Err(not_callable(func)),
        }
    }

    /// Calls method `name` of `obj` without building a bound method when it can.
    pub(super) fn method(&mut self, host: &mut dyn Host, obj: &Obj, name: &str, mut args: Args) -> Result<Obj, Exc> {
        match obj {
            Obj::Instance(instance) => {
                if let Some(value) = instance.attrs.borrow().get(name).cloned() {
                    return self.call_obj(host, &value, args);
                }
                match instance.class.lookup(name) {
                    Some(Obj::Function(fun)) => {
                        args.pos.insert(0, obj.clone());
                        self.call_function(host, &fun, args)
                    }
                    Some(Obj::Host(h)) if h.kind == HostKind::Method => {
                        args.pos.insert(0, obj.clone());
                        host.call(self, &h, Method::Call, args)
                    }
                    _ => {
                        let bound = self.get_attr(host, obj, name)?;
                        self.call_obj(host, &bound, args)
                    }
                }
            }
            Obj::Host(h) => host.call(self, h, Method::of(name), args),
            Obj::Class(_) | Obj::Module(_) | Obj::Super(_) | Obj::Function(_) => {
                let bound = self.get_attr(host, obj, name)?;
                self.call_obj(host, &bound, args)
            }
            Obj::Type(ty) => self.type_method(host, *ty, name, args),
            _ => match crate::python::builtins::call_method(self, host, obj, name, args) {
                Some(result) => result,
                None => Err(self.no_attribute(obj, name)),
            },
        }
    }

    /// A method looked up on a built-in type (`str.upper(s)`, `dict.fromkeys(keys)`).
    fn type_method(
        &mut self,
        host: &mut dyn Host,
        ty: crate::python::object::Type,
        name: &str,
        mut args: Args,
    ) -> Result<Obj, Exc> {
        if let Some(result) = crate::python::builtins::type_method(self, host, ty, name, &mut args) {
            return result;
        }
        if args.pos.is_empty() {
            return Err(Exc::type_error(format!("unbound method {}.{name}() needs an argument", ty.name())));
        }
        let receiver = args.pos.remove(0);
        self.method(host, &receiver, name, args)
    }

    /// Runs a function of the program.
    pub(super) fn call_function(&mut self, host: &mut dyn Host, fun: &Rc<Function>, args: Args) -> Result<Obj, Exc> {
        let code = fun.code.clone();
        let room = self.spare_locals.pop().unwrap_or_default();
        let mut frame = Frame::reusing(code.clone(), fun.closure.clone(), room);
        bind(fun, &mut frame, args)?;
        self.enter()?;
        let caller_line = self.line;
        let result = self.block(host, &mut frame, &code.body);
        self.leave();
        if result.is_ok() && caller_line != 0 && self.line != caller_line {
            self.line = caller_line;
            host.returned(caller_line);
        }
        let out = match result {
            Ok(super::stmt::Flow::Return(value)) => Ok(value),
            Ok(_) => Ok(Obj::None),
            Err(mut e) => {
                if e.catchable() {
                    e.push_frame(&code.name, frame.line);
                }
                Err(e)
            }
        };
        self.recycle(frame);
        out
    }

    /// Ends a call's frame, its locals dropped in order as dropping the frame would drop them,
    /// and keeps their room for the next call.
    fn recycle(&mut self, mut frame: Frame) {
        let mut room = std::mem::take(&mut frame.locals);
        room.clear();
        drop(frame);
        if self.spare_locals.len() < SPARE_FRAMES {
            self.spare_locals.push(room);
        }
    }

    /// The key/value pairs of a mapping (`**kwargs`, `{**d}`, `dict(d)`).
    pub(super) fn mapping_items(&mut self, host: &mut dyn Host, mapping: &Obj) -> Result<Vec<(Obj, Obj)>, Exc> {
        match mapping {
            Obj::Dict(d) => Ok(d.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            other => {
                let keys = self.method(host, other, "keys", Args::none())?;
                let mut items = Vec::new();
                for key in self.collect(host, &keys)? {
                    let value = self.get_item(host, other, &key)?;
                    items.push((key, value));
                }
                Ok(items)
            }
        }
    }
}

/// How many emptied locals vectors the interpreter keeps for the next calls' frames.
const SPARE_FRAMES: usize = 32;

fn not_callable(obj: &Obj) -> Exc {
    Exc::type_error(format!("'{}' object is not callable", obj.type_name()))
}

fn store(frame: &mut Frame, slot: Slot, value: Obj) {
    crate::python::object::rebound();
    match slot {
        Slot::Local(i) => frame.locals[i as usize] = Some(value),
        Slot::Cell(i) => *frame.cells[i as usize].borrow_mut() = Some(value),
    }
}

/// Binds `args` to the parameters of `fun` in `frame`, as CPython does.
fn bind(fun: &Function, frame: &mut Frame, args: Args) -> Result<(), Exc> {
    let code = &fun.code;
    let params = &code.params;
    let npos = params.positional.len();
    let Args { mut pos, kw } = args;
    let given = pos.len();
    if given > npos && params.vararg.is_none() {
        return Err(too_many(fun, given));
    }
    // The common call (a pool's task, a process's target): positional arguments only, for
    // the first parameters, defaults for the rest; each value goes to its slot with no
    // bookkeeping of which are filled.
    let first_default = npos - fun.defaults.len().min(npos);
    if kw.is_empty()
        && params.vararg.is_none()
        && params.kwarg.is_none()
        && params.kwonly.is_empty()
        && (first_default..=npos).contains(&given)
    {
        for (param, value) in params.positional.iter().zip(pos) {
            store(frame, param.slot, value);
        }
        let defaults = fun.defaults.iter().skip(given - first_default);
        for (param, default) in params.positional.iter().skip(given).zip(defaults) {
            store(frame, param.slot, default.clone());
        }
        return Ok(());
    }
    let extra = if given > npos { pos.split_off(npos) } else { Vec::new() };
    let mut filled = vec![false; npos];
    for (i, value) in pos.into_iter().enumerate() {
        store(frame, params.positional[i].slot, value);
        filled[i] = true;
    }
    if let Some(vararg) = &params.vararg {
        store(frame, vararg.slot, Obj::tuple(extra));
    }
    let mut kwonly_filled = vec![false; params.kwonly.len()];
    let mut kwargs = params.kwarg.as_ref().map(|_| Table::new());
    for (name, value) in kw {
        if let Some(i) = params.positional.iter().position(|p| p.name == name).filter(|i| *i >= params.posonly) {
            if filled[i] {
                return Err(Exc::type_error(format!("{}() got multiple values for argument '{name}'", code.qualname)));
            }
            store(frame, params.positional[i].slot, value);
            filled[i] = true;
        } else if let Some(j) = params.kwonly.iter().position(|p| p.name == name) {
            store(frame, params.kwonly[j].slot, value);
            kwonly_filled[j] = true;
        } else if let Some(table) = &mut kwargs {
            table.insert(Key::Str(name.clone()), Obj::Str(name), value);
        } else {
            return Err(Exc::type_error(format!("{}() got an unexpected keyword argument '{name}'", code.qualname)));
        }
    }
    let mut missing = Vec::new();
    for (i, done) in filled.iter().enumerate() {
        if !done {
            match fun.defaults.get(i.wrapping_sub(first_default)).filter(|_| i >= first_default) {
                Some(default) => store(frame, params.positional[i].slot, default.clone()),
                None => missing.push(params.positional[i].name.clone()),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(&code.qualname, "positional", &missing));
    }
    for (j, param) in params.kwonly.iter().enumerate() {
        if !kwonly_filled[j] {
            match &fun.kwdefaults[j] {
                Some(default) => store(frame, param.slot, default.clone()),
                None => missing.push(param.name.clone()),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(&code.qualname, "keyword-only", &missing));
    }
    if let (Some(param), Some(table)) = (&params.kwarg, kwargs) {
        store(frame, param.slot, Obj::dict(table));
    }
    Ok(())
}

fn too_many(fun: &Function, given: usize) -> Exc {
    let npos = fun.code.params.positional.len();
    let min = npos - fun.defaults.len().min(npos);
    let takes = if min == npos {
        format!("{npos} positional argument{}", if npos == 1 { "" } else { "s" })
    } else {
        format!("from {min} to {npos} positional arguments")
    };
    let were = if given == 1 { "was" } else { "were" };
    Exc::type_error(format!("{}() takes {takes} but {given} {were} given", fun.code.qualname))
}

fn missing_error(qualname: &str, kind: &str, names: &[Rc<str>]) -> Exc {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        [] => String::new(),
    };
    let n = names.len();
    Exc::type_error(format!(
        "{qualname}() missing {n} required {kind} argument{}: {list}",
        if n == 1 { "" } else { "s" }
    ))
}
