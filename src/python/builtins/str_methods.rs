//! The methods of `str`, counted in characters (not bytes) wherever Python counts, so
//! `'包子'.find('子')` is 1: searching, splitting, joining, stripping, padding, case, tests
//! (`isdigit`…) and `format`.

use std::rc::Rc;

use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj};

/// Every method of `str` forkbook has.
pub const NAMES: &[&str] = &[
    "upper",
    "lower",
    "casefold",
    "swapcase",
    "title",
    "capitalize",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "splitlines",
    "join",
    "replace",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "format",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "isnumeric",
    "isdecimal",
    "isidentifier",
    "istitle",
    "isascii",
    "isprintable",
    "partition",
    "rpartition",
    "removeprefix",
    "removesuffix",
    "expandtabs",
    "encode",
    "format_map",
];

fn str_arg(obj: &Obj, method: &str, n: usize) -> Result<Rc<str>, Exc> {
    match obj {
        Obj::Str(s) => Ok(s.clone()),
        other => Err(Exc::type_error(format!("{method}() argument {n} must be str, not {}", other.type_name()))),
    }
}

fn opt_chars(args: Vec<Obj>, method: &str) -> Result<Option<Rc<str>>, Exc> {
    match args.into_iter().next() {
        None | Some(Obj::None) => Ok(None),
        Some(Obj::Str(s)) => Ok(Some(s)),
        Some(other) => Err(Exc::type_error(format!("{method} arg must be None or str, not {}", other.type_name()))),
    }
}

/// The char index of byte offset `at` in `s`.
fn char_index(s: &str, at: usize) -> i64 {
    if s.is_ascii() { at as i64 } else { s[..at].chars().count() as i64 }
}

/// The byte range of `s` that char positions `start..end` (Python slice bounds) select.
fn byte_window(s: &str, start: Option<&Obj>, end: Option<&Obj>) -> Result<(usize, usize), Exc> {
    let n = s.chars().count() as i64;
    let bound = |obj: Option<&Obj>, default: i64| -> Result<i64, Exc> {
        match obj {
            None | Some(Obj::None) => Ok(default),
            Some(o) => {
                let i = o.as_int().ok_or_else(|| {
                    Exc::type_error("slice indices must be integers or None or have an __index__ method")
                })?;
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
        }
    };
    let (a, b) = (bound(start, 0)?, bound(end, n)?);
    let to_byte = |c: i64| s.char_indices().nth(c as usize).map_or(s.len(), |(i, _)| i);
    if a > b {
        return Ok((usize::MAX, usize::MAX));
    }
    Ok((to_byte(a), to_byte(b)))
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Calls `s.name(args)`; `None` when `str` has no such method.
pub fn call(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    s: &Rc<str>,
    name: &str,
    args: Args,
) -> Option<Result<Obj, Exc>> {
    if !NAMES.contains(&name) {
        return None;
    }
    Some(match name {
        "format" => interp.str_format(host, s, args).map(Obj::from),
        "format_map" => (|| {
            let mapping = args.positional("format_map", 1, 1)?.remove(0);
            let items = interp.pairs(host, &mapping)?;
            let kw = items.into_iter().filter_map(|(k, v)| k.as_str().map(|k| (Rc::from(k), v))).collect();
            interp.str_format(host, s, Args { pos: Vec::new(), kw }).map(Obj::from)
        })(),
        "join" => join(interp, host, s, args),
        _ => plain(s, name, args),
    })
}

fn join(interp: &mut Interpreter, host: &mut dyn Host, s: &str, args: Args) -> Result<Obj, Exc> {
    let iterable = args.positional("join", 1, 1)?.remove(0);
    let items = interp.collect_items(host, &iterable)?;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(s);
        }
        match item {
            Obj::Str(part) => {
                out.push_str(part);
                // Each part holds at most MAX_SEQUENCE characters; the whole may not either.
                crate::python::interp::sized(out.len() / 4)?;
            }
            other => {
                return Err(Exc::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                )));
            }
        }
    }
    crate::python::interp::sized(out.chars().count())?;
    Ok(Obj::from(out))
}

