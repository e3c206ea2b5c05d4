//! `str.format`'s replacement fields resolved by the interpreter: a field's name, attribute
//! (`{0.name}`) and index (`{0[1]}`, `{p[key]}`) parts may reach any object and run the
//! program's code, which `crate::value`'s formatter cannot do. So each field is looked up
//! here and becomes either a numbered reference to plain data (formatted by `value`) or,
//! for any other object, its text (`__str__`, `__repr__`, `__format__`) spliced in.

use super::Interpreter;
use super::ops::scalar;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::{Args, Obj};
use crate::value::{Value, str_format};

/// A template this resolver does not read: `value`'s formatter reports the error.
struct Malformed;

/// How fields are numbered; the first field decides, as in CPython.
#[derive(PartialEq)]
enum Numbering {
    Unset,
    Automatic(usize),
    Manual,
}

struct Resolver<'a> {
    args: &'a Args,
    values: Vec<Value>,
    numbering: Numbering,
}

impl Interpreter {
    /// `template.format(*args, **kwargs)`.
    pub(crate) fn str_format(&mut self, host: &mut dyn Host, template: &str, args: Args) -> Result<String, Exc> {
        let mut resolver = Resolver { args: &args, values: Vec::new(), numbering: Numbering::Unset };
        match self.resolve_template(host, template, &mut resolver)? {
            Ok(rewritten) => str_format(&rewritten, &resolver.values, &[]).map_err(Exc::from_op),
            Err(Malformed) => {
                let mut positional = Vec::new();
                for item in &args.pos {
                    positional.push(scalar(item).unwrap_or(Value::None));
                }
                str_format(template, &positional, &[]).map_err(Exc::from_op)
            }
        }
    }

