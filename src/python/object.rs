//! The objects a running program computes with. `Obj` is a small clonable handle: scalars
//! inline, everything else behind an `Rc` (one process is one thread, and `fork()` copies
//! the whole heap, so each process owns its objects). Mutable containers sit in a `RefCell`;
//! nothing holds a borrow across a call back into Python code.

mod class;
mod file;
mod func;
mod iter;
mod mutation;
pub mod set_algebra;
mod set_order;
mod table;

use std::cell::RefCell;
use std::rc::Rc;

pub use class::{Attrs, Class, Instance, Module};
pub use file::{File, FileMode, has_changes, take_changes};
pub use func::{Args, BoundMethod, Function, MethodFunc, Native, NativeFn, Super, Wrapper};
pub use iter::{GenState, Iter};
pub use mutation::{Mutate, bindings, global_bindings, last_local, mutations, rebound, rebound_global, rebound_local};
pub use table::{Key, Table};

use super::host::HostObj;

/// A shared, mutable variable captured by a closure.
pub type Cell = Rc<RefCell<Option<Obj>>>;

/// One Python object.
#[derive(Clone, Debug)]
pub enum Obj {
    None,
    Ellipsis,
    NotImplemented,
    Bool(bool),
    /// forkbook's ints are 64-bit; operators raise OverflowError past them.
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Vec<Obj>>>),
    Tuple(Rc<[Obj]>),
    Dict(Rc<RefCell<Table<Obj>>>),
    Set(Rc<RefCell<Table<()>>>),
    FrozenSet(Rc<Table<()>>),
    Range(Rc<[i64; 3]>),
    Slice(Rc<[Obj; 3]>),
    Function(Rc<Function>),
    Native(Rc<Native>),
    Method(Rc<BoundMethod>),
    Class(Rc<Class>),
    Type(Type),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Iter(Rc<RefCell<Iter>>),
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    View(Rc<(View, Rc<RefCell<Table<Obj>>>)>),
    File(Rc<RefCell<File>>),
    /// An object the host implements (a Lock, a Queue, a Process handle, a host function).
    Host(Rc<HostObj>),
    /// `property`, `staticmethod`, `classmethod`.
    Wrapper(Rc<Wrapper>),
    Super(Rc<Super>),
}

/// Which view of a dict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Keys,
    Values,
    Items,
}

/// The built-in types a program can name, call or test with `isinstance`, and the types of
/// the other objects (`type(f)` is `<class 'function'>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Object,
    None,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Meta,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    Enumerate,
    Zip,
    Map,
    Filter,
    Reversed,
    Iterator,
    Generator,
    DictKeys,
    DictValues,
    DictItems,
    File,
    Ellipsis,
    NotImplemented,
    HostObject,
}

