//! Exceptions at run time: `raise` (and `raise ... from`), `try`/`except`/`else`/`finally`,
//! `with` (whose `__exit__` may swallow the exception), turning a pending built-in
//! exception into an instance when Python code wants one, and the end of a process: the
//! traceback CPython prints, `SystemExit`'s code, the exit code 1.

use crate::python::object::Mutate;
use std::rc::Rc;

use super::stmt::Flow;
use super::{Exit, Frame, Interpreter};
use crate::python::code::{Expr, Stmt, Target, Try};
use crate::python::exception::{Exc, ExcKind, ExcState};
use crate::python::host::{Host, Method, Stream};
use crate::python::object::{Args, Instance, Obj};

impl Interpreter {
    /// The exception a `raise` statement raises.
    pub(super) fn raise(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        exc: Option<&Expr>,
        cause: Option<&Expr>,
    ) -> Result<Exc, Exc> {
        let Some(exc) = exc else {
            return Ok(match self.handling.last() {
                Some(current) => current.clone(),
                None => Exc::runtime_error("No active exception to reraise"),
            });
        };
        let value = self.eval(host, f, exc)?;
        let obj = self.exception_instance(host, value)?;
        if let Some(cause) = cause {
            let cause = self.eval(host, f, cause)?;
            let cause = match cause {
                Obj::None => Obj::None,
                other => self.exception_instance(host, other)?,
            };
            if let Obj::Instance(instance) = &obj {
                let mut attrs = instance.attrs.mutate();
                attrs.set(Rc::from("__cause__"), cause);
                attrs.set(Rc::from("__suppress_context__"), Obj::Bool(true));
            }
        }
        Ok(Exc::from_object(obj))
    }

    /// An exception instance from what was raised: an instance, or a class to instantiate.
    fn exception_instance(&mut self, host: &mut dyn Host, value: Obj) -> Result<Obj, Exc> {
        match &value {
            Obj::Instance(instance) if instance.class.exc_kind().is_some() => Ok(value),
            Obj::Class(class) if class.exc_kind().is_some() => self.instantiate(host, class, Args::none()),
            _ => Err(Exc::type_error("exceptions must derive from BaseException")),
        }
    }

    /// The instance an exception stands for, made now if it was still pending.
    pub(crate) fn exc_object(&mut self, e: &mut Exc) -> Obj {
        let state = e.state_mut();
        let obj = match state {
            ExcState::Object(obj) => return obj.clone(),
            ExcState::Exit(_) => return Obj::None,
            ExcState::Pending(kind, args) => {
                let instance = Instance::new(self.exc_class(*kind).clone());
                super::class::set_exception_args(&instance, std::mem::take(args));
                Obj::Instance(Rc::new(instance))
            }
        };
        *state = ExcState::Object(obj.clone());
        obj
    }

