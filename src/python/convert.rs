//! Objects to `Value`s and back: what crosses a process boundary (queue and pipe payloads,
//! event fields) is plain data, as pickling would allow: None, bools, ints, floats, strs,
//! bytes, lists, tuples, dicts and sets of them, exceptions, and instances of the program's
//! module-level classes (by their class's name and their attributes, `Interpreter::to_value`).
//! A function or a lock does not convert, with a PicklingError-style message.

use std::rc::Rc;

use super::exception::{Exc, ExcKind};
use super::object::{Class, Instance, Key, Obj, Table};
use crate::value::Value;

/// How deep a value may nest (a list that holds itself would never end).
const MAX_NESTING: usize = 200;

/// An exception's attributes that do not travel with it.
const EXCEPTION_CHAIN: [&str; 4] = ["__context__", "__cause__", "__suppress_context__", "__traceback__"];

/// The `Value` an object stands for, or `PicklingError` when it is not plain data.
/// `class_name` gives the name an instance's class travels by, or the error pickle raises.
pub fn to_value(obj: &Obj, class_name: &mut dyn FnMut(&Rc<Class>) -> Result<String, Exc>) -> Result<Value, Exc> {
    to_value_at(obj, 0, class_name)
}

fn to_value_at(
    obj: &Obj,
    depth: usize,
    class_name: &mut dyn FnMut(&Rc<Class>) -> Result<String, Exc>,
) -> Result<Value, Exc> {
    if depth > MAX_NESTING {
        return Err(Exc::new(
            ExcKind::PicklingError,
            format!("forkbook cannot send a value nested deeper than {MAX_NESTING} levels (or one that holds itself)"),
        ));
    }
    Ok(match obj {
        Obj::None => Value::None,
        Obj::Bool(b) => Value::Bool(*b),
        Obj::Int(i) => Value::Int(*i),
        Obj::Float(x) => Value::Float(*x),
        Obj::Str(s) => Value::Str(s.to_string()),
        Obj::Bytes(b) => Value::Bytes(b.to_vec()),
        Obj::List(items) => {
            Value::List(items.borrow().iter().map(|x| to_value_at(x, depth + 1, class_name)).collect::<Result<_, _>>()?)
        }
        Obj::Tuple(items) => {
            Value::Tuple(items.iter().map(|x| to_value_at(x, depth + 1, class_name)).collect::<Result<_, _>>()?)
        }
        Obj::Dict(dict) => Value::Dict(
            dict.borrow()
                .iter()
                .map(|(k, v)| Ok((to_value_at(k, depth + 1, class_name)?, to_value_at(v, depth + 1, class_name)?)))
                .collect::<Result<_, Exc>>()?,
        ),
        Obj::Set(set) => Value::Set(
            set.borrow().iter().map(|(k, _)| to_value_at(k, depth + 1, class_name)).collect::<Result<_, _>>()?,
        ),
        Obj::Instance(instance) => {
            let class = class_name(&instance.class)?;
            // An exception's chain and traceback stay behind, as pickle leaves them.
            let exception = instance.class.exc_kind().is_some();
            let attrs = instance
                .attrs
                .borrow()
                .iter()
                .filter(|(name, _)| !(exception && EXCEPTION_CHAIN.contains(&&**name)))
                .map(|(name, v)| Ok((name.to_string(), to_value_at(v, depth + 1, class_name)?)))
                .collect::<Result<_, Exc>>()?;
            Value::Instance(Box::new(crate::value::Instance { class, attrs, exception }))
        }
        other => {
            let what = match other {
                Obj::Function(f) => format!("function {}", f.code.qualname),
                other => format!("'{}' object", other.type_name()),
            };
            return Err(Exc::new(ExcKind::PicklingError, format!("cannot send {what} to another process")));
        }
    })
}