impl Type {
    /// The name `type(x).__name__` gives.
    pub fn name(self) -> &'static str {
        match self {
            Type::Object => "object",
            Type::None => "NoneType",
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Float => "float",
            Type::Str => "str",
            Type::Bytes => "bytes",
            Type::List => "list",
            Type::Tuple => "tuple",
            Type::Dict => "dict",
            Type::Set => "set",
            Type::FrozenSet => "frozenset",
            Type::Range => "range",
            Type::Slice => "slice",
            Type::Meta => "type",
            Type::Function => "function",
            Type::BuiltinFunction => "builtin_function_or_method",
            Type::Method => "method",
            Type::Module => "module",
            Type::Property => "property",
            Type::StaticMethod => "staticmethod",
            Type::ClassMethod => "classmethod",
            Type::Super => "super",
            Type::Enumerate => "enumerate",
            Type::Zip => "zip",
            Type::Map => "map",
            Type::Filter => "filter",
            Type::Reversed => "reversed",
            Type::Iterator => "iterator",
            Type::Generator => "generator",
            Type::DictKeys => "dict_keys",
            Type::DictValues => "dict_values",
            Type::DictItems => "dict_items",
            Type::File => "TextIOWrapper",
            Type::Ellipsis => "ellipsis",
            Type::NotImplemented => "NotImplementedType",
            Type::HostObject => "object",
        }
    }

    /// The built-in type a name stands for, among those a program may call or test.
    pub fn from_builtin_name(name: &str) -> Option<Type> {
        Some(match name {
            "object" => Type::Object,
            "bool" => Type::Bool,
            "int" => Type::Int,
            "float" => Type::Float,
            "str" => Type::Str,
            "bytes" => Type::Bytes,
            "list" => Type::List,
            "tuple" => Type::Tuple,
            "dict" => Type::Dict,
            "set" => Type::Set,
            "frozenset" => Type::FrozenSet,
            "range" => Type::Range,
            "slice" => Type::Slice,
            "type" => Type::Meta,
            "property" => Type::Property,
            "staticmethod" => Type::StaticMethod,
            "classmethod" => Type::ClassMethod,
            "super" => Type::Super,
            "enumerate" => Type::Enumerate,
            "zip" => Type::Zip,
            "map" => Type::Map,
            "filter" => Type::Filter,
            "reversed" => Type::Reversed,
            _ => return None,
        })
    }

    /// Whether `self` is `other` or a subtype of it (`bool` is an `int`; all are `object`s).
    pub fn is_subtype(self, other: Type) -> bool {
        self == other || other == Type::Object || (self == Type::Bool && other == Type::Int)
    }
}

impl Obj {
    /// A str object.
    pub fn str(text: &str) -> Obj {
        Obj::Str(Rc::from(text))
    }

    /// A new list.
    pub fn list(items: Vec<Obj>) -> Obj {
        Obj::List(Rc::new(RefCell::new(items)))
    }

    /// A new tuple.
    pub fn tuple(items: Vec<Obj>) -> Obj {
        Obj::Tuple(Rc::from(items))
    }

    /// A new dict.
    pub fn dict(table: Table<Obj>) -> Obj {
        Obj::Dict(Rc::new(RefCell::new(table)))
    }

    /// A new set.
    pub fn set(table: Table<()>) -> Obj {
        Obj::Set(Rc::new(RefCell::new(table)))
    }

    /// A new iterator object.
    pub fn iter(iter: Iter) -> Obj {
        Obj::Iter(Rc::new(RefCell::new(iter)))
    }

    /// The members of a set or frozenset.
    pub fn set_members(&self) -> Option<Table<()>> {
        match self {
            Obj::Set(set) => Some(set.borrow().snapshot()),
            Obj::FrozenSet(set) => Some(set.snapshot()),
            _ => None,
        }
    }

