//! Formatting bridges to `crate::value`'s one formatter: f-string fields and `format()`
//! (`format_spec`), `str % args` (the `%` operator of `crate::value`) and `str.format`
//! (`str_format`). Scalars pass as `Value`s; anything else is first turned into the text
//! `str()`/`repr()` give it here (calling the program's `__str__`/`__repr__`), since only
//! the interpreter can call those.

use super::Interpreter;
use crate::python::code::Conv;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::ops::{from_scalar, scalar};
use crate::python::object::{Args, Obj};
use crate::value::{BinOp, Value, format_spec};
use crate::value::{ascii, latin1_bytes, latin1_text};

impl Interpreter {
    /// An f-string field: conversion (`!r`, `!s`, `!a`) then spec.
    pub(super) fn format_converted(
        &mut self,
        host: &mut dyn Host,
        value: &Obj,
        conv: Conv,
        spec: &str,
    ) -> Result<String, Exc> {
        let converted = match conv {
            Conv::None => return self.format_value(host, value, spec),
            Conv::Str => self.str_of(host, value)?,
            Conv::Repr => self.repr_of(host, value)?,
            Conv::Ascii => ascii(&self.repr_of(host, value)?),
        };
        self.format_value(host, &Obj::from(converted), spec)
    }

    /// `format(value, spec)`.
    pub(crate) fn format_value(&mut self, host: &mut dyn Host, value: &Obj, spec: &str) -> Result<String, Exc> {
        if let Some(v) = scalar(value) {
            return format_spec(&v, spec).map_err(Exc::from_op);
        }
        if let Obj::Instance(instance) = value
            && instance.class.lookup_user("__format__").is_some()
        {
            let result = self.method(host, value, "__format__", Args::new(vec![Obj::str(spec)]))?;
            return self.str_of(host, &result);
        }
        if spec.is_empty() {
            return self.str_of(host, value);
        }
        Err(Exc::type_error(format!("unsupported format string passed to {}.__format__", value.type_name())))
    }

    /// `template % args`, for a str or a bytes template (whose bytes stand for the chars
    /// U+0000-U+00FF until `crate::value` formats them).
    pub(super) fn percent(&mut self, host: &mut dyn Host, template: &Obj, args: &Obj) -> Result<Obj, Exc> {
        let (text, bytes) = match template {
            Obj::Str(text) => (text.to_string(), false),
            Obj::Bytes(b) => (latin1_text(b), true),
            _ => return Err(Exc::type_error("not a str")),
        };
        let mapping = matches!(args, Obj::Dict(_))
            || matches!(args, Obj::Instance(i) if i.class.lookup_user("__getitem__").is_some());
        if mapping && text.contains("%(") {
            let (rewritten, keys) = unkey(&text);
            let mut items = Vec::with_capacity(keys.len());
            for key in keys {
                items.push(match key {
                    Some(key) if bytes => self.get_item(host, args, &Obj::Bytes(latin1_bytes(&key).into()))?,
                    Some(key) => self.get_item(host, args, &Obj::from(key))?,
                    None => args.clone(),
                });
            }
            let rewritten = if bytes { Obj::Bytes(latin1_bytes(&rewritten).into()) } else { Obj::from(rewritten) };
            return self.percent(host, &rewritten, &Obj::tuple(items));
        }
        let items: Vec<Obj> = match args {
            Obj::Tuple(items) => items.to_vec(),
            single => vec![single.clone()],
        };
        let mut rewritten = text.clone();
        let mut values = Vec::with_capacity(items.len());
        if items.iter().all(|item| scalar(item).is_some()) {
            values.extend(items.iter().filter_map(scalar));
        } else {
            let conversions = directives(&text);
            let mut chars: Vec<char> = text.chars().collect();
            for (i, item) in items.iter().enumerate() {
                let conv = conversions.get(i).copied();
                values.push(match (scalar(item), conv) {
                    (Some(v), _) => v,
                    (None, _) if let Obj::Bytes(b) = item => Value::Bytes(b.to_vec()),
                    (None, Some((at, 'r' | 'a'))) if bytes => {
                        chars[at] = 'b';
                        Value::Bytes(ascii(&self.repr_of(host, item)?).into_bytes())
                    }
                    (None, Some((at, c @ ('s' | 'r' | 'a')))) if !bytes => {
                        chars[at] = 's';
                        Value::Str(match c {
                            's' => self.str_of(host, item)?,
                            'r' => self.repr_of(host, item)?,
                            _ => ascii(&self.repr_of(host, item)?),
                        })
                    }
                    (None, _) => self.plain_value(host, item)?,
                });
            }
            rewritten = chars.into_iter().collect();
        }
        let right = match args {
            Obj::Tuple(_) => Value::Tuple(values),
            _ => values.into_iter().next().unwrap_or(Value::None),
        };
        let template = if bytes { Value::Bytes(latin1_bytes(&rewritten)) } else { Value::Str(rewritten) };
        BinOp::Mod.apply(&template, &right).map(from_scalar).map_err(Exc::from_op)
    }

    /// A `Value` for formatting: plain data as is, anything else as its `str()` text.
    fn plain_value(&mut self, host: &mut dyn Host, obj: &Obj) -> Result<Value, Exc> {
        if let Some(v) = scalar(obj) {
            return Ok(v);
        }
        match obj {
            Obj::List(items) => {
                let items = items.borrow().clone();
                let mut out = Vec::with_capacity(items.len());
                for item in &items {
                    out.push(self.plain_value(host, item)?);
                }
                Ok(Value::List(out))
            }
            Obj::Tuple(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    out.push(self.plain_value(host, item)?);
                }
                Ok(Value::Tuple(out))
            }
            other => Ok(Value::Str(self.str_of(host, other)?)),
        }
    }
}

/// For each argument-taking `%` directive of `template`, in order: where its conversion
/// character is (a char index) and what it is. Only to route objects' text in; the
/// formatting itself is `crate::value`'s.
fn directives(template: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = template.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            i += 1;
            continue;
        }
        i += 1;
        if chars.get(i) == Some(&'(') {
            while i < chars.len() && chars[i] != ')' {
                i += 1;
            }
            i += 1;
        }
        while i < chars.len() && "-+ #0123456789.*lhL".contains(chars[i]) {
            i += 1;
        }
        if let Some(&c) = chars.get(i)
            && c != '%'
        {
            found.push((i, c));
        }
        i += 1;
    }
    found
}

/// `template` without the `(key)` of its `%(key)s` directives, and each directive's key
/// (`None` for one without), in order: a mapping's values then fill a tuple.
fn unkey(template: &str) -> (String, Vec<Option<String>>) {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::new();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] != '%' {
            i += 1;
            continue;
        }
        i += 1;
        if chars.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        let mut key = None;
        if chars.get(i) == Some(&'(') {
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            key = Some(chars[start..i.saturating_sub(1)].iter().collect());
        }
        keys.push(key);
    }
    (out, keys)
}