    fn resolve_template(
        &mut self,
        host: &mut dyn Host,
        template: &str,
        r: &mut Resolver,
    ) -> Result<Result<String, Malformed>, Exc> {
        let chars: Vec<char> = template.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '{' if chars.get(i + 1) == Some(&'{') => {
                    out.push_str("{{");
                    i += 2;
                }
                '}' if chars.get(i + 1) == Some(&'}') => {
                    out.push_str("}}");
                    i += 2;
                }
                '}' => return Ok(Err(Malformed)),
                '{' => {
                    let mut depth = 1;
                    let mut j = i + 1;
                    while j < chars.len() {
                        match chars[j] {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        if depth == 0 {
                            break;
                        }
                        j += 1;
                    }
                    if j >= chars.len() {
                        return Ok(Err(Malformed));
                    }
                    let field: String = chars[i + 1..j].iter().collect();
                    match self.resolve_field(host, &field, r)? {
                        Ok(text) => out.push_str(&text),
                        Err(m) => return Ok(Err(m)),
                    }
                    i = j + 1;
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        Ok(Ok(out))
    }

    /// One field: what it refers to, as a numbered reference or as spliced-in text.
    fn resolve_field(
        &mut self,
        host: &mut dyn Host,
        field: &str,
        r: &mut Resolver,
    ) -> Result<Result<String, Malformed>, Exc> {
        let (name, conversion, spec) = split_field(field);
        let spec = match spec {
            Some(spec) if spec.contains('{') => match self.resolve_template(host, &spec, r)? {
                Ok(nested) => {
                    // The nested fields became references: fill them in now, as the spec is text.
                    let filled = str_format(&nested, &r.values, &[]).map_err(Exc::from_op)?;
                    Some(filled)
                }
                Err(m) => return Ok(Err(m)),
            },
            other => other,
        };
        let obj = self.field_object(host, &name, r)?;
        if let Some(value) = plain(&obj) {
            let at = r.values.len();
            r.values.push(value);
            let mut reference = format!("{{{at}");
            if let Some(c) = conversion {
                reference.push('!');
                reference.push(c);
            }
            if let Some(spec) = &spec {
                reference.push(':');
                reference.push_str(&spec.replace('{', "{{").replace('}', "}}"));
            }
            reference.push('}');
            return Ok(Ok(reference));
        }
        let spec = spec.unwrap_or_default();
        let text = match conversion {
            Some('r') => {
                let text = self.repr_of(host, &obj)?;
                self.format_value(host, &Obj::from(text), &spec)?
            }
            Some('a') => {
                let text = crate::value::ascii(&self.repr_of(host, &obj)?);
                self.format_value(host, &Obj::from(text), &spec)?
            }
            Some('s') => {
                let text = self.str_of(host, &obj)?;
                self.format_value(host, &Obj::from(text), &spec)?
            }
            Some(_) => return Ok(Err(Malformed)),
            None => self.format_value(host, &obj, &spec)?,
        };
        Ok(Ok(text.replace('{', "{{").replace('}', "}}")))
    }

    /// The object a field name (`0`, `name`, `0.attr[1]`, or empty) refers to.
    fn field_object(&mut self, host: &mut dyn Host, name: &str, r: &mut Resolver) -> Result<Obj, Exc> {
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(first_end);
        let mut obj = if first.is_empty() || first.chars().all(|c| c.is_ascii_digit()) {
            let index = if first.is_empty() {
                let next = match r.numbering {
                    Numbering::Manual => {
                        return Err(Exc::value_error(
                            "cannot switch from manual field specification to automatic field numbering",
                        ));
                    }
                    Numbering::Unset => 0,
                    Numbering::Automatic(n) => n,
                };
                r.numbering = Numbering::Automatic(next + 1);
                next
            } else {
                if matches!(r.numbering, Numbering::Automatic(_)) {
                    return Err(Exc::value_error(
                        "cannot switch from automatic field numbering to manual field specification",
                    ));
                }
                r.numbering = Numbering::Manual;
                first.parse().unwrap_or(usize::MAX)
            };
            r.args.pos.get(index).cloned().ok_or_else(|| {
                Exc::index_error(format!("Replacement index {index} out of range for positional args tuple"))
            })?
        } else {
            let found = r.args.kw.iter().find(|(k, _)| &**k == first).map(|(_, v)| v.clone());
            found.ok_or_else(|| Exc::with_args(ExcKind::KeyError, vec![Obj::str(first)]))?
        };
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                obj = self.get_attr(host, &obj, &after[..end])?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').unwrap_or(after.len());
                let key = &after[..end];
                let key = match key.parse::<i64>() {
                    Ok(i) if key.chars().all(|c| c.is_ascii_digit()) => Obj::Int(i),
                    _ => Obj::str(key),
                };
                obj = self.get_item(host, &obj, &key)?;
                rest = after.get(end + 1..).unwrap_or("");
            } else {
                return Err(Exc::value_error("Only '.' or '[' may follow ']' in format field specifier"));
            }
        }
        Ok(obj)
    }
}

/// A field's name, conversion and spec (`name!r:>10`), brackets in the name kept whole.
fn split_field(field: &str) -> (String, Option<char>, Option<String>) {
    let mut name = String::new();
    let mut chars = field.chars().peekable();
    let mut bracket = false;
    while let Some(&c) = chars.peek() {
        if !bracket && (c == '!' || c == ':') {
            break;
        }
        bracket = match c {
            '[' => true,
            ']' => false,
            _ => bracket,
        };
        name.push(c);
        chars.next();
    }
    let mut conversion = None;
    if chars.peek() == Some(&'!') {
        chars.next();
        conversion = chars.next();
    }
    let spec = if chars.peek() == Some(&':') {
        chars.next();
        Some(chars.collect())
    } else {
        None
    };
    (name, conversion, spec)
}

/// Plain data as a `Value` (scalars, and lists and tuples of plain data).
fn plain(obj: &Obj) -> Option<Value> {
    if let Some(v) = scalar(obj) {
        return Some(v);
    }
    match obj {
        Obj::List(items) => items.borrow().iter().map(plain).collect::<Option<Vec<_>>>().map(Value::List),
        Obj::Tuple(items) => items.iter().map(plain).collect::<Option<Vec<_>>>().map(Value::Tuple),
        _ => None,
    }
}
