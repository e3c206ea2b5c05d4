//! Objects to `Value`s and back: what crosses a process boundary (queue and pipe payloads,
//! event fields) is plain data, as pickling would allow: None, bools, ints, floats, strs,
//! and lists and tuples of them. A function, lock or instance does not convert, with a
//! PicklingError-style message. (`Value` has no dict yet: a dict does not convert either.)

use super::exception::{Exc, ExcKind};
use super::object::Obj;
use crate::value::Value;

/// The `Value` an object stands for, or `PicklingError` when it is not plain data.
pub fn to_value(obj: &Obj) -> Result<Value, Exc> {
    Ok(match obj {
        Obj::None => Value::None,
        Obj::Bool(b) => Value::Bool(*b),
        Obj::Int(i) => Value::Int(*i),
        Obj::Float(x) => Value::Float(*x),
        Obj::Str(s) => Value::Str(s.to_string()),
        Obj::List(items) => Value::List(items.borrow().iter().map(to_value).collect::<Result<_, _>>()?),
        Obj::Tuple(items) => Value::Tuple(items.iter().map(to_value).collect::<Result<_, _>>()?),
        other => {
            let what = match other {
                Obj::Function(f) => format!("function {}", f.code.qualname),
                Obj::Dict(_) => "a dict (forkbook's values have no dict yet)".to_string(),
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
        Value::List(items) => Obj::list(items.iter().map(from_value).collect()),
        Value::Tuple(items) => Obj::tuple(items.iter().map(from_value).collect()),
        Value::Proc { proc } => Obj::str(&format!("<Process #{proc}>")),
        Value::Object { object } => Obj::str(&format!("<{object}>")),
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
    fn a_dict_does_not_convert_yet() {
        let error = to_value(&Obj::dict(Default::default())).expect_err("no Value::Dict");
        assert_eq!(error.pending_kind(), Some(ExcKind::PicklingError));
    }
}
