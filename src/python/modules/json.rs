//! `json`: `dumps`/`dump` writing exactly what CPython writes (`{"a": 1}`, `\uXXXX`
//! escapes under `ensure_ascii`, `indent`, `sort_keys`, `separators`), and `loads`/`load`
//! with CPython's `JSONDecodeError` messages (`Expecting value: line 1 column 1 (char 0)`,
//! what a reader meets when a writer has just truncated the file).

use std::rc::Rc;

use super::make_module;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::{Host, LibraryWork};
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Key, Obj, Table};

pub fn module(interp: &mut Interpreter) -> Obj {
    make_module(
        "json",
        &[("dumps", dumps), ("dump", dump), ("loads", loads), ("load", load)],
        vec![("JSONDecodeError", interp.exception_class(ExcKind::JSONDecodeError))],
    )
}

/// How to write: CPython's `JSONEncoder` options.
struct Options {
    ensure_ascii: bool,
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    sort_keys: bool,
    default: Option<Obj>,
}

fn options(interp: &mut Interpreter, host: &mut dyn Host, args: &mut Args) -> Result<Options, Exc> {
    let mut flag = |name: &str, default: bool, interp: &mut Interpreter, host: &mut dyn Host| -> Result<bool, Exc> {
        match args.take_kw(name) {
            Some(v) => interp.truthy(host, &v),
            None => Ok(default),
        }
    };
    let ensure_ascii = flag("ensure_ascii", true, interp, host)?;
    let sort_keys = flag("sort_keys", false, interp, host)?;
    for ignored in ["skipkeys", "check_circular", "allow_nan", "cls"] {
        args.take_kw(ignored);
    }
    let indent = match args.take_kw("indent") {
        None | Some(Obj::None) => None,
        Some(Obj::Int(n)) => Some(" ".repeat(n.max(0) as usize)),
        Some(Obj::Str(s)) => Some(s.to_string()),
        Some(other) => return Err(Exc::type_error(format!("indent must be an int or str, not {}", other.type_name()))),
    };
    let (item_sep, key_sep) = match args.take_kw("separators") {
        Some(Obj::Tuple(pair)) if pair.len() == 2 => {
            (pair[0].as_str().unwrap_or(",").to_string(), pair[1].as_str().unwrap_or(":").to_string())
        }
        _ if indent.is_some() => (",".to_string(), ": ".to_string()),
        _ => (", ".to_string(), ": ".to_string()),
    };
    let default = args.take_kw("default").filter(|d| !matches!(d, Obj::None));
    if let Some((name, _)) = args.kw.first() {
        return Err(Exc::type_error(format!("dumps() got an unexpected keyword argument '{name}'")));
    }
    Ok(Options { ensure_ascii, indent, item_sep, key_sep, sort_keys, default })
}

fn dumps(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let options = options(interp, host, &mut args)?;
    let obj = args.positional("dumps", 1, 1)?.remove(0);
    let mut out = String::new();
    encode(interp, host, &obj, &options, 0, &mut out)?;
    Ok(Obj::from(out))
}

fn dump(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let options = options(interp, host, &mut args)?;
    let pos = args.positional("dump", 2, 2)?;
    let mut out = String::new();
    let pieces = encode(interp, host, &pos[0], &options, 0, &mut out)?;
    host.library_work(LibraryWork::JsonDump(pieces));
    interp.call_method(host, &pos[1], "write", Args::new(vec![Obj::from(out)]))?;
    Ok(Obj::None)
}

fn float_text(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        crate::value::Value::Float(x).to_string()
    }
}

