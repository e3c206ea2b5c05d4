//! The built-in functions about numbers and reductions: `abs`, `round` (half to even, as
//! CPython rounds), `divmod`, `pow`, `min`/`max` (with `key` and `default`), `sum`, `any`,
//! `all`, `sorted`, and the conversions `chr`, `ord`, `hex`, `oct`, `bin`.

use crate::python::code::BinaryOp;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj};

pub fn abs(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let value = args.positional("abs", 1, 1)?.remove(0);
    match &value {
        Obj::Int(i) => i.checked_abs().map(Obj::Int).ok_or_else(crate::python::interp::overflow),
        Obj::Bool(b) => Ok(Obj::Int(i64::from(*b))),
        Obj::Float(x) => Ok(Obj::Float(x.abs())),
        Obj::Instance(_) => interp.call_method(host, &value, "__abs__", Args::none()),
        other => Err(Exc::type_error(format!("bad operand type for abs(): '{}'", other.type_name()))),
    }
}

/// A float rounded to an int, half to even.
pub fn float_to_int(x: f64) -> Result<i64, Exc> {
    if x.is_nan() {
        return Err(Exc::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(Exc::new(ExcKind::OverflowError, "cannot convert float infinity to integer"));
    }
    if x.abs() >= 9.223_372_036_854_776e18 {
        return Err(crate::python::interp::overflow());
    }
    Ok(x as i64)
}

pub fn round(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [number, ndigits] = args.bind("round", ["number", "ndigits"], 1)?;
    let number = number.unwrap_or(Obj::None);
    let ndigits = match ndigits {
        None | Some(Obj::None) => None,
        Some(n) => Some(n.as_int().ok_or_else(|| {
            Exc::type_error(format!("'{}' object cannot be interpreted as an integer", n.type_name()))
        })?),
    };
    match (&number, ndigits) {
        (Obj::Int(_) | Obj::Bool(_), None) => Ok(Obj::Int(number.as_int().unwrap_or(0))),
        (Obj::Int(_) | Obj::Bool(_), Some(n)) if n >= 0 => Ok(Obj::Int(number.as_int().unwrap_or(0))),
        (Obj::Int(_) | Obj::Bool(_), Some(n)) => {
            let i = number.as_int().unwrap_or(0);
            let unit = n.checked_neg().and_then(|e| u32::try_from(e).ok()).and_then(|e| 10i64.checked_pow(e));
            let Some(unit) = unit else { return Ok(Obj::Int(0)) };
            let (q, r) = (i.div_euclid(unit), i.rem_euclid(unit));
            let twice = r * 2;
            let q = if twice > unit || (twice == unit && q % 2 != 0) { q + 1 } else { q };
            q.checked_mul(unit).map(Obj::Int).ok_or_else(crate::python::interp::overflow)
        }
        (Obj::Float(x), None) => float_to_int(x.round_ties_even()).map(Obj::Int),
        (Obj::Float(x), Some(n)) => Ok(Obj::Float(round_float(*x, n))),
        (Obj::Instance(_), _) => {
            let args = ndigits.map_or_else(Vec::new, |n| vec![Obj::Int(n)]);
            interp.call_method(host, &number, "__round__", Args::new(args))
        }
        (other, _) => Err(Exc::type_error(format!("type {} doesn't define __round__ method", other.type_name()))),
    }
}

/// `round(x, n)` for a float: the decimal nearest to `x` with `n` digits after the point
/// (ties to even on the exact binary value, as CPython's correctly rounded algorithm).
fn round_float(x: f64, n: i64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if n > 323 {
        return x;
    }
    if n >= 0 {
        let text = format!("{x:.*}", n as usize);
        return text.parse().unwrap_or(x);
    }
    if n < -308 {
        return 0.0 * x;
    }
    let scale = 10f64.powi((-n) as i32);
    let scaled = x / scale;
    scaled.round_ties_even() * scale
}

pub fn divmod(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("divmod", 2, 2)?;
    let q = interp.binary_op(host, BinaryOp::FloorDiv, &pos[0], &pos[1])?;
    let r = interp.binary_op(host, BinaryOp::Mod, &pos[0], &pos[1])?;
    Ok(Obj::tuple(vec![q, r]))
}

pub fn pow(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [base, exp, modulus] = args.bind("pow", ["base", "exp", "mod"], 2)?;
    let (base, exp) = (base.unwrap_or(Obj::None), exp.unwrap_or(Obj::None));
    match modulus {
        None | Some(Obj::None) => interp.binary_op(host, BinaryOp::Pow, &base, &exp),
        Some(m) => {
            let (Some(b), Some(e), Some(m)) = (base.as_int(), exp.as_int(), m.as_int()) else {
                return Err(Exc::type_error("pow() 3rd argument not allowed unless all arguments are integers"));
            };
            if m == 0 {
                return Err(Exc::value_error("pow() 3rd argument cannot be 0"));
            }
            if e < 0 {
                return Err(Exc::value_error("base is not invertible for the given modulus"));
            }
            let m128 = i128::from(m);
            let (mut result, mut b, mut e) = (1i128, i128::from(b).rem_euclid(m128), e);
            while e > 0 {
                if e & 1 == 1 {
                    result = result * b % m128;
                }
                b = b * b % m128;
                e >>= 1;
            }
            let result = result.rem_euclid(m128);
            let result = if m < 0 && result != 0 { result + m128 } else { result };
            Ok(Obj::Int(i64::try_from(result).unwrap_or(0)))
        }
    }
}

/// `min`/`max`: over one iterable or several arguments, by `key`, with `default`.
fn extreme(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    mut args: Args,
    name: &str,
    want_less: bool,
) -> Result<Obj, Exc> {
    let key = args.take_kw("key").filter(|k| !matches!(k, Obj::None));
    let default = args.take_kw("default");
    if let Some((kw, _)) = args.kw.first() {
        return Err(Exc::type_error(format!("'{kw}' is an invalid keyword argument for {name}()")));
    }
    let items = match args.pos.len() {
        0 => return Err(Exc::type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => {
            let iterable = args.pos.remove(0);
            interp.collect_items(host, &iterable)?
        }
        _ => {
            if default.is_some() {
                return Err(Exc::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.pos
        }
    };
    let mut best: Option<(Obj, Obj)> = None;
    for item in items {
        let k = match &key {
            Some(f) => interp.call(host, f, Args::new(vec![item.clone()]))?,
            None => item.clone(),
        };
        let replace = match &best {
            None => true,
            Some((_, best_key)) => {
                let op = if want_less { crate::python::code::CmpOp::Lt } else { crate::python::code::CmpOp::Gt };
                interp.compare_op(host, op, &k, best_key)?
            }
        };
        if replace {
            best = Some((item, k));
        }
    }
    match (best, default) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(Exc::value_error(format!("{name}() arg is an empty sequence"))),
    }
}

pub fn min(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    extreme(interp, host, args, "min", true)
}

pub fn max(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    extreme(interp, host, args, "max", false)
}

pub fn sum(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [iterable, start] = args.bind("sum", ["iterable", "start"], 1)?;
    let mut total = start.unwrap_or(Obj::Int(0));
    if let Obj::Str(_) = total {
        return Err(Exc::type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let iterable = iterable.unwrap_or(Obj::None);
    if let (Obj::Int(start), Obj::Range(range)) = (&total, &iterable)
        && let Some((sum, items)) = sum_of_range(*start, range)
    {
        host.library_work(crate::python::host::LibraryWork::SumInts(items));
        return Ok(Obj::Int(sum));
    }
    let mut iter = interp.iterate(host, &iterable)?;
    while let Some(item) = interp.next(host, &mut iter)? {
        total = interp.binary_op(host, BinaryOp::Add, &total, &item)?;
    }
    Ok(total)
}

/// `sum(range(...), start)` in machine integers, item by item as CPython adds them (lessons
/// time it as CPU-bound work, so it is not folded into a formula) with the number of items
/// added, or `None` past `i64`.
fn sum_of_range(start: i64, &[from, stop, step]: &[i64; 3]) -> Option<(i64, u64)> {
    let (mut total, mut value, mut items) = (start, from, 0u64);
    while (step > 0 && value < stop) || (step < 0 && value > stop) {
        total = total.checked_add(std::hint::black_box(value))?;
        value = value.checked_add(step)?;
        items += 1;
    }
    Some((total, items))
}

pub fn any(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let iterable = args.positional("any", 1, 1)?.remove(0);
    let mut iter = interp.iterate(host, &iterable)?;
    while let Some(item) = interp.next(host, &mut iter)? {
        if interp.truthy(host, &item)? {
            return Ok(Obj::Bool(true));
        }
    }
    Ok(Obj::Bool(false))
}

pub fn all(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let iterable = args.positional("all", 1, 1)?.remove(0);
    let mut iter = interp.iterate(host, &iterable)?;
    while let Some(item) = interp.next(host, &mut iter)? {
        if !interp.truthy(host, &item)? {
            return Ok(Obj::Bool(false));
        }
    }
    Ok(Obj::Bool(true))
}

pub fn sorted(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let key = args.take_kw("key");
    let reverse = args.take_kw("reverse");
    let iterable = args.positional("sorted", 1, 1)?.remove(0);
    let mut items = interp.collect_items(host, &iterable)?;
    let reverse = match reverse {
        Some(r) => interp.truthy(host, &r)?,
        None => false,
    };
    super::sort_objects(interp, host, &mut items, key.filter(|k| !matches!(k, Obj::None)), reverse)?;
    Ok(Obj::list(items))
}

pub fn chr(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let value = args.positional("chr", 1, 1)?.remove(0);
    let Some(i) = value.as_int() else {
        return Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", value.type_name())));
    };
    u32::try_from(i)
        .ok()
        .and_then(char::from_u32)
        .map(|c| Obj::from(c.to_string()))
        .ok_or_else(|| Exc::value_error("chr() arg not in range(0x110000)"))
}

pub fn ord(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let value = args.positional("ord", 1, 1)?.remove(0);
    let Obj::Str(s) = &value else {
        return Err(Exc::type_error(format!("ord() expected string of length 1, but {} found", value.type_name())));
    };
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(Obj::Int(i64::from(u32::from(c)))),
        _ => Err(Exc::type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.chars().count()
        ))),
    }
}

fn radix(args: Args, name: &str, prefix: &str, f: fn(u64) -> String) -> Result<Obj, Exc> {
    let value = args.positional(name, 1, 1)?.remove(0);
    let Some(i) = value.as_int() else {
        return Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", value.type_name())));
    };
    let sign = if i < 0 { "-" } else { "" };
    Ok(Obj::from(format!("{sign}{prefix}{}", f(i.unsigned_abs()))))
}

pub fn hex(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    radix(args, "hex", "0x", |n| format!("{n:x}"))
}

pub fn oct(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    radix(args, "oct", "0o", |n| format!("{n:o}"))
}

pub fn bin(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    radix(args, "bin", "0b", |n| format!("{n:b}"))
}
