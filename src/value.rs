//! Values as the runtime and the trace see them: what queues and pipes carry, what events
//! report, what checks compute with. Kept small on purpose: Python's `None`, bools, integers,
//! floats, strings, bytes, lists, tuples, dicts and sets, and instances of the program's classes. Their operators, `==` and string formatting live
//! in `value/`.

mod compare;
#[cfg(test)]
mod cpython_table;
mod error;
mod float;
mod format;
mod ops;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use error::OpError;
pub use format::{ascii, format_spec, latin1_bytes, latin1_text, percent_format, str_format};
pub use ops::{BinOp, MAX_SEQUENCE};

/// One value; serialises to plain JSON (`null`, `true`, `3`, `1.5`,
/// `"x"`, `[..]`), a tuple as `{"tuple": [..]}` so that it does not come back as a list (a
/// dict, a set, bytes and an instance tagged likewise).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// A float; `nan` and `inf`, which JSON numbers cannot hold, travel as `{"float": "nan"}`.
    Float(#[serde(with = "float::json")] f64),
    Str(String),
    List(Vec<Value>),
    /// A tuple: `(1, 'a')`, the arguments of `str % (…)`, what a queue often carries.
    Tuple(#[serde(with = "tuple_json")] Vec<Value>),
    /// A dict, its items in insertion order; travels as `{"dict": [[k, v], ..]}`, since its
    /// keys need not be strings.
    Dict(#[serde(with = "dict_json")] Vec<(Value, Value)>),
    /// A set, its items in the order the sender iterated them; travels as `{"set": [..]}`.
    Set(#[serde(with = "set_json")] Vec<Value>),
    /// `bytes`; travels as `{"bytes": [114, 97, 119]}`.
    Bytes(#[serde(with = "bytes_json")] Vec<u8>),
    /// An instance of a class the program defines at module level, or an exception, as
    /// pickle sends one: its class's qualified name and its attributes (the receiver, a fork
    /// or a re-import of the same program, finds the class again). Travels as
    /// `{"instance": {"class": "Job", "attrs": [["n", 3]]}}`.
    Instance(#[serde(with = "instance_json")] Box<Instance>),
}

/// What an instance travels as (`Value::Instance`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// The class's qualified name in the main module (`Job`, `Outer.Inner`), or a built-in
    /// exception's with its module (`builtins.ValueError`, `queue.Empty`).
    pub class: String,
    pub attrs: Vec<(String, Value)>,
    /// An exception: shown as CPython shows one, `ValueError('x')`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exception: bool,
}

impl Instance {
    /// CPython's default repr: an exception by its class and `args`, anything else by its
    /// class, without the address the viewer cannot know (a class's own `__repr__` runs
    /// only in the program).
    fn repr(&self) -> String {
        let name = self.class.rsplit('.').next().unwrap_or(&self.class);
        if !self.exception {
            return format!("<__main__.{} object>", self.class);
        }
        match self.attrs.iter().find(|(attr, _)| attr == "args") {
            Some((_, Value::Tuple(args))) if args.len() == 1 => format!("{name}({})", args[0].repr()),
            Some((_, Value::Tuple(args))) => {
                format!("{name}({})", args.iter().map(Value::repr).collect::<Vec<_>>().join(", "))
            }
            _ => format!("{name}()"),
        }
    }
}

impl Value {
    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(x) => *x != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) | Value::Tuple(l) | Value::Set(l) => !l.is_empty(),
            Value::Dict(items) => !items.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            // An object's default truth (its `__bool__` and `__len__` are the receiver's).
            Value::Instance(_) => true,
        }
    }

    /// The Python type name, for error messages such as `TypeError: ... 'str'`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::Bytes(_) => "bytes",
            Value::Instance(_) => "object",
        }
    }

    /// Python's `repr()`: strings quoted, as a queue shows its items.
    pub fn repr(&self) -> String {
        match self {
            Value::Str(s) => repr_str(s),
            Value::List(items) => {
                let inner: Vec<String> = items.iter().map(Value::repr).collect();
                format!("[{}]", inner.join(", "))
            }
            Value::Tuple(items) => match &items[..] {
                [one] => format!("({},)", one.repr()),
                _ => format!("({})", items.iter().map(Value::repr).collect::<Vec<_>>().join(", ")),
            },
            Value::Dict(items) => {
                let inner: Vec<String> = items.iter().map(|(k, v)| format!("{}: {}", k.repr(), v.repr())).collect();
                format!("{{{}}}", inner.join(", "))
            }
            Value::Set(items) if items.is_empty() => "set()".to_string(),
            Value::Set(items) => format!("{{{}}}", items.iter().map(Value::repr).collect::<Vec<_>>().join(", ")),
            Value::Bytes(b) => bytes_repr(b),
            // CPython's default repr, without the address the viewer cannot know (a class's
            // own `__repr__` runs only in the program).
            Value::Instance(instance) => instance.repr(),
            other => other.to_string(),
        }
    }
}

