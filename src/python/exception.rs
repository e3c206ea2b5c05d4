//! Exceptions: CPython's built-in exception classes as a table (name, parent, module), and
//! `Exc`, the Rust error every fallible step of the interpreter returns. An `Exc` raised by
//! Rust code starts as a kind plus arguments and becomes a real instance only when Python
//! code catches it, so raising one needs no interpreter at hand.

use std::rc::Rc;

use super::object::Obj;

macro_rules! exc_kinds {
    ($($kind:ident: $parent:ident, $module:literal;)*) => {
        /// A built-in exception class (and the few that modules forkbook provides define).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcKind { $($kind),* }

        impl ExcKind {
            /// Every kind, parents before children.
            pub const ALL: &'static [ExcKind] = &[$(ExcKind::$kind),*];

            /// The class's direct base (`BaseException` is its own).
            pub fn parent(self) -> ExcKind {
                match self { $(ExcKind::$kind => ExcKind::$parent),* }
            }

            /// The module the class lives in, as a traceback's last line names it.
            pub fn module(self) -> &'static str {
                match self { $(ExcKind::$kind => $module),* }
            }

            /// The class name (`ValueError`).
            pub fn name(self) -> &'static str {
                match self { $(ExcKind::$kind => stringify!($kind)),* }
            }
        }
    };
}

exc_kinds! {
    BaseException: BaseException, "builtins";
    SystemExit: BaseException, "builtins";
    KeyboardInterrupt: BaseException, "builtins";
    GeneratorExit: BaseException, "builtins";
    Exception: BaseException, "builtins";
    StopIteration: Exception, "builtins";
    ArithmeticError: Exception, "builtins";
    FloatingPointError: ArithmeticError, "builtins";
    OverflowError: ArithmeticError, "builtins";
    ZeroDivisionError: ArithmeticError, "builtins";
    AssertionError: Exception, "builtins";
    AttributeError: Exception, "builtins";
    BufferError: Exception, "builtins";
    EOFError: Exception, "builtins";
    ImportError: Exception, "builtins";
    ModuleNotFoundError: ImportError, "builtins";
    LookupError: Exception, "builtins";
    IndexError: LookupError, "builtins";
    KeyError: LookupError, "builtins";
    MemoryError: Exception, "builtins";
    NameError: Exception, "builtins";
    UnboundLocalError: NameError, "builtins";
    OSError: Exception, "builtins";
    BlockingIOError: OSError, "builtins";
    ChildProcessError: OSError, "builtins";
    ConnectionError: OSError, "builtins";
    BrokenPipeError: ConnectionError, "builtins";
    ConnectionAbortedError: ConnectionError, "builtins";
    ConnectionRefusedError: ConnectionError, "builtins";
    ConnectionResetError: ConnectionError, "builtins";
    FileExistsError: OSError, "builtins";
    FileNotFoundError: OSError, "builtins";
    InterruptedError: OSError, "builtins";
    IsADirectoryError: OSError, "builtins";
    NotADirectoryError: OSError, "builtins";
    PermissionError: OSError, "builtins";
    ProcessLookupError: OSError, "builtins";
    TimeoutError: OSError, "builtins";
    ReferenceError: Exception, "builtins";
    RuntimeError: Exception, "builtins";
    NotImplementedError: RuntimeError, "builtins";
    RecursionError: RuntimeError, "builtins";
    SyntaxError: Exception, "builtins";
    SystemError: Exception, "builtins";
    TypeError: Exception, "builtins";
    ValueError: Exception, "builtins";
    UnicodeError: ValueError, "builtins";
    UnicodeDecodeError: UnicodeError, "builtins";
    UnicodeEncodeError: UnicodeError, "builtins";
    Warning: Exception, "builtins";
    UserWarning: Warning, "builtins";
    DeprecationWarning: Warning, "builtins";
    RuntimeWarning: Warning, "builtins";
    JSONDecodeError: ValueError, "json.decoder";
    Empty: Exception, "_queue";
    Full: Exception, "queue";
    PickleError: Exception, "_pickle";
    PicklingError: PickleError, "_pickle";
}

impl ExcKind {
    /// The kind a built-in class name stands for (`"ValueError"`).
    pub fn from_name(name: &str) -> Option<ExcKind> {
        ExcKind::ALL.iter().copied().find(|kind| kind.name() == name)
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_a(self, other: ExcKind) -> bool {
        let mut kind = self;
        loop {
            if kind == other {
                return true;
            }
            if kind == ExcKind::BaseException {
                return false;
            }
            kind = kind.parent();
        }
    }
}

/// One line of a traceback: the function's name and the line it was running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceLine {
    pub name: Rc<str>,
    pub line: u32,
}

