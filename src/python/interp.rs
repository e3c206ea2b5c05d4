//! The interpreter: one per process, walking the lowered program with CPython's semantics.
//! It owns the module's globals, the imported modules and the built-in classes; frames live
//! on the Rust stack. Entry points take the `Host`, which is asked before every statement
//! and for everything outside the process. `fork()` copies an interpreter as it stands.

mod assign;
mod attr;
mod call;
mod class;
mod comp;
mod compare;
mod exc;
mod expr;
mod fields;
mod format;
mod frame;
mod item;
mod iter;
mod ops;
pub use ops::set_memory_check;
mod repr;
mod stmt;

use std::collections::HashMap;
use std::rc::Rc;

pub(crate) use crate::value::{ascii, bytes_repr};
pub use frame::Frame;
pub(crate) use item::{range_len, range_len_checked, span};
pub(crate) use ops::{overflow, sized};

use super::Program;
use super::code::Code;
use super::exception::{Exc, ExcKind};
use super::host::Host;
use super::object::{Args, Attrs, Class, Obj};
use crate::value::Value;

/// CPython's default recursion limit.
pub const RECURSION_LIMIT: u32 = 1000;

/// How a process's program ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exit {
    /// The exit code: 0, `sys.exit(n)`'s n, or 1 after an uncaught exception.
    pub code: i32,
    /// The uncaught exception as the traceback ends with it (`ValueError: bad`; a message of
    /// several lines keeps them all).
    pub error: Option<String>,
}

/// A Python interpreter for one process.
pub struct Interpreter {
    pub(super) program: Program,
    pub(super) globals: Vec<Option<Obj>>,
    /// The built-in each global slot falls back to, found once.
    builtin_of_slot: Vec<Option<Obj>>,
    pub(super) builtins: HashMap<Rc<str>, Obj>,
    exc_classes: Vec<Rc<Class>>,
    pub(super) modules: HashMap<Rc<str>, Obj>,
    /// The exceptions being handled, innermost last (for a bare `raise`).
    pub(super) handling: Vec<Exc>,
    depth: u32,
    /// Objects being repr'd, so a list holding itself prints `[...]`.
    pub(super) repr_stack: Vec<usize>,
    /// `random`'s generator, seeded on first use.
    pub(super) random: Option<super::modules::Mt19937>,
    /// Where the Rust stack was when the outermost entry point started, and how much of
    /// it Python calls may use before RecursionError (deep recursion must not crash).
    stack_base: usize,
    stack_budget: usize,
    /// Set when the host shows the program's variables: what it was last told.
    pub(super) watch: Option<super::variables::Watch>,
    /// Emptied locals of returned calls, reused by the next (a call allocates none).
    spare_locals: Vec<Vec<Option<Obj>>>,
    /// The line last stepped to, whichever frame it is in (0: none yet in this process).
    pub(super) line: u32,
}

/// The stack Python calls may use by default: most of a main thread's 8 MiB.
pub const STACK_BUDGET: usize = 6 << 20;

/// The current stack address (a local's), to measure how deep the Rust stack is.
fn stack_here() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

impl Interpreter {
    /// An interpreter for `program`, with knob overrides substituted for module constants.
    pub fn new(program: &Program, overrides: &[(String, Value)]) -> Result<Interpreter, Vec<super::Diagnostic>> {
        let program = program.with_overrides(overrides)?;
        let mut interp = Interpreter {
            globals: vec![None; program.lowered.globals.len()],
            builtin_of_slot: Vec::new(),
            builtins: HashMap::new(),
            exc_classes: Vec::new(),
            modules: HashMap::new(),
            handling: Vec::new(),
            depth: 0,
            repr_stack: Vec::new(),
            random: None,
            stack_base: 0,
            stack_budget: STACK_BUDGET,
            watch: None,
            spare_locals: Vec::new(),
            line: 0,
            program,
        };
        interp.exc_classes = class::exception_classes();
        super::builtins::install(&mut interp);
        interp.builtin_of_slot =
            interp.program.lowered.globals.iter().map(|name| interp.builtins.get(name).cloned()).collect();
        interp.set_global("__name__", Obj::str("__main__"));
        interp.set_global("__file__", Obj::str(&interp.program.file.clone()));
        Ok(interp)
    }