    /// The type of the object, when it is a built-in one (`None` for instances of classes).
    pub fn builtin_type(&self) -> Option<Type> {
        Some(match self {
            Obj::None => Type::None,
            Obj::Ellipsis => Type::Ellipsis,
            Obj::NotImplemented => Type::NotImplemented,
            Obj::Bool(_) => Type::Bool,
            Obj::Int(_) => Type::Int,
            Obj::Float(_) => Type::Float,
            Obj::Str(_) => Type::Str,
            Obj::Bytes(_) => Type::Bytes,
            Obj::List(_) => Type::List,
            Obj::Tuple(_) => Type::Tuple,
            Obj::Dict(_) => Type::Dict,
            Obj::Set(_) => Type::Set,
            Obj::FrozenSet(_) => Type::FrozenSet,
            Obj::Range(_) => Type::Range,
            Obj::Slice(_) => Type::Slice,
            Obj::Function(_) => Type::Function,
            Obj::Native(_) => Type::BuiltinFunction,
            Obj::Method(_) => Type::Method,
            Obj::Class(_) | Obj::Type(_) => Type::Meta,
            Obj::Module(_) => Type::Module,
            Obj::Iter(iter) => iter.borrow().type_of(),
            Obj::View(view) => match view.0 {
                View::Keys => Type::DictKeys,
                View::Values => Type::DictValues,
                View::Items => Type::DictItems,
            },
            Obj::File(_) => Type::File,
            Obj::Host(_) => Type::HostObject,
            Obj::Wrapper(wrapper) => match **wrapper {
                Wrapper::Property { .. } => Type::Property,
                Wrapper::Static(_) => Type::StaticMethod,
                Wrapper::ClassMethod(_) => Type::ClassMethod,
            },
            Obj::Super(_) => Type::Super,
            Obj::Instance(_) => return None,
        })
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> Rc<str> {
        match self {
            Obj::Instance(instance) => instance.class.name.clone(),
            Obj::Host(host) => host.type_name.clone(),
            other => Rc::from(other.builtin_type().map_or("object", Type::name)),
        }
    }

    /// Python's `is`: the same object. Small values compare by value, as CPython's caches
    /// of small ints, `True`, `False` and `None` make them the same object.
    pub fn is(&self, other: &Obj) -> bool {
        match (self, other) {
            (Obj::None, Obj::None) | (Obj::Ellipsis, Obj::Ellipsis) => true,
            (Obj::NotImplemented, Obj::NotImplemented) => true,
            (Obj::Bool(a), Obj::Bool(b)) => a == b,
            (Obj::Int(a), Obj::Int(b)) => a == b,
            (Obj::Float(a), Obj::Float(b)) => a.to_bits() == b.to_bits(),
            (Obj::Str(a), Obj::Str(b)) => Rc::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (Obj::Type(a), Obj::Type(b)) => a == b,
            (Obj::Host(a), Obj::Host(b)) => a.handle == b.handle && a.type_name == b.type_name,
            _ => match (self.address(), other.address()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// The address of a heap object: its identity, `id()` and default hash.
    pub fn address(&self) -> Option<usize> {
        fn at<T: ?Sized>(rc: &Rc<T>) -> usize {
            Rc::as_ptr(rc).cast::<()>() as usize
        }
        Some(match self {
            Obj::Str(s) => at(s),
            Obj::Bytes(b) => at(b),
            Obj::List(x) => at(x),
            Obj::Tuple(x) => at(x),
            Obj::Dict(x) => at(x),
            Obj::Set(x) => at(x),
            Obj::FrozenSet(x) => at(x),
            Obj::Range(x) => at(x),
            Obj::Slice(x) => at(x),
            Obj::Function(x) => at(x),
            Obj::Native(x) => at(x),
            Obj::Method(x) => at(x),
            Obj::Class(x) => at(x),
            Obj::Instance(x) => at(x),
            Obj::Module(x) => at(x),
            Obj::Iter(x) => at(x),
            Obj::View(x) => at(x),
            Obj::File(x) => at(x),
            Obj::Host(x) => at(x),
            Obj::Wrapper(x) => at(x),
            Obj::Super(x) => at(x),
            _ => return None,
        })
    }

    /// The int a bool or int stands for.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Obj::Int(i) => Some(*i),
            Obj::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The float an int, bool or float stands for.
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Obj::Float(x) => Some(*x),
            _ => self.as_int().map(|i| i as f64),
        }
    }

    /// The text of a str.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Obj::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl From<bool> for Obj {
    fn from(b: bool) -> Obj {
        Obj::Bool(b)
    }
}

impl From<i64> for Obj {
    fn from(i: i64) -> Obj {
        Obj::Int(i)
    }
}

impl From<f64> for Obj {
    fn from(x: f64) -> Obj {
        Obj::Float(x)
    }
}

impl From<&str> for Obj {
    fn from(s: &str) -> Obj {
        Obj::str(s)
    }
}

impl From<String> for Obj {
    fn from(s: String) -> Obj {
        Obj::Str(Rc::from(s))
    }
}

impl From<Rc<str>> for Obj {
    fn from(s: Rc<str>) -> Obj {
        Obj::Str(s)
    }
}