/// A raised Python exception on its way up the Rust stack, collecting the traceback as it
/// leaves each frame (innermost first).
#[derive(Clone, Debug)]
pub struct Exc(Box<ExcInner>);

#[derive(Clone, Debug)]
pub struct ExcInner {
    pub state: ExcState,
    pub traceback: Vec<TraceLine>,
}

/// What was raised.
#[derive(Clone, Debug)]
pub enum ExcState {
    /// A built-in exception raised from Rust, not yet an instance.
    Pending(ExcKind, Vec<Obj>),
    /// An exception instance.
    Object(Obj),
    /// Leave the process now with this exit code, running no `finally` and no `except`
    /// (what `os._exit` does; a host ends a forked child this way).
    Exit(i32),
}

impl Exc {
    /// `kind(message)`.
    pub fn new(kind: ExcKind, message: impl Into<String>) -> Exc {
        Exc::with_args(kind, vec![Obj::from(message.into())])
    }

    /// `kind(*args)`.
    pub fn with_args(kind: ExcKind, args: Vec<Obj>) -> Exc {
        Exc::from_state(ExcState::Pending(kind, args))
    }

    /// Raises an exception instance (or class, which Python instantiates with no arguments).
    pub fn from_object(obj: Obj) -> Exc {
        Exc::from_state(ExcState::Object(obj))
    }

    /// Leaves the process with `code`, past every handler (`os._exit`).
    pub fn exit(code: i32) -> Exc {
        Exc::from_state(ExcState::Exit(code))
    }

    fn from_state(state: ExcState) -> Exc {
        Exc(Box::new(ExcInner { state, traceback: Vec::new() }))
    }

    pub fn state(&self) -> &ExcState {
        &self.0.state
    }

    pub(super) fn state_mut(&mut self) -> &mut ExcState {
        &mut self.0.state
    }

    /// The traceback so far, innermost frame first.
    pub fn traceback(&self) -> &[TraceLine] {
        &self.0.traceback
    }

    /// Records that the exception left frame `name` while it ran `line`.
    pub fn push_frame(&mut self, name: &Rc<str>, line: u32) {
        self.0.traceback.push(TraceLine { name: name.clone(), line });
    }

    /// The built-in kind, if it is still pending.
    pub fn pending_kind(&self) -> Option<ExcKind> {
        match &self.0.state {
            ExcState::Pending(kind, _) => Some(*kind),
            _ => None,
        }
    }

    /// Whether Python code may catch it (everything but an exit).
    pub fn catchable(&self) -> bool {
        !matches!(self.0.state, ExcState::Exit(_))
    }

    pub fn type_error(message: impl Into<String>) -> Exc {
        Exc::new(ExcKind::TypeError, message)
    }

    pub fn value_error(message: impl Into<String>) -> Exc {
        Exc::new(ExcKind::ValueError, message)
    }

    pub fn attribute_error(message: impl Into<String>) -> Exc {
        Exc::new(ExcKind::AttributeError, message)
    }

    pub fn index_error(message: impl Into<String>) -> Exc {
        Exc::new(ExcKind::IndexError, message)
    }

    pub fn runtime_error(message: impl Into<String>) -> Exc {
        Exc::new(ExcKind::RuntimeError, message)
    }

    /// `KeyError(key)`: its message is the key's repr.
    pub fn key_error(key: Obj) -> Exc {
        Exc::with_args(ExcKind::KeyError, vec![key])
    }

    /// An operator's error from `crate::value`, as the Python exception it names.
    pub fn from_op(error: crate::value::OpError) -> Exc {
        let kind = ExcKind::from_name(error.class).unwrap_or(ExcKind::TypeError);
        Exc::new(kind, error.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_know_their_names_parents_and_modules() {
        assert_eq!(ExcKind::ZeroDivisionError.name(), "ZeroDivisionError");
        assert!(ExcKind::ZeroDivisionError.is_a(ExcKind::ArithmeticError));
        assert!(ExcKind::KeyError.is_a(ExcKind::Exception));
        assert!(!ExcKind::SystemExit.is_a(ExcKind::Exception));
        assert_eq!(ExcKind::from_name("FileNotFoundError"), Some(ExcKind::FileNotFoundError));
        assert_eq!(ExcKind::JSONDecodeError.module(), "json.decoder");
        // Parents come before their children, so classes can be built in one pass.
        for (i, kind) in ExcKind::ALL.iter().enumerate() {
            assert!(ExcKind::ALL[..=i].contains(&kind.parent()), "{kind:?}");
        }
    }
}
