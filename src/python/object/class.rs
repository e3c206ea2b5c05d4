//! Classes, their instances and modules: each a name plus an attribute map. Single
//! inheritance: a class has at most one base, so its method resolution order is the chain
//! of bases. Built-in exception classes are classes too (so a program can subclass them),
//! marked with the kind they stand for.

use std::cell::RefCell;
use std::rc::Rc;

use super::Obj;
use crate::python::exception::ExcKind;

/// A small ordered map of attribute names (a class namespace, an instance `__dict__`).
/// Lookups compare the interned pointer first, so a name from the program is found fast.
#[derive(Clone, Debug, Default)]
pub struct Attrs(Vec<(Rc<str>, Obj)>);

impl Attrs {
    pub fn get(&self, name: &str) -> Option<&Obj> {
        let ptr = name.as_ptr();
        self.0
            .iter()
            .find(|(key, _)| key.as_ptr() == ptr && key.len() == name.len())
            .or_else(|| self.0.iter().find(|(key, _)| &**key == name))
            .map(|(_, value)| value)
    }

    pub fn set(&mut self, name: Rc<str>, value: Obj) {
        match self.0.iter_mut().find(|(key, _)| *key == name) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((name, value)),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Obj> {
        let at = self.0.iter().position(|(key, _)| &**key == name)?;
        Some(self.0.remove(at).1)
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Rc<str>, Obj)> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A class: user-defined, built-in exception, or supplied by the host (`Process`).
#[derive(Debug)]
pub struct Class {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    /// `__main__` for the program's classes; a traceback prefixes others' names with it.
    pub module: Rc<str>,
    pub base: Option<Rc<Class>>,
    pub attrs: RefCell<Attrs>,
    /// The built-in exception this class is, for the built-in exception classes.
    pub exc: Option<ExcKind>,
}

impl Class {
    /// A class deriving from `base` (or from `object`).
    pub fn new(name: Rc<str>, qualname: Rc<str>, module: Rc<str>, base: Option<Rc<Class>>, attrs: Attrs) -> Class {
        Class { name, qualname, module, base, attrs: RefCell::new(attrs), exc: None }
    }

    /// The attribute `name` from this class or the nearest base defining it.
    pub fn lookup(&self, name: &str) -> Option<Obj> {
        let mut class = Some(self);
        while let Some(c) = class {
            if let Some(found) = c.attrs.borrow().get(name) {
                return Some(found.clone());
            }
            class = c.base.as_deref();
        }
        None
    }

    /// Like `lookup`, ignoring the built-in exception classes (whose behaviour is native):
    /// whether the program defined `name` itself.
    pub fn lookup_user(&self, name: &str) -> Option<Obj> {
        let mut class = Some(self);
        while let Some(c) = class {
            if c.exc.is_some() {
                return None;
            }
            if let Some(found) = c.attrs.borrow().get(name) {
                return Some(found.clone());
            }
            class = c.base.as_deref();
        }
        None
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass(&self, other: &Class) -> bool {
        let mut class = Some(self);
        while let Some(c) = class {
            if std::ptr::eq(c, other) {
                return true;
            }
            class = c.base.as_deref();
        }
        false
    }

    /// The nearest built-in exception class in the chain: which exception this is.
    pub fn exc_kind(&self) -> Option<ExcKind> {
        let mut class = Some(self);
        while let Some(c) = class {
            if c.exc.is_some() {
                return c.exc;
            }
            class = c.base.as_deref();
        }
        None
    }

    /// The name a traceback's last line prints: qualified by the module unless it is a
    /// built-in or the program's own (`json.decoder.JSONDecodeError`, `MyError`).
    pub fn display_name(&self) -> String {
        match &*self.module {
            "builtins" | "__main__" => self.qualname.to_string(),
            module => format!("{module}.{}", self.qualname),
        }
    }
}

/// An instance of a class.
#[derive(Debug)]
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Attrs>,
}

impl Instance {
    pub fn new(class: Rc<Class>) -> Instance {
        Instance { class, attrs: RefCell::new(Attrs::default()) }
    }
}

/// A module: a name and its attributes.
#[derive(Debug)]
pub struct Module {
    pub name: Rc<str>,
    pub attrs: RefCell<Attrs>,
}

impl Module {
    pub fn new(name: &str, attrs: Attrs) -> Module {
        Module { name: Rc::from(name), attrs: RefCell::new(attrs) }
    }
}