/// The object a `Value` stands for; `class` finds an instance's class by the name it
/// travelled by (or gives the error unpickling raises).
pub fn from_value(value: &Value, class: &mut dyn FnMut(&str) -> Result<Rc<Class>, Exc>) -> Result<Obj, Exc> {
    Ok(match value {
        Value::None => Obj::None,
        Value::Bool(b) => Obj::Bool(*b),
        Value::Int(i) => Obj::Int(*i),
        Value::Float(x) => Obj::Float(*x),
        Value::Str(s) => Obj::str(s),
        Value::Bytes(b) => Obj::Bytes(b.as_slice().into()),
        Value::List(items) => Obj::list(items.iter().map(|v| from_value(v, class)).collect::<Result<_, _>>()?),
        Value::Tuple(items) => Obj::tuple(items.iter().map(|v| from_value(v, class)).collect::<Result<_, _>>()?),
        Value::Dict(items) => {
            let mut table = Table::new();
            for (k, v) in items {
                let key = from_value(k, class)?;
                if let Ok(hashed) = Key::of(&key) {
                    table.insert(hashed, key, from_value(v, class)?);
                }
            }
            Obj::dict(table)
        }
        Value::Set(items) => {
            let mut table = Table::new();
            for v in items {
                let v = from_value(v, class)?;
                if let Ok(hashed) = Key::of(&v) {
                    table.insert(hashed, v, ());
                }
            }
            Obj::set(table)
        }
        Value::Instance(instance) => {
            let crate::value::Instance { class: name, attrs, .. } = &**instance;
            // As unpickling does: the object is made without calling `__init__`.
            let made = Instance::new(class(name)?);
            for (attr, v) in attrs {
                let v = from_value(v, class)?;
                made.attrs.borrow_mut().set(Rc::from(attr.as_str()), v);
            }
            Obj::Instance(Rc::new(made))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::object::Attrs;

    fn no_class_sent(class: &Rc<Class>) -> Result<String, Exc> {
        Err(Exc::new(ExcKind::PicklingError, format!("no {}", class.name)))
    }

    fn no_class_found(name: &str) -> Result<Rc<Class>, Exc> {
        Err(Exc::attribute_error(format!("Can't get attribute '{name}'")))
    }

    #[test]
    fn plain_data_round_trips_through_values() {
        let obj = Obj::tuple(vec![Obj::Int(1), Obj::list(vec![Obj::str("a"), Obj::None]), Obj::Float(0.5)]);
        let value = to_value(&obj, &mut no_class_sent).expect("plain data");
        assert_eq!(value.repr(), "(1, ['a', None], 0.5)");
        let back = from_value(&value, &mut no_class_found).expect("plain data");
        assert_eq!(to_value(&back, &mut no_class_sent).expect("plain data"), value);
    }

    #[test]
    fn dicts_convert_and_functions_do_not() {
        let mut table = Table::new();
        table.insert(Key::Int(1), Obj::Int(1), Obj::str("one"));
        let value = to_value(&Obj::dict(table), &mut no_class_sent).expect("plain data");
        assert_eq!(value.repr(), "{1: 'one'}");
        let back = from_value(&value, &mut no_class_found).expect("plain data");
        assert_eq!(to_value(&back, &mut no_class_sent).expect("plain data"), value);
        let list = Obj::list(vec![Obj::Native(std::rc::Rc::new(crate::python::object::Native {
            name: "len".into(),
            f: |_, _, _| Ok(Obj::None),
        }))]);
        let error = to_value(&list, &mut no_class_sent).expect_err("a function is no data");
        assert_eq!(error.pending_kind(), Some(ExcKind::PicklingError));
    }

    #[test]
    fn an_instance_travels_by_its_class_name_and_comes_back_with_its_attributes_without_init() {
        let class = Rc::new(Class::new("Job".into(), "Job".into(), "__main__".into(), None, Attrs::default()));
        let job = Instance::new(class.clone());
        job.attrs.borrow_mut().set("n".into(), Obj::list(vec![Obj::Int(3)]));
        let value = to_value(&Obj::Instance(Rc::new(job)), &mut |c| Ok(c.qualname.to_string())).expect("sendable");
        assert_eq!(
            value,
            Value::Instance(Box::new(crate::value::Instance {
                class: "Job".into(),
                attrs: vec![("n".into(), Value::List(vec![Value::Int(3)]))],
                exception: false
            }))
        );
        let back = from_value(&value, &mut |name| {
            assert_eq!(name, "Job");
            Ok(class.clone())
        })
        .expect("found");
        let Obj::Instance(made) = &back else { panic!("an instance: {back:?}") };
        assert!(Rc::ptr_eq(&made.class, &class));
        assert_eq!(to_value(&back, &mut |c| Ok(c.qualname.to_string())).expect("sendable"), value);
        // The receiver that has no such class raises what its lookup says.
        let missing = from_value(&value, &mut no_class_found).expect_err("not found");
        assert_eq!(missing.pending_kind(), Some(ExcKind::AttributeError));
    }

    #[test]
    fn a_list_that_holds_itself_is_refused_not_followed_for_ever() {
        let list = Obj::list(Vec::new());
        if let Obj::List(items) = &list {
            items.borrow_mut().push(list.clone());
        }
        let error = to_value(&list, &mut no_class_sent).expect_err("endless");
        assert_eq!(error.pending_kind(), Some(ExcKind::PicklingError));
        if let Obj::List(items) = &list {
            items.borrow_mut().clear();
        }
    }
}