    /// Whether exception `obj` is an instance of `class` (a class or tuple of classes).
    fn exc_matches(&mut self, obj: &Obj, class: &Obj) -> Result<bool, Exc> {
        let Obj::Instance(instance) = obj else { return Ok(false) };
        match class {
            Obj::Class(c) if c.exc_kind().is_some() => Ok(instance.class.is_subclass(c)),
            Obj::Tuple(classes) => {
                for c in classes.iter() {
                    if self.exc_matches(obj, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(Exc::type_error("catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    pub(super) fn try_stmt(&mut self, host: &mut dyn Host, f: &mut Frame, t: &Try) -> Result<Flow, Exc> {
        let result = match self.block(host, f, &t.body) {
            Ok(Flow::Next) => self.block(host, f, &t.orelse),
            Ok(flow) => Ok(flow),
            Err(e) if !e.catchable() => return Err(e),
            Err(e) if t.handlers.is_empty() => Err(e),
            Err(e) => self.handle(host, f, t, e),
        };
        if t.finalbody.is_empty() || matches!(&result, Err(e) if !e.catchable()) {
            return result;
        }
        let raised_at = f.line;
        match self.block(host, f, &t.finalbody)? {
            Flow::Next => {
                if result.is_err() {
                    self.back_to_raise(host, f, raised_at);
                }
                result
            }
            flow => Ok(flow),
        }
    }

    /// An exception goes on after the `except` clauses that did not match it, or after a
    /// `finally` block: the frame is at the line that raised it again, as CPython's traceback
    /// (and the process's lane) says, not at the last clause looked at.
    fn back_to_raise(&mut self, host: &mut dyn Host, f: &mut Frame, line: u32) {
        if f.line != line {
            f.line = line;
            self.line = line;
            host.returned(line);
        }
    }

    fn handle(&mut self, host: &mut dyn Host, f: &mut Frame, t: &Try, mut e: Exc) -> Result<Flow, Exc> {
        let raised_at = f.line;
        self.remember_traceback(&mut e);
        let obj = self.exc_object(&mut e);
        for handler in &t.handlers {
            self.at_line(host, f, handler.line)?;
            let matched = match &handler.class {
                None => true,
                Some(class) => {
                    let class = self.eval(host, f, class)?;
                    self.exc_matches(&obj, &class)?
                }
            };
            if !matched {
                continue;
            }
            if let Some(name) = &handler.name {
                self.assign(host, f, name, obj.clone())?;
            }
            self.handling.push(e);
            let result = self.block(host, f, &handler.body);
            self.handling.pop();
            if let Some(name) = &handler.name {
                self.unbind(f, name);
            }
            return result.map_err(|mut new| {
                self.chain_context(&mut new, &obj);
                new
            });
        }
        self.back_to_raise(host, f, raised_at);
        Err(e)
    }

    /// Records `context` as the exception being handled when `new` was raised.
    fn chain_context(&mut self, new: &mut Exc, context: &Obj) {
        if !new.catchable() {
            return;
        }
        let new_obj = self.exc_object(new);
        if new_obj.is(context) {
            return;
        }
        if let Obj::Instance(instance) = &new_obj {
            let mut attrs = instance.attrs.mutate();
            if attrs.get("__context__").is_none() {
                attrs.set(Rc::from("__context__"), context.clone());
            }
        }
    }

    pub(super) fn with_stmt(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        items: &[(Expr, Option<Target>)],
        body: &[Stmt],
    ) -> Result<Flow, Exc> {
        let Some(((context, target), rest)) = items.split_first() else {
            return self.block(host, f, body);
        };
        let manager = self.eval(host, f, context)?;
        if let Obj::Instance(instance) = &manager
            && (instance.class.lookup("__enter__").is_none() || instance.class.lookup("__exit__").is_none())
        {
            return Err(Exc::type_error(format!(
                "'{}' object does not support the context manager protocol",
                manager.type_name()
            )));
        }
        // A host object (a lock, a semaphore) is entered and left by method code.
        let hosted = match &manager {
            Obj::Host(h) => Some(h),
            _ => None,
        };
        let entered = match hosted {
            Some(h) => host.call_bare(self, h, Method::Enter),
            None => self.method(host, &manager, "__enter__", Args::none()),
        };
        let entered = entered.map_err(|mut e| {
            if self.exception_kind(&mut e) == Some(ExcKind::AttributeError) {
                Exc::type_error(format!(
                    "'{}' object does not support the context manager protocol",
                    manager.type_name()
                ))
            } else {
                e
            }
        })?;
        if let Some(target) = target {
            self.assign(host, f, target, entered)?;
        }
        let result = self.with_stmt(host, f, rest, body);
        match result {
            Err(mut e) if e.catchable() => {
                let obj = self.exc_object(&mut e);
                let class = match &obj {
                    Obj::Instance(instance) => Obj::Class(instance.class.clone()),
                    other => other.clone(),
                };
                let args = Args::new(vec![class, obj, Obj::None]);
                let suppress = match hosted {
                    Some(h) => host.call(self, h, Method::Exit, args)?,
                    None => self.method(host, &manager, "__exit__", args)?,
                };
                if self.truth(host, &suppress)? { Ok(Flow::Next) } else { Err(e) }
            }
            Err(e) => Err(e),
            Ok(flow) => {
                match hosted {
                    Some(h) => host.call_bare(self, h, Method::Exit)?,
                    None => {
                        self.method(host, &manager, "__exit__", Args::new(vec![Obj::None, Obj::None, Obj::None]))?
                    }
                };
                Ok(flow)
            }
        }
    }

    /// Ends the process after an uncaught exception (or `sys.exit`): prints what CPython
    /// prints to stderr and works out the exit code.
    pub(super) fn finish(&mut self, host: &mut dyn Host, mut e: Exc, process: Option<&str>) -> Exit {
        if let ExcState::Exit(code) = e.state() {
            return Exit { code: *code, error: None };
        }
        let obj = self.exc_object(&mut e);
        if let Obj::Instance(instance) = &obj
            && instance.class.exc_kind() == Some(ExcKind::SystemExit)
        {
            let code = self.exception_args(&obj).into_iter().next().unwrap_or(Obj::None);
            return match code {
                Obj::None => Exit { code: 0, error: None },
                Obj::Int(n) => Exit { code: i32::try_from(n).unwrap_or(-1), error: None },
                Obj::Bool(b) => Exit { code: i32::from(b), error: None },
                other => {
                    let text = self.str_of(host, &other).unwrap_or_default();
                    let _ = host.write(self, Stream::Stderr, &format!("{text}\n"));
                    Exit { code: 1, error: None }
                }
            };
        }
        let mut text = String::new();
        if let Some(name) = process {
            text.push_str(&format!("Process {name}:\n"));
        }
        text.push_str(&self.format_traceback(host, &mut e));
        let error = self.exception_line(host, &obj);
        // As above: the traceback is the last word; a failed write has no one to tell.
        let _ = host.write(self, Stream::Stderr, &text);
        Exit { code: 1, error: Some(error) }
    }

    /// CPython's traceback: the chain of causes first, then the frames outermost first,
    /// then `Class: message`.
    pub(super) fn format_traceback(&mut self, host: &mut dyn Host, e: &mut Exc) -> String {
        let obj = self.exc_object(e);
        let mut out = String::new();
        let context = match &obj {
            Obj::Instance(instance) => {
                let attrs = instance.attrs.borrow();
                let suppressed = matches!(attrs.get("__suppress_context__"), Some(Obj::Bool(true)));
                match (attrs.get("__cause__"), attrs.get("__context__")) {
                    (Some(cause @ Obj::Instance(_)), _) => Some((cause.clone(), true)),
                    (_, Some(context @ Obj::Instance(_))) if !suppressed => Some((context.clone(), false)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((earlier, direct)) = context {
            let mut earlier_exc = Exc::from_object(earlier.clone());
            if let Some(Obj::Tuple(frames)) = attr_of(&earlier, "__forkbook_traceback__") {
                for frame in frames.iter() {
                    if let Obj::Tuple(pair) = frame
                        && let [Obj::Str(name), Obj::Int(line)] = &pair[..]
                    {
                        earlier_exc.push_frame(name, u32::try_from(*line).unwrap_or(0));
                    }
                }
            }
            out.push_str(&self.format_traceback(host, &mut earlier_exc));
            out.push_str(if direct {
                "\nThe above exception was the direct cause of the following exception:\n\n"
            } else {
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            });
        }
        if !e.traceback().is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for frame in e.traceback().iter().rev() {
                out.push_str(&format!("  File \"{}\", line {}, in {}\n", self.program.file, frame.line, frame.name));
                let text = self.program.lines.line_text(frame.line).trim();
                if !text.is_empty() {
                    out.push_str(&format!("    {text}\n"));
                }
            }
        }
        out.push_str(&self.exception_line(host, &obj));
        out.push('\n');
        out
    }

    /// `ValueError: bad`, or just `ValueError` when the message is empty.
    pub(crate) fn exception_line(&mut self, host: &mut dyn Host, obj: &Obj) -> String {
        let Obj::Instance(instance) = obj else { return String::from("Exception") };
        let name = instance.class.display_name();
        let message = self.str_of(host, obj).unwrap_or_else(|_| String::from("<exception str() failed>"));
        if message.is_empty() { name } else { format!("{name}: {message}") }
    }

    /// Keeps the traceback of an exception that is being caught, so a later chained
    /// traceback can show it.
    pub(super) fn remember_traceback(&mut self, e: &mut Exc) {
        let frames: Vec<Obj> = e
            .traceback()
            .iter()
            .map(|t| Obj::tuple(vec![Obj::Str(t.name.clone()), Obj::Int(i64::from(t.line))]))
            .collect();
        let obj = self.exc_object(e);
        if let Obj::Instance(instance) = obj {
            instance.attrs.mutate().set(Rc::from("__forkbook_traceback__"), Obj::tuple(frames));
        }
    }
}

fn attr_of(obj: &Obj, name: &str) -> Option<Obj> {
    match obj {
        Obj::Instance(instance) => instance.attrs.borrow().get(name).cloned(),
        _ => None,
    }
}