/// Structural equality, for tests and the wire: a float equals only the very same bits, so
/// `nan` equals itself and `Eq` holds. Python's `==` is `py_eq`.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) | (Value::Set(a), Value::Set(b)) => {
                a == b
            }
            (Value::Dict(a), Value::Dict(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::Instance(a), Value::Instance(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Value {}

/// A str as Python's `repr` writes it: in single quotes unless it holds a `'` and no `"`,
/// with backslashes, the quote and control characters escaped (other characters Python deems
/// unprintable, such as a no-break space, are kept as they are).
fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `repr(b)` of bytes: `b'...'`, single-quoted unless only a `'` is inside, with `\\xNN`
/// for what is not printable ASCII (the interpreter's `repr` too).
pub fn bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { '"' } else { '\'' };
    let mut out = format!("b{quote}");
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if char::from(b) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(b)),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
}

/// Python's `str()`: what `print` shows.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&float::repr(*x)),
            Value::Str(s) => f.write_str(s),
            Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::Bytes(_)
            | Value::Instance(_) => f.write_str(&self.repr()),
        }
    }
}

/// The JSON form of a sequence that is no list, `{"TAG": [..]}`: a bare array already means
/// a list.
mod tagged_json {
    use serde::de::Error;
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Value;

    pub fn serialize<S: Serializer>(tag: &str, items: &[Value], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(tag, items)?;
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(tag: &str, d: D) -> Result<Vec<Value>, D::Error> {
        let mut form = std::collections::BTreeMap::<String, Vec<Value>>::deserialize(d)?;
        match (form.len(), form.remove(tag)) {
            (1, Some(items)) => Ok(items),
            _ => Err(D::Error::custom(format!("not a {tag}"))),
        }
    }
}

/// A tuple's JSON form, `{"tuple": [..]}`.
mod tuple_json {
    use serde::{Deserializer, Serializer};

    use super::Value;

    pub fn serialize<S: Serializer>(items: &[Value], s: S) -> Result<S::Ok, S::Error> {
        super::tagged_json::serialize("tuple", items, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
        super::tagged_json::deserialize("tuple", d)
    }
}

/// A set's JSON form, `{"set": [..]}`.
mod set_json {
    use serde::{Deserializer, Serializer};

    use super::Value;

    pub fn serialize<S: Serializer>(items: &[Value], s: S) -> Result<S::Ok, S::Error> {
        super::tagged_json::serialize("set", items, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
        super::tagged_json::deserialize("set", d)
    }
}

/// The JSON form of bytes, `{"bytes": [..]}`: a bare array would be a list of ints.
mod bytes_json {
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("bytes", bytes)?;
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Form {
            bytes: Vec<u8>,
        }
        Form::deserialize(d).map(|form| form.bytes)
    }
}

/// The JSON form of an instance, `{"instance": {"class": .., "attrs": [[name, value], ..]}}`.
mod instance_json {
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Instance;

    #[allow(clippy::borrowed_box)]
    pub fn serialize<S: Serializer>(instance: &Box<Instance>, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("instance", &**instance)?;
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<Instance>, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Form {
            instance: Instance,
        }
        Form::deserialize(d).map(|form| Box::new(form.instance))
    }
}

/// The JSON form of a dict, `{"dict": [[key, value], ..]}`: keys of any type, order kept.
mod dict_json {
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Value;