    /// A new interpreter for the same program with the same knob values, as a child started
    /// with the spawn start method begins: fresh globals, nothing imported yet, and
    /// `__name__` set to `'__mp_main__'`, so the module's code under
    /// `if __name__ == '__main__':` does not run again when it re-runs the module.
    pub fn respawned(&self) -> Result<Interpreter, Vec<super::Diagnostic>> {
        let mut fresh = Interpreter::new(&self.program, &[])?;
        fresh.set_global("__name__", Obj::str("__mp_main__"));
        Ok(fresh)
    }

    /// The program being run.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Runs the module to its end: the main process. An uncaught exception's traceback goes
    /// to the host's stderr.
    pub fn run_main(&mut self, host: &mut dyn Host) -> Exit {
        let code: Rc<Code> = self.program.lowered.module.clone();
        let mut frame = Frame::new(code.clone(), Vec::new());
        let result = self.block(host, &mut frame, &code.body);
        match result {
            Ok(_) => Exit { code: 0, error: None },
            Err(mut e) => {
                if e.catchable() {
                    e.push_frame(&code.name, frame.line);
                }
                self.finish(host, e, None)
            }
        }
    }

    /// Runs `func(*args)` as a child process's whole life, as CPython's
    /// `Process._bootstrap` does: `SystemExit` sets the code, anything else prints
    /// `Process <name>:` and the traceback to stderr and exits 1.
    pub fn bootstrap(&mut self, host: &mut dyn Host, func: &Obj, args: Args, process_name: &str) -> Exit {
        // The frames under way are the parent's (a fork runs its target from inside the
        // parent's `start()`): a call returning to them returns to no line of this process.
        self.line = 0;
        match self.call(host, func, args) {
            Ok(_) => Exit { code: 0, error: None },
            Err(e) => self.finish(host, e, Some(process_name)),
        }
    }

    /// Calls any callable with `args`.
    pub fn call(&mut self, host: &mut dyn Host, func: &Obj, args: Args) -> Result<Obj, Exc> {
        self.call_obj(host, func, args)
    }

    /// Calls method `name` of `obj`.
    pub fn call_method(&mut self, host: &mut dyn Host, obj: &Obj, name: &str, args: Args) -> Result<Obj, Exc> {
        self.method(host, obj, name, args)
    }

    /// Reads attribute `name` of `obj`.
    pub fn getattr(&mut self, host: &mut dyn Host, obj: &Obj, name: &str) -> Result<Obj, Exc> {
        self.get_attr(host, obj, name)
    }

    /// Sets attribute `name` of `obj` (an instance, class, module or function).
    pub fn setattr(&mut self, host: &mut dyn Host, obj: &Obj, name: &str, value: Obj) -> Result<(), Exc> {
        self.set_attr(host, obj, name, value)
    }

