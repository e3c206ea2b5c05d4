//! Python exceptions as the lesson language raises them: the class name and message that
//! CPython would print (`ValueError: task_done() called too many times`), plus `exit()`.

use std::fmt;

/// A raised Python exception, or `sys.exit(code)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyErr {
    Raise { error: String, message: String },
    Exit(i32),
}

impl PyErr {
    pub fn new(error: &str, message: impl Into<String>) -> PyErr {
        PyErr::Raise { error: error.to_string(), message: message.into() }
    }
    pub fn value(message: impl Into<String>) -> PyErr {
        PyErr::new("ValueError", message)
    }
    pub fn assertion(message: impl Into<String>) -> PyErr {
        PyErr::new("AssertionError", message)
    }
    pub fn type_error(message: impl Into<String>) -> PyErr {
        PyErr::new("TypeError", message)
    }
    /// Whether an `except NAME:` clause catches this.
    pub fn caught_by(&self, name: &str) -> bool {
        match self {
            PyErr::Raise { error, .. } => name == "Exception" || error == name,
            PyErr::Exit(_) => false,
        }
    }
}

impl fmt::Display for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyErr::Raise { error, message } if message.is_empty() => f.write_str(error),
            PyErr::Raise { error, message } => write!(f, "{error}: {message}"),
            PyErr::Exit(code) => write!(f, "SystemExit: {code}"),
        }
    }
}

/// A failed system call, raised as CPython raises it from `errno`.
impl From<std::io::Error> for PyErr {
    fn from(e: std::io::Error) -> PyErr {
        PyErr::new("OSError", e.to_string())
    }
}

/// Results of lesson-language operations.
pub type PyResult<T> = Result<T, PyErr>;