    pub fn serialize<S: Serializer>(items: &[(Value, Value)], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("dict", items)?;
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Value, Value)>, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Form {
            dict: Vec<(Value, Value)>,
        }
        Form::deserialize(d).map(|form| form.dict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_and_repr_like_python() {
        let list = Value::List(vec![Value::Int(1), Value::Str("a".into()), Value::None]);
        assert_eq!(list.to_string(), "[1, 'a', None]");
        assert_eq!(Value::Bool(true).to_string(), "True");
        assert_eq!(Value::Str("包子0".into()).repr(), "'包子0'");
        assert_eq!(Value::Str("it's".into()).repr(), r#""it's""#);
        assert_eq!(Value::Str("a'\"\\\n\u{7}".into()).repr(), r#"'a\'"\\\n\x07'"#);
    }

    #[test]
    fn values_round_trip_through_json() {
        let v = Value::List(vec![Value::None, Value::Bool(false), Value::Int(-3), Value::Str("x".into())]);
        let json = serde_json::to_string(&v).expect("serialises");
        assert_eq!(json, r#"[null,false,-3,"x"]"#);
        assert_eq!(serde_json::from_str::<Value>(&json).expect("parses"), v);
    }

    #[test]
    fn floats_travel_as_json_numbers_and_non_finite_ones_as_a_tagged_string() {
        let v = Value::List(vec![
            Value::Float(1.0),
            Value::Float(-0.5),
            Value::Float(f64::NAN),
            Value::Float(f64::NEG_INFINITY),
        ]);
        let json = serde_json::to_string(&v).expect("serialises");
        assert_eq!(json, r#"[1.0,-0.5,{"float":"nan"},{"float":"-inf"}]"#);
        assert_eq!(serde_json::from_str::<Value>(&json).expect("parses"), v);
        assert_eq!(serde_json::from_str::<Value>("3").expect("parses"), Value::Int(3));
        // Without serde_json's `float_roundtrip` this one came back a step off.
        let exact = Value::Float(-9.660950562654697e-10);
        assert_eq!(
            serde_json::from_str::<Value>(&serde_json::to_string(&exact).expect("serialises")).expect("parses"),
            exact
        );
    }

    /// `v`'s JSON is `json`, and `json` reads back as `v`.
    fn travels_as(v: &Value, json: &str) {
        assert_eq!(serde_json::to_string(v).expect("serialises"), json);
        assert_eq!(&serde_json::from_str::<Value>(json).expect("parses"), v);
    }

    #[test]
    fn sets_travel_tagged_and_show_as_python_shows_them() {
        let set = Value::Set(vec![Value::Int(1), Value::Tuple(vec![Value::Str("a".into())])]);
        travels_as(&set, r#"{"set":[1,{"tuple":["a"]}]}"#);
        assert_eq!((set.to_string(), set.type_name()), ("{1, ('a',)}".to_string(), "set"));
        assert_eq!(Value::Set(vec![]).repr(), "set()");
        assert!(!Value::Set(vec![]).truthy() && set.truthy());
    }

    #[test]
    fn bytes_travel_tagged_and_show_as_python_shows_them() {
        let raw = Value::Bytes(b"raw".to_vec());
        travels_as(&raw, r#"{"bytes":[114,97,119]}"#);
        assert_eq!((raw.to_string(), raw.type_name()), ("b'raw'".to_string(), "bytes"));
        // As CPython 3.11 prints them.
        assert_eq!(Value::Bytes(b"it's \\ \x00\xff\t\n".to_vec()).repr(), r#"b"it's \\ \x00\xff\t\n""#);
        assert_eq!(Value::Bytes(b"'\"".to_vec()).repr(), r#"b'\'"'"#);
        assert!(!Value::Bytes(vec![]).truthy() && raw.truthy());
        assert_ne!(raw, Value::List(vec![Value::Int(114), Value::Int(97), Value::Int(119)]));
    }

    #[test]
    fn instances_travel_as_their_class_name_and_attributes() {
        let instance = |class: &str, attrs: Vec<(String, Value)>, exception| {
            Value::Instance(Box::new(Instance { class: class.into(), attrs, exception }))
        };
        let job = instance("Job", vec![("n".into(), Value::Int(3))], false);
        travels_as(&job, r#"{"instance":{"class":"Job","attrs":[["n",3]]}}"#);
        assert_eq!((job.repr(), job.truthy()), ("<__main__.Job object>".to_string(), true));
        assert_ne!(job, instance("Job", vec![("n".into(), Value::Int(4))], false));
        let args = |items: Vec<Value>| vec![("args".to_string(), Value::Tuple(items))];
        let empty = instance("queue.Empty", args(vec![]), true);
        travels_as(&empty, r#"{"instance":{"class":"queue.Empty","attrs":[["args",{"tuple":[]}]],"exception":true}}"#);
        // As CPython's repr() of the exceptions.
        assert_eq!(empty.repr(), "Empty()");
        assert_eq!(instance("builtins.KeyError", args(vec![Value::Str("k".into())]), true).repr(), "KeyError('k')");
        assert_eq!(
            instance("JobFailed", args(vec![Value::Str("job".into()), Value::Int(3)]), true).repr(),
            "JobFailed('job', 3)"
        );
    }

    #[test]
    fn tuples_travel_tagged_so_they_come_back_as_tuples() {
        let pair = Value::Tuple(vec![Value::Int(1), Value::Tuple(vec![Value::Str("a".into())])]);
        travels_as(&pair, r#"{"tuple":[1,{"tuple":["a"]}]}"#);
        assert_eq!(serde_json::from_str::<Value>("[1]").expect("parses"), Value::List(vec![Value::Int(1)]));
        assert_eq!(pair.to_string(), "(1, ('a',))");
        assert_eq!(Value::Tuple(vec![]).repr(), "()");
        assert!(!Value::Tuple(vec![]).truthy());
    }

    #[test]
    fn dicts_travel_tagged_with_their_order_and_key_types() {
        let dict = Value::Dict(vec![(Value::Int(2), Value::Str("b".into())), (Value::Str("a".into()), Value::None)]);
        let json = serde_json::to_string(&dict).expect("serialises");
        assert_eq!(json, r#"{"dict":[[2,"b"],["a",null]]}"#);
        assert_eq!(serde_json::from_str::<Value>(&json).expect("parses"), dict);
        assert_eq!(dict.to_string(), "{2: 'b', 'a': None}");
        assert!(!Value::Dict(vec![]).truthy());
    }

    #[test]
    fn truthiness_follows_python() {
        assert!(!Value::Int(0).truthy());
        assert!(!Value::Str(String::new()).truthy());
        assert!(!Value::None.truthy());
        assert!(Value::List(vec![Value::None]).truthy());
    }
}
