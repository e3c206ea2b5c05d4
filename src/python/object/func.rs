//! Callables and their arguments: functions of the program (code plus defaults plus the
//! cells they close over), natives implemented in Rust, bound methods, the descriptor
//! wrappers (`property`, `staticmethod`, `classmethod`), `super()` objects, and `Args`,
//! a call's positional and keyword arguments with the binding helpers natives use.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Attrs, Cell, Class, Obj};
use crate::python::code::Code;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;

/// A function defined by the program.
#[derive(Debug)]
pub struct Function {
    pub code: Rc<Code>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Obj>,
    /// Defaults of keyword-only parameters, by index.
    pub kwdefaults: Vec<Option<Obj>>,
    /// The cells of the enclosing frames it uses, in `code.free` order.
    pub closure: Vec<Cell>,
    /// Attributes set on the function (`f.calls = 0`).
    pub attrs: RefCell<Attrs>,
}

/// The signature of a function implemented in Rust.
pub type NativeFn = fn(&mut Interpreter, &mut dyn Host, Args) -> Result<Obj, Exc>;

/// A built-in function (`len`, `time.sleep`).
pub struct Native {
    pub name: Rc<str>,
    pub f: NativeFn,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<built-in function {}>", self.name)
    }
}

/// A method bound to its receiver.
#[derive(Debug)]
pub struct BoundMethod {
    pub receiver: Obj,
    pub func: MethodFunc,
}

/// What a bound method calls.
#[derive(Debug)]
pub enum MethodFunc {
    /// A callable found on a class, called with the receiver first.
    Call(Obj),
    /// A method of a built-in type or host object, by name (`s.upper`, `q.put`).
    Named(Rc<str>),
}

/// The descriptors a class body can hold.
#[derive(Debug)]
pub enum Wrapper {
    Property { get: Obj, set: Option<Obj> },
    Static(Obj),
    ClassMethod(Obj),
}

/// `super()`: attribute lookup on `receiver` that starts above `class`.
#[derive(Debug)]
pub struct Super {
    pub class: Rc<Class>,
    pub receiver: Obj,
}

/// A call's arguments.
#[derive(Clone, Debug, Default)]
pub struct Args {
    pub pos: Vec<Obj>,
    pub kw: Vec<(Rc<str>, Obj)>,
}

impl Args {
    /// Positional arguments only.
    pub fn new(pos: Vec<Obj>) -> Args {
        Args { pos, kw: Vec::new() }
    }

    /// No arguments.
    pub fn none() -> Args {
        Args::default()
    }

    /// The positional arguments of a native that takes no keywords and `min..=max` of them.
    pub fn positional(self, fname: &str, min: usize, max: usize) -> Result<Vec<Obj>, Exc> {
        if !self.kw.is_empty() {
            return Err(Exc::type_error(format!("{fname}() takes no keyword arguments")));
        }
        let n = self.pos.len();
        if n < min || n > max {
            let message = match (min, max) {
                (0, 0) => format!("{fname}() takes no arguments ({n} given)"),
                (1, 1) => format!("{fname}() takes exactly one argument ({n} given)"),
                _ if min == max => format!("{fname} expected {min} arguments, got {n}"),
                _ if n < min => format!("{fname} expected at least {min} argument{}, got {n}", plural(min)),
                _ => format!("{fname} expected at most {max} argument{}, got {n}", plural(max)),
            };
            return Err(Exc::type_error(message));
        }
        Ok(self.pos)
    }

    /// Binds arguments to parameter `names` (positional or keyword) for a native: the first
    /// `required` must be given. Unknown or doubled keywords raise CPython's TypeErrors.
    pub fn bind<const N: usize>(self, fname: &str, names: [&str; N], required: usize) -> Result<[Option<Obj>; N], Exc> {
        if self.pos.len() > N {
            return Err(Exc::type_error(format!(
                "{fname}() takes at most {N} argument{} ({} given)",
                plural(N),
                self.pos.len()
            )));
        }
        let mut slots: [Option<Obj>; N] = std::array::from_fn(|_| None);
        for (slot, value) in slots.iter_mut().zip(self.pos) {
            *slot = Some(value);
        }
        for (name, value) in self.kw {
            let Some(at) = names.iter().position(|n| **n == *name) else {
                return Err(Exc::type_error(format!("{fname}() got an unexpected keyword argument '{name}'")));
            };
            if slots[at].is_some() {
                return Err(Exc::type_error(format!("{fname}() got multiple values for argument '{name}'")));
            }
            slots[at] = Some(value);
        }
        if let Some(missing) = names.iter().take(required).zip(&slots).find(|(_, slot)| slot.is_none()) {
            return Err(Exc::type_error(format!("{fname}() missing required argument '{}'", missing.0)));
        }
        Ok(slots)
    }

    /// The keyword argument `name`, removed from the arguments.
    pub fn take_kw(&mut self, name: &str) -> Option<Obj> {
        let at = self.kw.iter().position(|(key, _)| &**key == name)?;
        Some(self.kw.remove(at).1)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
