//! The numbers of `Value(typecode, …)` and `Array(typecode, …)` as CPython takes them
//! (typecodes, starting values, its TypeErrors), and an Array's slices, read or written under
//! one hold of its lock.

use super::ProcessHost;
use super::obj_of;
use crate::python::{Args, Exc, Interpreter, Obj};
use crate::runtime::objects::shared_value::SharedValue;
use crate::value::Value;

/// Whether a `Value`/`Array` typecode holds floats, with CPython's errors.
pub(super) fn typecode_is_float(typecode: Option<Obj>) -> Result<bool, Exc> {
    let Some(Obj::Str(code)) = typecode else {
        return Err(Exc::new(
            crate::python::ExcKind::NotImplementedError,
            "forkbook's Value and Array take a typecode string such as 'i' or 'd', not a ctypes type",
        ));
    };
    match &*code {
        "b" | "B" | "h" | "H" | "i" | "I" | "l" | "L" | "q" | "Q" => Ok(false),
        "f" | "d" => Ok(true),
        _ => Err(Exc::type_error("this type has no size")),
    }
}

/// The ctypes type a raw `Value(typecode, v, lock=False)` is (`c_int`), as its class name.
pub(super) fn ctype_name(typecode: Option<&Obj>) -> &'static str {
    let code = match typecode {
        Some(Obj::Str(code)) => &**code,
        _ => "i",
    };
    match code {
        "b" => "c_byte",
        "B" => "c_ubyte",
        "h" => "c_short",
        "H" => "c_ushort",
        "I" => "c_uint",
        "l" => "c_long",
        "L" => "c_ulong",
        "q" => "c_longlong",
        "Q" => "c_ulonglong",
        "f" => "c_float",
        "d" => "c_double",
        _ => "c_int",
    }
}

/// `Array(typecode, size_or_initializer)`'s items: `size` zeros, or the given numbers.
pub(super) fn array_items(float: bool, init: Obj) -> Result<Vec<Value>, Exc> {
    let zero = if float { Value::Float(0.0) } else { Value::Int(0) };
    let given: Vec<Obj> = match init {
        Obj::Int(n) if n < 0 => return Err(Exc::value_error("Array length must be >= 0")),
        Obj::Int(n) => return Ok(vec![zero; n as usize]),
        Obj::List(items) => items.borrow().clone(),
        Obj::Tuple(items) => items.to_vec(),
        Obj::Range(r) => (0..crate::python::range_len(&r)).map(|i| Obj::Int(r[0] + r[2] * i as i64)).collect(),
        other => return Err(Exc::type_error(format!("'{}' object is not iterable", other.type_name()))),
    };
    given.into_iter().map(|item| value_initial(float, Some(item))).collect()
}

/// `Value(typecode, value)`'s starting value, of the typecode's kind, with CPython's errors.
pub(super) fn value_initial(float: bool, initial: Option<Obj>) -> Result<Value, Exc> {
    match (float, initial) {
        (false, None) => Ok(Value::Int(0)),
        (true, None) => Ok(Value::Float(0.0)),
        (false, Some(Obj::Int(n))) => Ok(Value::Int(n)),
        (false, Some(Obj::Bool(b))) => Ok(Value::Int(i64::from(b))),
        (true, Some(Obj::Int(n))) => Ok(Value::Float(n as f64)),
        (true, Some(Obj::Float(x))) => Ok(Value::Float(x)),
        (false, Some(other)) => {
            Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name())))
        }
        (true, Some(other)) => Err(Exc::type_error(format!("must be real number, not {}", other.type_name()))),
    }
}

impl ProcessHost<'_, '_> {
    /// `arr[a:b]` and `arr[a:b] = items`, each under one hold of the Array's lock.
    pub(super) fn array_slice(
        &mut self,
        interp: &mut Interpreter,
        array: &SharedValue,
        slice: &[Obj; 3],
        method: &str,
        args: &Args,
    ) -> Result<Obj, Exc> {
        let span = crate::python::span(slice, array.len() as usize)?;
        let indices: Vec<u32> = span.indices().map(|i| i as u32).collect();
        match method {
            "__getitem__" => {
                let all = array.read_all(self.ctx)?;
                let picked: Vec<Value> = indices.iter().map(|&i| all[i as usize].clone()).collect();
                obj_of(interp, &Value::List(picked))
            }
            "__setitem__" => {
                let given = args.pos.get(1).cloned().unwrap_or(Obj::None);
                let items = array_items(array.float, given)?;
                if items.len() != indices.len() {
                    return Err(Exc::value_error("Can only assign sequence of same size"));
                }
                array.write_all(self.ctx, &indices, &items)?;
                Ok(Obj::None)
            }
            other => Err(Exc::type_error(format!("'SynchronizedArray' object has no method '{other}' for a slice"))),
        }
    }
}
