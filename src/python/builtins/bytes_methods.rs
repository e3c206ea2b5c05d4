//! `bytes`: the methods lessons use on raw data (`decode`, `split`, `join`, `strip`…),
//! `str.encode`, and `bytes(...)`. UTF-8 and ASCII only; decoding errors carry CPython's
//! message (`'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`).

use std::rc::Rc;

use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj};

pub const NAMES: &[&str] = &[
    "decode",
    "upper",
    "lower",
    "split",
    "join",
    "startswith",
    "endswith",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "find",
    "count",
    "hex",
    "isdigit",
    "isalpha",
    "index",
];

fn bytes_arg(obj: &Obj, method: &str) -> Result<Rc<[u8]>, Exc> {
    match obj {
        Obj::Bytes(b) => Ok(b.clone()),
        other => {
            Err(Exc::type_error(format!("{method}: a bytes-like object is required, not '{}'", other.type_name())))
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The encoding a `decode`/`encode` argument names, or a LookupError.
fn encoding(obj: Option<&Obj>) -> Result<&'static str, Exc> {
    let name = obj.and_then(Obj::as_str).unwrap_or("utf-8").to_ascii_lowercase().replace('_', "-");
    match name.as_str() {
        "utf-8" | "utf8" => Ok("utf-8"),
        "ascii" | "us-ascii" => Ok("ascii"),
        other => Err(Exc::new(ExcKind::LookupError, format!("forkbook knows only utf-8 and ascii, not '{other}'"))),
    }
}

/// `bytes.decode(encoding)`.
pub fn decode(bytes: &[u8], encoding_name: &str) -> Result<String, Exc> {
    if encoding_name == "ascii"
        && let Some(at) = bytes.iter().position(|b| !b.is_ascii())
    {
        return Err(Exc::new(
            ExcKind::UnicodeDecodeError,
            format!("'ascii' codec can't decode byte {:#04x} in position {at}: ordinal not in range(128)", bytes[at]),
        ));
    }
    std::str::from_utf8(bytes).map(String::from).map_err(|e| {
        let at = e.valid_up_to();
        let message = match e.error_len() {
            None => {
                format!("'utf-8' codec can't decode bytes in position {at}-{}: unexpected end of data", bytes.len() - 1)
            }
            Some(_) => {
                let first = bytes[at];
                let reason = if (0x80..0xc2).contains(&first) || first >= 0xf5 {
                    "invalid start byte"
                } else {
                    "invalid continuation byte"
                };
                format!("'utf-8' codec can't decode byte {first:#04x} in position {at}: {reason}")
            }
        };
        Exc::new(ExcKind::UnicodeDecodeError, message)
    })
}

/// `str.encode(encoding)`.
pub fn encode(text: &str, args: Args) -> Result<Obj, Exc> {
    let [name, _errors] = args.bind("encode", ["encoding", "errors"], 0)?;
    let name = encoding(name.as_ref())?;
    if name == "ascii"
        && let Some((at, c)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii())
    {
        return Err(Exc::new(
            ExcKind::UnicodeEncodeError,
            format!(
                "'ascii' codec can't encode character '\\u{:04x}' in position {at}: ordinal not in range(128)",
                u32::from(c)
            ),
        ));
    }
    Ok(Obj::Bytes(Rc::from(text.as_bytes())))
}

/// `bytes(...)`.
pub fn construct(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [source, name, _errors] = args.bind("bytes", ["source", "encoding", "errors"], 0)?;
    let bytes: Vec<u8> = match (source, name) {
        (None, _) => Vec::new(),
        (Some(Obj::Str(text)), Some(name)) => {
            encoding(Some(&name))?;
            text.as_bytes().to_vec()
        }
        (Some(Obj::Str(_)), None) => return Err(Exc::type_error("string argument without an encoding")),
        (Some(Obj::Bytes(b)), _) => b.to_vec(),
        (Some(Obj::Int(n)), _) if n >= 0 => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            crate::python::interp::sized(n)?;
            vec![0; n]
        }
        (Some(Obj::Int(_)), _) => return Err(Exc::value_error("negative count")),
        (Some(other), _) => {
            let mut out = Vec::new();
            for item in interp.collect_items(host, &other)? {
                let byte = item
                    .as_int()
                    .filter(|b| (0..256).contains(b))
                    .ok_or_else(|| Exc::value_error("bytes must be in range(0, 256)"))?;
                out.push(byte as u8);
            }
            out
        }
    };
    Ok(Obj::Bytes(Rc::from(bytes)))
}

/// Calls `b.name(args)`; `None` when bytes has no such method.
pub fn call(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    b: &Rc<[u8]>,
    name: &str,
    args: Args,
) -> Option<Result<Obj, Exc>> {
    if !NAMES.contains(&name) {
        return None;
    }
    Some(run(interp, host, b, name, args))
}

fn run(interp: &mut Interpreter, host: &mut dyn Host, b: &Rc<[u8]>, name: &str, args: Args) -> Result<Obj, Exc> {
    let out = |v: Vec<u8>| Ok(Obj::Bytes(Rc::from(v)));
    match name {
        "decode" => {
            let [name, _errors] = args.bind("decode", ["encoding", "errors"], 0)?;
            decode(b, encoding(name.as_ref())?).map(Obj::from)
        }
        "upper" => out(b.to_ascii_uppercase()),
        "lower" => out(b.to_ascii_lowercase()),
        "isdigit" => Ok(Obj::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_digit))),
        "isalpha" => Ok(Obj::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_alphabetic))),
        "hex" => Ok(Obj::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>())),
        "strip" | "lstrip" | "rstrip" => {
            let chars = match args.positional(name, 0, 1)?.into_iter().next() {
                Some(Obj::Bytes(set)) => set.to_vec(),
                _ => b" \t\n\r\x0b\x0c".to_vec(),
            };
            let mut slice: &[u8] = b;
            if name != "rstrip" {
                while slice.first().is_some_and(|c| chars.contains(c)) {
                    slice = &slice[1..];
                }
            }
            if name != "lstrip" {
                while slice.last().is_some_and(|c| chars.contains(c)) {
                    slice = &slice[..slice.len() - 1];
                }
            }
            out(slice.to_vec())
        }
        "split" => {
            let sep = args.positional("split", 0, 1)?.into_iter().next().filter(|s| !matches!(s, Obj::None));
            let parts: Vec<Obj> = match sep {
                None => b
                    .split(|c| c.is_ascii_whitespace())
                    .filter(|p| !p.is_empty())
                    .map(|p| Obj::Bytes(Rc::from(p)))
                    .collect(),
                Some(sep) => {
                    let sep = bytes_arg(&sep, "split")?;
                    if sep.is_empty() {
                        return Err(Exc::value_error("empty separator"));
                    }
                    let mut parts = Vec::new();
                    let mut rest: &[u8] = b;
                    while let Some(at) = find(rest, &sep) {
                        parts.push(Obj::Bytes(Rc::from(&rest[..at])));
                        rest = &rest[at + sep.len()..];
                    }
                    parts.push(Obj::Bytes(Rc::from(rest)));
                    parts
                }
            };
            Ok(Obj::list(parts))
        }
        "join" => {
            let items = interp.collect_items(host, &args.positional("join", 1, 1)?[0])?;
            let mut joined = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    joined.extend_from_slice(b);
                }
                match item {
                    Obj::Bytes(part) => {
                        joined.extend_from_slice(part);
                        crate::python::interp::sized(joined.len())?;
                    }
                    other => {
                        return Err(Exc::type_error(format!(
                            "sequence item {i}: expected a bytes-like object, {} found",
                            other.type_name()
                        )));
                    }
                }
            }
            out(joined)
        }
        "startswith" | "endswith" => {
            let prefix = bytes_arg(&args.positional(name, 1, 1)?[0], name)?;
            Ok(Obj::Bool(if name == "startswith" { b.starts_with(&prefix) } else { b.ends_with(&prefix) }))
        }
        "replace" => {
            let pos = args.positional("replace", 2, 2)?;
            let (old, new) = (bytes_arg(&pos[0], name)?, bytes_arg(&pos[1], name)?);
            if old.is_empty() {
                return Ok(Obj::Bytes(b.clone()));
            }
            let mut result = Vec::new();
            let mut rest: &[u8] = b;
            while let Some(at) = find(rest, &old) {
                result.extend_from_slice(&rest[..at]);
                result.extend_from_slice(&new);
                crate::python::interp::sized(result.len())?;
                rest = &rest[at + old.len()..];
            }
            result.extend_from_slice(rest);
            out(result)
        }
        "find" | "index" => {
            let needle = bytes_arg(&args.positional(name, 1, 1)?[0], name)?;
            match find(b, &needle) {
                Some(at) => Ok(Obj::Int(at as i64)),
                None if name == "index" => Err(Exc::value_error("subsection not found")),
                None => Ok(Obj::Int(-1)),
            }
        }
        _ => {
            let needle = bytes_arg(&args.positional(name, 1, 1)?[0], name)?;
            if needle.is_empty() {
                return Ok(Obj::Int(b.len() as i64 + 1));
            }
            let mut n = 0;
            let mut rest: &[u8] = b;
            while let Some(at) = find(rest, &needle) {
                n += 1;
                rest = &rest[at + needle.len()..];
            }
            Ok(Obj::Int(n))
        }
    }
}