/// Appends `obj`'s JSON text to `out`; the number of values and keys written (the pieces
/// CPython's file encoder writes one by one).
fn encode(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    obj: &Obj,
    o: &Options,
    depth: usize,
    out: &mut String,
) -> Result<u64, Exc> {
    let mut pieces = 1;
    match obj {
        Obj::None => out.push_str("null"),
        Obj::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Obj::Int(i) => out.push_str(&i.to_string()),
        Obj::Float(x) => out.push_str(&float_text(*x)),
        Obj::Str(s) => string(s, o.ensure_ascii, out),
        Obj::List(_) | Obj::Tuple(_) => {
            let items = interp.collect_items(host, obj)?;
            if items.is_empty() {
                out.push_str("[]");
                return Ok(pieces);
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&o.item_sep);
                }
                newline(o, depth + 1, out);
                pieces += encode(interp, host, item, o, depth + 1, out)?;
            }
            newline(o, depth, out);
            out.push(']');
        }
        Obj::Dict(dict) => {
            let mut pairs: Vec<(Obj, Obj)> = dict.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            if pairs.is_empty() {
                out.push_str("{}");
                return Ok(pieces);
            }
            if o.sort_keys {
                let mut keys: Vec<Obj> = pairs.iter().map(|(k, _)| k.clone()).collect();
                crate::python::builtins::sort_objects(interp, host, &mut keys, None, false)?;
                let table: Vec<(Obj, Obj)> = std::mem::take(&mut pairs);
                for key in keys {
                    if let Some(pair) = table.iter().find(|(k, _)| k.is(&key) || Key::of(k).ok() == Key::of(&key).ok())
                    {
                        pairs.push(pair.clone());
                    }
                }
            }
            out.push('{');
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(&o.item_sep);
                }
                newline(o, depth + 1, out);
                let key = match key {
                    Obj::Str(s) => s.to_string(),
                    Obj::Int(i) => i.to_string(),
                    Obj::Bool(b) => if *b { "true" } else { "false" }.into(),
                    Obj::None => "null".into(),
                    Obj::Float(x) => float_text(*x),
                    other => {
                        return Err(Exc::type_error(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            other.type_name()
                        )));
                    }
                };
                string(&key, o.ensure_ascii, out);
                out.push_str(&o.key_sep);
                pieces += 1 + encode(interp, host, value, o, depth + 1, out)?;
            }
            newline(o, depth, out);
            out.push('}');
        }
        other => match &o.default {
            Some(default) => {
                let replaced = interp.call(host, default, Args::new(vec![other.clone()]))?;
                pieces = encode(interp, host, &replaced, o, depth, out)?;
            }
            None => {
                return Err(Exc::type_error(format!("Object of type {} is not JSON serializable", other.type_name())));
            }
        },
    }
    Ok(pieces)
}

fn newline(o: &Options, depth: usize, out: &mut String) {
    if let Some(indent) = &o.indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(indent);
        }
    }
}

fn string(s: &str, ensure_ascii: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if ensure_ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn loads(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let text = args.positional("loads", 1, 1)?.remove(0);
    let Obj::Str(text) = text else {
        return Err(Exc::type_error(format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            text.type_name()
        )));
    };
    host.library_work(LibraryWork::JsonDecode);
    decode(interp, &text)
}

fn load(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let file = args.positional("load", 1, 1)?.remove(0);
    let text = interp.call_method(host, &file, "read", Args::none())?;
    let Obj::Str(text) = text else { return Err(Exc::type_error("read() did not return a str")) };
    host.library_work(LibraryWork::JsonDecode);
    decode(interp, &text)
}

