//! Objects to `Value`s and back: what crosses a process boundary (queue and pipe payloads,
//! event fields) is plain data, as pickling would allow: None, bools, ints, floats, strs,
//! bytes, and lists, tuples, dicts and sets of them. A function, lock or instance does not convert, with a
//! PicklingError-style message.

use super::exception::{Exc, ExcKind};
use super::object::{Key, Obj, Table};
use crate::value::Value;

/// The `Value` an object stands for, or `PicklingError` when it is not plain data.
pub fn to_value(obj: &Obj) -> Result<Value, Exc> {
    Ok(match obj {
        Obj::None => Value::None,
        Obj::Bool(b) => Value::Bool(*b),
        Obj::Int(i) => Value::Int(*i),
        Obj::Float(x) => Value::Float(*x),
        Obj::Str(s) => Value::Str(s.to_string()),
        Obj::Bytes(b) => Value::Bytes(b.to_vec()),
        Obj::List(items) => Value::List(items.borrow().iter().map(to_value).collect::<Result<_, _>>()?),
        Obj::Tuple(items) => Value::Tuple(items.iter().map(to_value).collect::<Result<_, _>>()?),
        Obj::Dict(dict) => Value::Dict(
            dict.borrow().iter().map(|(k, v)| Ok((to_value(k)?, to_value(v)?))).collect::<Result<_, Exc>>()?,
        ),
        Obj::Set(set) => Value::Set(set.borrow().iter().map(|(k, _)| to_value(k)).collect::<Result<_, _>>()?),
        other => {
            let what = match other {
                Obj::Function(f) => format!("function {}", f.code.qualname),
                other => format!("'{}' object", other.type_name()),
            };
            return Err(Exc::new(ExcKind::PicklingError, format!("cannot send {what} to another process")));
        }
    })
}

/// The object a `Value` stands for.
pub fn from_value(value: &Value) -> Obj {
    match value {
        Value::None => Obj::None,
        Value::Bool(b) => Obj::Bool(*b),
        Value::Int(i) => Obj::Int(*i),
        Value::Float(x) => Obj::Float(*x),
        Value::Str(s) => Obj::str(s),
        Value::Bytes(b) => Obj::Bytes(b.as_slice().into()),
        Value::List(items) => Obj::list(items.iter().map(from_value).collect()),
        Value::Tuple(items) => Obj::tuple(items.iter().map(from_value).collect()),
        Value::Dict(items) => {
            let mut table = Table::new();
            for (k, v) in items {
                let key = from_value(k);
                if let Ok(hashed) = Key::of(&key) {
                    table.insert(hashed, key, from_value(v));
                }
            }
            Obj::dict(table)
        }
        Value::Set(items) => {
            let mut table = Table::new();
            for item in items {
                let item = from_value(item);
                if let Ok(hashed) = Key::of(&item) {
                    table.insert(hashed, item, ());
                }
            }
            Obj::set(table)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_data_round_trips_through_values() {
        let obj = Obj::tuple(vec![Obj::Int(1), Obj::list(vec![Obj::str("a"), Obj::None]), Obj::Float(0.5)]);
        let value = to_value(&obj).expect("plain data");
        assert_eq!(value.repr(), "(1, ['a', None], 0.5)");
        assert_eq!(to_value(&from_value(&value)).expect("plain data"), value);
    }

    #[test]
    fn dicts_convert_and_functions_do_not() {
        let mut table = Table::new();
        table.insert(Key::Int(1), Obj::Int(1), Obj::str("one"));
        let value = to_value(&Obj::dict(table)).expect("plain data");
        assert_eq!(value.repr(), "{1: 'one'}");
        assert_eq!(to_value(&from_value(&value)).expect("plain data"), value);
        let list = Obj::list(vec![Obj::Native(std::rc::Rc::new(crate::python::object::Native {
            name: "len".into(),
            f: |_, _, _| Ok(Obj::None),
        }))]);
        let error = to_value(&list).expect_err("a function is no data");
        assert_eq!(error.pending_kind(), Some(ExcKind::PicklingError));
    }
}