/// The methods that need no interpreter.
fn plain(s: &Rc<str>, name: &str, args: Args) -> Result<Obj, Exc> {
    let text: &str = s;
    Ok(match name {
        "upper" => Obj::from(text.to_uppercase()),
        "lower" | "casefold" => Obj::from(text.to_lowercase()),
        "swapcase" => Obj::from(
            text.chars()
                .flat_map(|c| {
                    if c.is_uppercase() { c.to_lowercase().collect::<Vec<_>>() } else { c.to_uppercase().collect() }
                })
                .collect::<String>(),
        ),
        "title" => Obj::from(title(text)),
        "capitalize" => {
            let mut chars = text.chars();
            Obj::from(match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect::<String>(),
                None => String::new(),
            })
        }
        "strip" | "lstrip" | "rstrip" => {
            let chars = opt_chars(args.positional(name, 0, 1)?, name)?;
            let strip = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => is_space(c),
            };
            Obj::from(match name {
                "strip" => text.trim_matches(strip),
                "lstrip" => text.trim_start_matches(strip),
                _ => text.trim_end_matches(strip),
            })
        }
        "split" | "rsplit" => {
            let [sep, maxsplit] = args.bind(name, ["sep", "maxsplit"], 0)?;
            let maxsplit = maxsplit.and_then(|m| m.as_int()).unwrap_or(-1);
            let sep = match sep {
                None | Some(Obj::None) => None,
                Some(sep) => Some(str_arg(&sep, name, 1)?),
            };
            let parts = split(text, sep.as_deref(), maxsplit, name == "rsplit")?;
            Obj::list(parts.into_iter().map(Obj::from).collect())
        }
        "splitlines" => {
            let [keepends] = args.bind("splitlines", ["keepends"], 0)?;
            let keep = keepends.is_some_and(|k| k.as_int().unwrap_or(0) != 0);
            Obj::list(splitlines(text, keep).into_iter().map(Obj::from).collect())
        }
        "replace" => {
            let pos = args.positional("replace", 2, 3)?;
            let old = str_arg(&pos[0], "replace", 1)?;
            let new = str_arg(&pos[1], "replace", 2)?;
            // The result's length, known before it is built.
            let found = if old.is_empty() { text.chars().count() + 1 } else { text.matches(&*old).count() };
            let found = match pos.get(2).and_then(Obj::as_int) {
                Some(n) if n >= 0 => found.min(usize::try_from(n).unwrap_or(usize::MAX)),
                _ => found,
            };
            let (old_len, new_len) = (old.chars().count(), new.chars().count());
            let len = text.chars().count() - old_len * found + new_len.saturating_mul(found);
            crate::python::interp::sized(len)?;
            match pos.get(2).and_then(Obj::as_int) {
                Some(n) if n >= 0 => Obj::from(text.replacen(&*old, &new, n as usize)),
                _ => Obj::from(text.replace(&*old, &new)),
            }
        }
        "startswith" | "endswith" => {
            let pos = args.positional(name, 1, 3)?;
            let (a, b) = byte_window(text, pos.get(1), pos.get(2))?;
            if a == usize::MAX {
                return Ok(Obj::Bool(false));
            }
            let window = &text[a..b];
            let test = |p: &str| if name == "startswith" { window.starts_with(p) } else { window.ends_with(p) };
            Obj::Bool(match &pos[0] {
                Obj::Str(p) => test(p),
                Obj::Tuple(options) => options.iter().any(|o| o.as_str().is_some_and(test)),
                other => {
                    return Err(Exc::type_error(format!(
                        "{name} first arg must be str or a tuple of str, not {}",
                        other.type_name()
                    )));
                }
            })
        }
        "find" | "rfind" | "index" | "rindex" | "count" => {
            let pos = args.positional(name, 1, 3)?;
            let needle = str_arg(&pos[0], name, 1)?;
            let (a, b) = byte_window(text, pos.get(1), pos.get(2))?;
            if a == usize::MAX {
                return if name.contains("index") {
                    Err(Exc::value_error("substring not found"))
                } else if name == "count" {
                    Ok(Obj::Int(0))
                } else {
                    Ok(Obj::Int(-1))
                };
            }
            let window = &text[a..b];
            if name == "count" {
                let n = if needle.is_empty() { window.chars().count() + 1 } else { window.matches(&*needle).count() };
                return Ok(Obj::Int(n as i64));
            }
            let found = if name.starts_with('r') { window.rfind(&*needle) } else { window.find(&*needle) };
            match found {
                Some(at) => Obj::Int(char_index(text, a + at)),
                None if name.contains("index") => return Err(Exc::value_error("substring not found")),
                None => Obj::Int(-1),
            }
        }
        "center" | "ljust" | "rjust" => {
            let pos = args.positional(name, 1, 2)?;
            let width = pos[0].as_int().unwrap_or(0);
            let fill = match pos.get(1) {
                Some(Obj::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
                Some(_) => return Err(Exc::type_error("The fill character must be exactly one character long")),
                None => ' ',
            };
            let n = text.chars().count() as i64;
            if width <= n {
                return Ok(Obj::Str(s.clone()));
            }
            crate::python::interp::sized(width as usize)?;
            let pad = (width - n) as usize;
            let left = match name {
                "ljust" => 0,
                "rjust" => pad,
                _ => pad / 2 + (pad & width as usize & 1),
            };
            let fill_n = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
            Obj::from(format!("{}{text}{}", fill_n(left), fill_n(pad - left)))
        }
        "zfill" => {
            let width = args.positional("zfill", 1, 1)?[0].as_int().unwrap_or(0);
            let n = text.chars().count() as i64;
            if width <= n {
                return Ok(Obj::Str(s.clone()));
            }
            crate::python::interp::sized(width as usize)?;
            let zeros = "0".repeat((width - n) as usize);
            Obj::from(match text.strip_prefix(['+', '-']) {
                Some(rest) => format!("{}{zeros}{rest}", &text[..1]),
                None => format!("{zeros}{text}"),
            })
        }
        "isdigit" | "isnumeric" | "isdecimal" => Obj::Bool(!text.is_empty() && text.chars().all(|c| c.is_numeric())),
        "isalpha" => Obj::Bool(!text.is_empty() && text.chars().all(char::is_alphabetic)),
        "isalnum" => Obj::Bool(!text.is_empty() && text.chars().all(char::is_alphanumeric)),
        "isspace" => Obj::Bool(!text.is_empty() && text.chars().all(is_space)),
        "isascii" => Obj::Bool(text.is_ascii()),
        "isprintable" => Obj::Bool(text.chars().all(|c| !c.is_control())),
        "isupper" | "islower" => {
            let cased: Vec<char> = text.chars().filter(|c| c.is_uppercase() || c.is_lowercase()).collect();
            let upper = name == "isupper";
            Obj::Bool(
                !cased.is_empty() && cased.iter().all(|c| if upper { c.is_uppercase() } else { c.is_lowercase() }),
            )
        }
        "istitle" => Obj::Bool(text.chars().any(char::is_alphabetic) && title(text) == text),
        "isidentifier" => {
            let mut chars = text.chars();
            Obj::Bool(
                chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                    && chars.all(|c| c == '_' || c.is_alphanumeric()),
            )
        }
        "partition" | "rpartition" => {
            let sep = str_arg(&args.positional(name, 1, 1)?[0], name, 1)?;
            if sep.is_empty() {
                return Err(Exc::value_error("empty separator"));
            }
            let found = if name == "partition" { text.find(&*sep) } else { text.rfind(&*sep) };
            let parts = match found {
                Some(at) => [&text[..at], &sep[..], &text[at + sep.len()..]],
                None if name == "partition" => [text, "", ""],
                None => ["", "", text],
            };
            Obj::tuple(parts.iter().map(|p| Obj::from(*p)).collect())
        }
        "removeprefix" => {
            let p = str_arg(&args.positional(name, 1, 1)?[0], name, 1)?;
            Obj::from(text.strip_prefix(&*p).unwrap_or(text))
        }
        "removesuffix" => {
            let p = str_arg(&args.positional(name, 1, 1)?[0], name, 1)?;
            Obj::from(text.strip_suffix(&*p).unwrap_or(text))
        }
        "expandtabs" => {
            let size = args.positional(name, 0, 1)?.first().and_then(Obj::as_int).unwrap_or(8).max(0) as usize;
            let mut out = String::new();
            let mut column = 0;
            for c in text.chars() {
                match c {
                    '\t' if size > 0 => {
                        let n = size - column % size;
                        crate::python::interp::sized(out.len().saturating_add(n))?;
                        out.push_str(&" ".repeat(n));
                        column += n;
                    }
                    '\t' => {}
                    '\n' | '\r' => {
                        out.push(c);
                        column = 0;
                    }
                    c => {
                        out.push(c);
                        column += 1;
                    }
                }
            }
            Obj::from(out)
        }
        "encode" => return super::bytes_methods::encode(text, args),
        _ => return Err(Exc::attribute_error(format!("'str' object has no attribute '{name}'"))),
    })
}

fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_cased = false;
    for c in text.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        previous_cased = c.is_alphabetic();
    }
    out
}

/// `str.split`/`str.rsplit`.
fn split(text: &str, sep: Option<&str>, maxsplit: i64, from_right: bool) -> Result<Vec<String>, Exc> {
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    match sep {
        Some("") => Err(Exc::value_error("empty separator")),
        Some(sep) => Ok(if from_right {
            let mut parts: Vec<String> = text.rsplitn(limit.saturating_add(1), sep).map(String::from).collect();
            parts.reverse();
            parts
        } else {
            text.splitn(limit.saturating_add(1), sep).map(String::from).collect()
        }),
        None => {
            let chars: Vec<char> = if from_right { text.chars().rev().collect() } else { text.chars().collect() };
            let mut parts = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                while i < chars.len() && is_space(chars[i]) {
                    i += 1;
                }
                if i == chars.len() {
                    break;
                }
                if parts.len() == limit {
                    let rest: String = chars[i..].iter().collect();
                    let rest = if from_right {
                        rest.chars().rev().collect::<String>().trim_end_matches(is_space).to_string()
                    } else {
                        rest.trim_end_matches(is_space).to_string()
                    };
                    parts.push(rest);
                    break;
                }
                let start = i;
                while i < chars.len() && !is_space(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                parts.push(if from_right { word.chars().rev().collect() } else { word });
            }
            if from_right {
                parts.reverse();
            }
            Ok(parts)
        }
    }
}

fn splitlines(text: &str, keep: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let boundary =
            matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if !boundary {
            current.push(c);
            continue;
        }
        let mut end = c.to_string();
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            end.push('\n');
        }
        if keep {
            current.push_str(&end);
        }
        lines.push(std::mem::take(&mut current));
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_follows_python_with_and_without_a_separator() {
        assert_eq!(split("  a b  c ", None, -1, false).expect("ok"), vec!["a", "b", "c"]);
        assert_eq!(split("a b  c", None, 1, false).expect("ok"), vec!["a", "b  c"]);
        assert_eq!(split("a b  c", None, 1, true).expect("ok"), vec!["a b", "c"]);
        assert_eq!(split("a,b,,c", Some(","), -1, false).expect("ok"), vec!["a", "b", "", "c"]);
        assert_eq!(split("a,b,c", Some(","), 1, true).expect("ok"), vec!["a,b", "c"]);
    }

    #[test]
    fn splitlines_knows_crlf_and_drops_a_final_empty_line() {
        assert_eq!(splitlines("a\r\nb\nc\n", false), vec!["a", "b", "c"]);
        assert_eq!(splitlines("a\r\nb", true), vec!["a\r\n", "b"]);
    }
}