    /// `repr(obj)`, calling the program's `__repr__` where it has one.
    pub fn repr(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<String, Exc> {
        self.repr_of(host, obj)
    }

    /// `str(obj)`, calling the program's `__str__` where it has one.
    pub fn str(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<String, Exc> {
        self.str_of(host, obj)
    }

    /// Python truthiness (`__bool__`, `__len__`).
    pub fn truthy(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<bool, Exc> {
        self.truth(host, obj)
    }

    /// A new class named `name` deriving from `base` (a class, or `None` for `object`),
    /// for the host's classes a program may subclass (`Process`). Methods are usually
    /// `HostObj`s of kind `Method`.
    pub fn new_class(
        &mut self,
        name: &str,
        module: &str,
        base: Option<&Obj>,
        attrs: Vec<(&str, Obj)>,
    ) -> Result<Obj, Exc> {
        let base = match base {
            None => None,
            Some(Obj::Class(c)) => Some(c.clone()),
            Some(other) => return Err(Exc::type_error(format!("a class cannot derive from '{}'", other.type_name()))),
        };
        let mut ns = Attrs::default();
        for (key, value) in attrs {
            ns.set(Rc::from(key), value);
        }
        Ok(Obj::Class(Rc::new(Class::new(Rc::from(name), Rc::from(name), Rc::from(module), base, ns))))
    }

    /// A new module object with `attrs` (what `Host::import` returns).
    pub fn new_module(&mut self, name: &str, attrs: Vec<(&str, Obj)>) -> Obj {
        let mut ns = Attrs::default();
        for (key, value) in attrs {
            ns.set(Rc::from(key), value);
        }
        Obj::Module(Rc::new(super::object::Module::new(name, ns)))
    }

    /// A property whose getter (and setter) the host implements, for a host class
    /// (`Process.pid`, `Process.exitcode`): `get` is called with the instance.
    pub fn new_property(&mut self, get: Obj, set: Option<Obj>) -> Obj {
        Obj::Wrapper(Rc::new(super::object::Wrapper::Property { get, set }))
    }

    /// `obj.name` as a bound method of a host object, for `Host::getattr` to return:
    /// calling it asks the host with `method: Some(name)`.
    pub fn host_method(&mut self, obj: &super::host::HostObj, name: &str) -> Obj {
        let receiver = Obj::Host(Rc::new(obj.clone()));
        Obj::Method(Rc::new(super::object::BoundMethod {
            receiver,
            func: super::object::MethodFunc::Named(Rc::from(name)),
        }))
    }

    /// `ValueError: bad`: what a traceback's last line says about `exc`.
    pub fn describe_exception(&mut self, host: &mut dyn Host, exc: &mut Exc) -> String {
        let obj = self.exc_object(exc);
        self.exception_line(host, &obj)
    }

    /// The built-in exception `exc` is or derives from (`None` for an exit).
    pub fn exception_kind(&mut self, exc: &mut Exc) -> Option<ExcKind> {
        match self.exc_object(exc) {
            Obj::Instance(instance) => instance.class.exc_kind(),
            _ => None,
        }
    }

    /// The class of a built-in exception, to subclass or to raise an instance of.
    pub fn exception_class(&self, kind: ExcKind) -> Obj {
        Obj::Class(self.exc_class(kind).clone())
    }

    pub(super) fn exc_class(&self, kind: ExcKind) -> &Rc<Class> {
        &self.exc_classes[kind as usize]
    }

    /// The traceback an uncaught `exc` prints, CPython's format, ending with its last line.
    pub fn traceback_text(&mut self, host: &mut dyn Host, exc: &mut Exc) -> String {
        self.format_traceback(host, exc)
    }

    /// Converts an object into a `Value` (the form queues and events carry), as pickling
    /// would: plain data, exceptions and instances of the program's module-level classes
    /// convert, functions and locks do not (a PicklingError).
    pub fn to_value(&mut self, obj: &Obj) -> Result<Value, Exc> {
        super::convert::to_value(obj, &mut |class| self.sent_class_name(class))
    }

    /// The object a `Value` stands for; an instance whose class this program does not have
    /// (defined after this process was forked) raises unpickling's AttributeError.
    pub fn from_value(&mut self, value: &Value) -> Result<Obj, Exc> {
        super::convert::from_value(value, &mut |name| {
            self.program_class(name)
                .or_else(|| self.builtin_exception_class(name))
                .ok_or_else(|| Exc::attribute_error(format!("Can't get attribute '{name}' on <module '__main__'>")))
        })
    }

    /// A built-in exception class by the name it travels by (`builtins.ValueError`,
    /// `queue.Empty`: with its module, so that a class of the program's own of that name is
    /// not taken for it).
    fn builtin_exception_class(&self, name: &str) -> Option<Rc<Class>> {
        let (module, name) = name.rsplit_once('.')?;
        let kind = ExcKind::from_name(name).filter(|kind| kind.module() == module)?;
        Some(self.exc_class(kind).clone())
    }

    /// The name an instance's class travels by, as pickle checks it: the class must be found
    /// again by that name in the main module.
    fn sent_class_name(&self, class: &Rc<Class>) -> Result<String, Exc> {
        if let Some(kind) = class.exc {
            // A built-in exception, found again among the receiver's own.
            return Ok(format!("{}.{}", kind.module(), kind.name()));
        }
        let qualname = &*class.qualname;
        if qualname.contains("<locals>") {
            return Err(Exc::attribute_error(format!("Can't pickle local object '{qualname}'")));
        }
        match self.program_class(qualname) {
            Some(found) if &*class.module == "__main__" && Rc::ptr_eq(&found, class) => Ok(qualname.to_string()),
            _ => Err(Exc::new(
                ExcKind::PicklingError,
                format!(
                    "Can't pickle <class '{}.{qualname}'>: it's not the same object as {0}.{qualname}",
                    class.module
                ),
            )),
        }
    }

    /// The program's class named `qualname` (`Job`, `Outer.Inner`), looked up from the
    /// module's globals.
    fn program_class(&self, qualname: &str) -> Option<Rc<Class>> {
        let mut parts = qualname.split('.');
        let mut found = self.global(parts.next()?)?;
        for part in parts {
            let Obj::Class(class) = &found else { return None };
            found = class.lookup(part)?;
        }
        match found {
            Obj::Class(class) => Some(class),
            _ => None,
        }
    }

    fn set_global(&mut self, name: &str, value: Obj) {
        if let Some(slot) = self.program.lowered.globals.iter().position(|n| &**n == name) {
            crate::python::object::rebound_global();
            self.globals[slot] = Some(value);
        }
    }

    /// The module global `name`, if the program has it.
    pub fn global(&self, name: &str) -> Option<Obj> {
        let slot = self.program.lowered.globals.iter().position(|n| &**n == name)?;
        self.globals[slot].clone()
    }

    /// Reseeds `random`, as CPython does in a child right after `fork()`: call it in the
    /// child with a seed of its own (derived from the run's seed, for reproducible runs).
    pub fn reseed_random(&mut self, seed: u64) {
        self.random = Some(super::modules::Mt19937::from_u64(seed));
    }

    /// How much Rust stack Python calls may use before RecursionError: set it when the
    /// interpreter runs on a thread whose stack is not a main thread's 8 MiB.
    pub fn set_stack_budget(&mut self, bytes: usize) {
        self.stack_budget = bytes;
    }

    /// Starts (or stops) telling the host, before each statement, which variables changed
    /// (`Host::variables`); starting again makes the next statement report all of them.
    pub fn watch_variables(&mut self, on: bool) {
        self.watch = on.then(super::variables::Watch::default);
    }

    /// Whether the host is told of variable changes.
    pub fn watches_variables(&self) -> bool {
        self.watch.is_some()
    }

    /// Enters a call: raises RecursionError past CPython's limit or the stack budget.
    pub(super) fn enter(&mut self) -> Result<(), Exc> {
        let here = stack_here();
        if self.depth == 0 || self.stack_base == 0 {
            self.stack_base = here;
        }
        if self.depth >= RECURSION_LIMIT || self.stack_base.saturating_sub(here) > self.stack_budget {
            return Err(Exc::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth -= 1;
    }
}

/// What the built-ins and modules need from the interpreter's internals.
impl Interpreter {
    pub(crate) fn collect_items(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<Vec<Obj>, Exc> {
        self.collect(host, obj)
    }

    pub(crate) fn binary_op(
        &mut self,
        host: &mut dyn Host,
        op: super::code::BinaryOp,
        a: &Obj,
        b: &Obj,
    ) -> Result<Obj, Exc> {
        self.binary(host, op, a, b)
    }

    pub(crate) fn compare_op(
        &mut self,
        host: &mut dyn Host,
        op: super::code::CmpOp,
        a: &Obj,
        b: &Obj,
    ) -> Result<bool, Exc> {
        self.compare(host, op, a, b)
    }

    /// The key/value pairs of a mapping, or of an iterable of pairs (`dict(x)`).
    pub(crate) fn pairs(&mut self, host: &mut dyn Host, source: &Obj) -> Result<Vec<(Obj, Obj)>, Exc> {
        let is_mapping = match source {
            Obj::Dict(_) => true,
            Obj::Instance(instance) => instance.class.lookup_user("keys").is_some(),
            _ => false,
        };
        if is_mapping {
            return self.mapping_items(host, source);
        }
        let mut pairs = Vec::new();
        for (i, item) in self.collect(host, source)?.into_iter().enumerate() {
            let parts = self.collect(host, &item).map_err(|_| {
                Exc::type_error(format!("cannot convert dictionary update sequence element #{i} to a sequence"))
            })?;
            match <[Obj; 2]>::try_from(parts) {
                Ok([key, value]) => pairs.push((key, value)),
                Err(parts) => {
                    return Err(Exc::value_error(format!(
                        "dictionary update sequence element #{i} has length {}; 2 is required",
                        parts.len()
                    )));
                }
            }
        }
        Ok(pairs)
    }
}

#[cfg(test)]
mod edge_tests;
#[cfg(test)]
mod tests;