fn decode(_: &mut Interpreter, text: &str) -> Result<Obj, Exc> {
    let chars: Vec<char> = text.chars().collect();
    let mut parser = Parser { chars: &chars, pos: 0 };
    parser.skip_ws();
    let value = parser.value()?;
    parser.skip_ws();
    if parser.pos != chars.len() {
        return Err(parser.error("Extra data", parser.pos));
    }
    Ok(value)
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str, at: usize) -> Exc {
        let before = &self.chars[..at.min(self.chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let column = match before.iter().rposition(|c| *c == '\n') {
            Some(nl) => at - nl,
            None => at + 1,
        };
        Exc::new(ExcKind::JSONDecodeError, format!("{message}: line {line} column {column} (char {at})"))
    }

    fn skip_ws(&mut self) {
        while matches!(self.chars.get(self.pos), Some(' ' | '\t' | '\n' | '\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn literal(&mut self, word: &str, value: Obj) -> Option<Obj> {
        let end = self.pos + word.chars().count();
        if end <= self.chars.len() && self.chars[self.pos..end].iter().copied().eq(word.chars()) {
            self.pos = end;
            Some(value)
        } else {
            None
        }
    }

    fn value(&mut self) -> Result<Obj, Exc> {
        let start = self.pos;
        let found = match self.peek() {
            Some('"') => return self.string().map(Obj::from),
            Some('{') => return self.object(),
            Some('[') => return self.array(),
            Some('n') => self.literal("null", Obj::None),
            Some('t') => self.literal("true", Obj::Bool(true)),
            Some('f') => self.literal("false", Obj::Bool(false)),
            Some('N') => self.literal("NaN", Obj::Float(f64::NAN)),
            Some('I') => self.literal("Infinity", Obj::Float(f64::INFINITY)),
            Some('-') if self.chars.get(self.pos + 1) == Some(&'I') => {
                self.pos += 1;
                let inf = self.literal("Infinity", Obj::Float(f64::NEG_INFINITY));
                if inf.is_none() {
                    self.pos = start;
                }
                inf
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number()?,
            _ => None,
        };
        found.ok_or_else(|| self.error("Expecting value", start))
    }

    fn number(&mut self) -> Result<Option<Obj>, Exc> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        if self.peek() == Some('0') {
            self.pos += 1;
        } else if !digits(self) {
            self.pos = start;
            return Ok(None);
        }
        let mut float = false;
        if self.peek() == Some('.') && self.chars.get(self.pos + 1).is_some_and(char::is_ascii_digit) {
            self.pos += 1;
            digits(self);
            float = true;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let mark = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if digits(self) {
                float = true;
            } else {
                self.pos = mark;
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        if float {
            Ok(text.parse().ok().map(Obj::Float))
        } else {
            text.parse::<i64>().map(|i| Some(Obj::Int(i))).map_err(|_| crate::python::interp::overflow())
        }
    }

    fn string(&mut self) -> Result<String, Exc> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("Unterminated string starting at", start));
            };
            self.pos += 1;
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let escape_at = self.pos - 1;
                    let Some(e) = self.peek() else {
                        return Err(self.error("Unterminated string starting at", start));
                    };
                    self.pos += 1;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let unit = self.hex4().ok_or_else(|| self.error("Invalid \\uXXXX escape", escape_at))?;
                            let code = if (0xd800..0xdc00).contains(&unit)
                                && self.chars.get(self.pos) == Some(&'\\')
                                && self.chars.get(self.pos + 1) == Some(&'u')
                            {
                                let mark = self.pos;
                                self.pos += 2;
                                match self.hex4() {
                                    Some(low) if (0xdc00..0xe000).contains(&low) => {
                                        0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                                    }
                                    _ => {
                                        self.pos = mark;
                                        unit
                                    }
                                }
                            } else {
                                unit
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.error("Invalid \\escape", escape_at)),
                    }
                }
                c if (c as u32) < 0x20 => return Err(self.error("Invalid control character at", self.pos - 1)),
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits: String = self.chars.get(self.pos..self.pos + 4)?.iter().collect();
        let value = u32::from_str_radix(&digits, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    fn array(&mut self) -> Result<Obj, Exc> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Obj::list(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(Obj::list(items));
                }
                _ => return Err(self.error("Expecting ',' delimiter", self.pos)),
            }
        }
    }

    fn object(&mut self) -> Result<Obj, Exc> {
        self.pos += 1;
        let mut table = Table::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Obj::dict(table));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some('"') {
                return Err(self.error("Expecting property name enclosed in double quotes", self.pos));
            }
            let key: Rc<str> = Rc::from(self.string()?);
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(self.error("Expecting ':' delimiter", self.pos));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value()?;
            table.insert(Key::Str(key.clone()), Obj::Str(key), value);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() != Some('"') {
                        return Err(self.error("Expecting property name enclosed in double quotes", self.pos));
                    }
                }
                Some('}') => {
                    self.pos += 1;
                    return Ok(Obj::dict(table));
                }
                _ => return Err(self.error("Expecting ',' delimiter", self.pos)),
            }
        }
    }
}
