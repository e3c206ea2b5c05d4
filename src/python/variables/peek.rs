//! A variable's value in a few characters, made without running Python code (a `__repr__`
//! could print, sleep or step): scalars and containers as `repr` writes them, instances as
//! `Ticket(count=1)` (public attributes only), objects the host implements by their type (`<Lock>`). The text is cut
//! at a width, so a list of a million items costs no more than a short one.

use crate::python::host::HostKind;
use crate::python::object::Obj;
use crate::value::Value;

/// Containers deeper than this show as `...`.
const DEPTH: usize = 6;

/// Whether a value is data a student follows (not a function, class or module, nor a
/// function the host supplies such as `Lock`).
pub fn is_data(value: &Obj) -> bool {
    match value {
        Obj::Host(host) => host.kind == HostKind::Object,
        _ => !matches!(
            value,
            Obj::Function(_)
                | Obj::Native(_)
                | Obj::Method(_)
                | Obj::Class(_)
                | Obj::Type(_)
                | Obj::Module(_)
                | Obj::Wrapper(_)
        ),
    }
}

/// Whether two values are the same immutable scalar (so the shown text cannot differ).
pub fn same_scalar(a: &Obj, b: &Obj) -> bool {
    match (a, b) {
        (Obj::None, Obj::None) => true,
        (Obj::Bool(x), Obj::Bool(y)) => x == y,
        (Obj::Int(x), Obj::Int(y)) => x == y,
        (Obj::Float(x), Obj::Float(y)) => x.to_bits() == y.to_bits(),
        (Obj::Str(x), Obj::Str(y)) => std::rc::Rc::ptr_eq(x, y) || x == y,
        _ => false,
    }
}

/// `value` shown in at most `width` characters.
pub fn peek(value: &Obj, width: usize) -> String {
    let mut out = Out { text: String::new(), chars: 0, width, full: false };
    write(&mut out, value, 0);
    if out.full {
        let keep: String = out.text.chars().take(width.saturating_sub(1)).collect();
        return keep + "…";
    }
    out.text
}

/// The text so far, which stops growing past the width.
struct Out {
    text: String,
    chars: usize,
    width: usize,
    full: bool,
}

impl Out {
    fn push(&mut self, s: &str) {
        if self.full {
            return;
        }
        self.text.push_str(s);
        self.chars += s.chars().count();
        self.full = self.chars > self.width;
    }
}

fn write(out: &mut Out, value: &Obj, depth: usize) {
    if out.full {
        return;
    }
    match value {
        Obj::None => out.push("None"),
        Obj::Bool(b) => out.push(if *b { "True" } else { "False" }),
        Obj::Int(i) => out.push(&i.to_string()),
        Obj::Float(x) => out.push(&Value::Float(*x).to_string()),
        Obj::Str(s) => {
            // A long string is cut before it is quoted, so its cost stays bounded.
            let head: String = s.chars().take(out.width + 1).collect();
            out.push(&Value::Str(head).repr());
        }
        Obj::Bytes(b) => out.push(&crate::python::interp::bytes_repr(&b[..b.len().min(out.width + 1)])),
        Obj::List(items) => items_of(out, items.borrow().iter(), "[", "]", depth),
        Obj::Tuple(items) if items.len() == 1 => items_of(out, items.iter(), "(", ",)", depth),
        Obj::Tuple(items) => items_of(out, items.iter(), "(", ")", depth),
        Obj::Set(set) if set.borrow().is_empty() => out.push("set()"),
        Obj::Set(set) => items_of(out, set.borrow().iter().map(|(k, _)| k), "{", "}", depth),
        Obj::FrozenSet(set) => {
            out.push("frozenset(");
            items_of(out, set.iter().map(|(k, _)| k), "{", "}", depth);
            out.push(")");
        }
        Obj::Dict(dict) => {
            if depth >= DEPTH {
                return out.push("{...}");
            }
            out.push("{");
            for (i, (k, v)) in dict.borrow().iter().enumerate() {
                if out.full {
                    return;
                }
                if i > 0 {
                    out.push(", ");
                }
                write(out, k, depth + 1);
                out.push(": ");
                write(out, v, depth + 1);
            }
            out.push("}");
        }
        Obj::Range(r) => match r[2] {
            1 => out.push(&format!("range({}, {})", r[0], r[1])),
            step => out.push(&format!("range({}, {}, {step})", r[0], r[1])),
        },
        Obj::Instance(instance) => {
            // Attributes whose names start with `_` are the class's own business.
            let attrs = instance.attrs.borrow();
            let public: Vec<&(std::rc::Rc<str>, Obj)> = attrs.iter().filter(|(n, _)| !n.starts_with('_')).collect();
            if public.is_empty() {
                return out.push(&format!("<{}>", instance.class.name));
            }
            out.push(&instance.class.name);
            out.push("(");
            for (i, (name, v)) in public.into_iter().enumerate() {
                if out.full {
                    return;
                }
                if i > 0 {
                    out.push(", ");
                }
                out.push(name);
                out.push("=");
                if depth >= DEPTH { out.push("...") } else { write(out, v, depth + 1) }
            }
            out.push(")");
        }
        other => out.push(&format!("<{}>", other.type_name())),
    }
}

fn items_of<'a>(out: &mut Out, items: impl Iterator<Item = &'a Obj>, open: &str, close: &str, depth: usize) {
    if depth >= DEPTH {
        out.push(open);
        out.push("...");
        return out.push(close);
    }
    out.push(open);
    for (i, item) in items.enumerate() {
        if out.full {
            return;
        }
        if i > 0 {
            out.push(", ");
        }
        write(out, item, depth + 1);
    }
    out.push(close);
}
