//! Iterators: the state of every `for` loop and of the iterator objects a program sees
//! (`iter()`, `enumerate`, `zip`, `map`, `filter`, `reversed`, generator expressions, a
//! file's lines). Advancing one may run Python code (a `map` function, a generator's
//! element), so `Interpreter::next` does it; this file holds only the states.

use std::cell::RefCell;
use std::rc::Rc;

use super::{File, Obj, Table, Type, View};
use crate::python::code::Comp;
use crate::python::interp::Frame;

/// Where an iteration stands.
#[derive(Debug)]
pub enum Iter {
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    /// A list, by index, so appending while iterating is seen, as in CPython.
    List {
        list: Rc<RefCell<Vec<Obj>>>,
        at: usize,
    },
    Tuple {
        items: Rc<[Obj]>,
        at: usize,
    },
    /// A str's characters, by byte offset.
    Chars {
        text: Rc<str>,
        at: usize,
    },
    /// A dict's keys, values or items, by entry position; `len` catches a size change.
    Dict {
        dict: Rc<RefCell<Table<Obj>>>,
        at: usize,
        view: View,
        len: usize,
    },
    /// Items computed up front (a set's snapshot, `reversed`), and the type to report.
    Items(std::vec::IntoIter<Obj>, Type),
    /// An iterator object shared with the program (`it = iter(x)` then `for a in it`).
    Shared(Rc<RefCell<Iter>>),
    Enumerate {
        inner: Box<Iter>,
        /// The next item's count; `None` once it went past `i64::MAX`.
        count: Option<i64>,
    },
    Zip(Vec<Iter>),
    Map {
        func: Obj,
        inner: Vec<Iter>,
    },
    Filter {
        func: Obj,
        inner: Box<Iter>,
    },
    Gen(Box<GenState>),
    /// An instance whose class defines `__next__`.
    Object(Obj),
    Lines(Rc<RefCell<File>>),
    /// Being advanced right now (a generator asked for its own next item).
    Running,
    Done,
}

/// A generator expression between two items: its frame and one iterator per `for` clause
/// entered so far.
#[derive(Debug)]
pub struct GenState {
    pub comp: Rc<Comp>,
    pub frame: Frame,
    pub iters: Vec<Iter>,
    pub started: bool,
}

impl Iter {
    /// The iterator's Python type.
    pub fn type_of(&self) -> Type {
        match self {
            Iter::Enumerate { .. } => Type::Enumerate,
            Iter::Zip(_) => Type::Zip,
            Iter::Map { .. } => Type::Map,
            Iter::Filter { .. } => Type::Filter,
            Iter::Gen(_) => Type::Generator,
            Iter::Items(_, ty) => *ty,
            Iter::Lines(_) => Type::File,
            _ => Type::Iterator,
        }
    }

    /// The name CPython gives the iterator's type (`list_iterator`), for reprs.
    pub fn type_name(&self) -> &'static str {
        match self {
            Iter::Range { .. } => "range_iterator",
            Iter::List { .. } => "list_iterator",
            Iter::Tuple { .. } => "tuple_iterator",
            Iter::Chars { .. } => "str_ascii_iterator",
            Iter::Dict { view: View::Keys, .. } => "dict_keyiterator",
            Iter::Dict { view: View::Values, .. } => "dict_valueiterator",
            Iter::Dict { view: View::Items, .. } => "dict_itemiterator",
            Iter::Shared(inner) => inner.try_borrow().map_or("iterator", |it| it.type_name()),
            Iter::Items(_, Type::Reversed) => "list_reverseiterator",
            Iter::Items(_, Type::Set) => "set_iterator",
            Iter::Gen(_) => "generator",
            other => other.type_of().name(),
        }
    }
}
