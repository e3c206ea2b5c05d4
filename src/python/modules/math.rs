//! `math`: the constants and the functions lessons compute with, with CPython's domain
//! errors (`ValueError: math domain error`).

use super::make_module;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj};

pub fn module() -> Obj {
    make_module(
        "math",
        &[
            ("sqrt", sqrt),
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("fabs", fabs),
            ("exp", exp),
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("pow", pow),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("atan", atan),
            ("atan2", atan2),
            ("hypot", hypot),
            ("isnan", isnan),
            ("isinf", isinf),
            ("isfinite", isfinite),
            ("isclose", isclose),
            ("factorial", factorial),
            ("gcd", gcd),
            ("isqrt", isqrt),
            ("fsum", fsum),
            ("prod", prod),
        ],
        vec![
            ("pi", Obj::Float(std::f64::consts::PI)),
            ("e", Obj::Float(std::f64::consts::E)),
            ("tau", Obj::Float(std::f64::consts::TAU)),
            ("inf", Obj::Float(f64::INFINITY)),
            ("nan", Obj::Float(f64::NAN)),
        ],
    )
}

fn number(obj: &Obj) -> Result<f64, Exc> {
    obj.as_float().ok_or_else(|| Exc::type_error(format!("must be real number, not {}", obj.type_name())))
}

fn one(args: Args, name: &str) -> Result<f64, Exc> {
    number(&args.positional(name, 1, 1)?[0])
}

fn domain(ok: bool, x: f64) -> Result<Obj, Exc> {
    if ok { Ok(Obj::Float(x)) } else { Err(Exc::value_error("math domain error")) }
}

fn sqrt(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let x = one(args, "sqrt")?;
    domain(x >= 0.0 || x.is_nan(), x.sqrt())
}

fn to_int(x: f64) -> Result<Obj, Exc> {
    super::super::builtins::float_to_int_obj(x)
}

fn floor(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let arg = args.positional("floor", 1, 1)?.remove(0);
    if let Some(i) = arg.as_int() {
        return Ok(Obj::Int(i));
    }
    to_int(number(&arg)?.floor())
}

fn ceil(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let arg = args.positional("ceil", 1, 1)?.remove(0);
    if let Some(i) = arg.as_int() {
        return Ok(Obj::Int(i));
    }
    to_int(number(&arg)?.ceil())
}

fn trunc(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let arg = args.positional("trunc", 1, 1)?.remove(0);
    if let Some(i) = arg.as_int() {
        return Ok(Obj::Int(i));
    }
    to_int(number(&arg)?.trunc())
}

fn fabs(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Float(one(args, "fabs")?.abs()))
}

fn exp(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let x = one(args, "exp")?.exp();
    if x.is_infinite() {
        return Err(Exc::new(crate::python::exception::ExcKind::OverflowError, "math range error"));
    }
    Ok(Obj::Float(x))
}

fn log(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("log", 1, 2)?;
    let x = number(&pos[0])?;
    let base = pos.get(1).map(number).transpose()?;
    match base {
        Some(b) => domain(x > 0.0 && b > 0.0 && b != 1.0, x.ln() / b.ln()),
        None => domain(x > 0.0, x.ln()),
    }
}

fn log2(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let x = one(args, "log2")?;
    domain(x > 0.0, x.log2())
}

fn log10(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let x = one(args, "log10")?;
    domain(x > 0.0, x.log10())
}

fn pow(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("pow", 2, 2)?;
    let (x, y) = (number(&pos[0])?, number(&pos[1])?);
    let r = x.powf(y);
    domain(!(r.is_nan() && !x.is_nan() && !y.is_nan()), r)
}

fn sin(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Float(one(args, "sin")?.sin()))
}

fn cos(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Float(one(args, "cos")?.cos()))
}

fn tan(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Float(one(args, "tan")?.tan()))
}

fn atan(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Float(one(args, "atan")?.atan()))
}

fn atan2(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("atan2", 2, 2)?;
    Ok(Obj::Float(number(&pos[0])?.atan2(number(&pos[1])?)))
}

fn hypot(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("hypot", 0, usize::MAX)?;
    let mut total = 0.0f64;
    for p in &pos {
        total = total.hypot(number(p)?);
    }
    Ok(Obj::Float(total))
}

fn isnan(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Bool(one(args, "isnan")?.is_nan()))
}

fn isinf(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Bool(one(args, "isinf")?.is_infinite()))
}

fn isfinite(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    Ok(Obj::Bool(one(args, "isfinite")?.is_finite()))
}

fn isclose(_: &mut Interpreter, _: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let rel = args.take_kw("rel_tol").map(|o| number(&o)).transpose()?.unwrap_or(1e-9);
    let abs = args.take_kw("abs_tol").map(|o| number(&o)).transpose()?.unwrap_or(0.0);
    let pos = args.positional("isclose", 2, 2)?;
    let (a, b) = (number(&pos[0])?, number(&pos[1])?);
    if a == b {
        return Ok(Obj::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Obj::Bool(false));
    }
    let diff = (a - b).abs();
    Ok(Obj::Bool(diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs))
}

fn int_arg(obj: &Obj, name: &str) -> Result<i64, Exc> {
    obj.as_int().ok_or_else(|| Exc::type_error(format!("{name}() only accepts integral values")))
}

fn factorial(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let n = int_arg(&args.positional("factorial", 1, 1)?[0], "factorial")?;
    if n < 0 {
        return Err(Exc::value_error("factorial() not defined for negative values"));
    }
    let mut result: i64 = 1;
    for k in 2..=n {
        result = result.checked_mul(k).ok_or_else(crate::python::interp::overflow)?;
    }
    Ok(Obj::Int(result))
}

fn gcd(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let mut result: i64 = 0;
    for p in &args.positional("gcd", 0, usize::MAX)? {
        let mut a = result.unsigned_abs();
        let mut b = int_arg(p, "gcd")?.unsigned_abs();
        while b != 0 {
            (a, b) = (b, a % b);
        }
        result = i64::try_from(a).map_err(|_| crate::python::interp::overflow())?;
    }
    Ok(Obj::Int(result))
}

fn isqrt(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let n = int_arg(&args.positional("isqrt", 1, 1)?[0], "isqrt")?;
    if n < 0 {
        return Err(Exc::value_error("isqrt() argument must be nonnegative"));
    }
    let mut r = (n as f64).sqrt() as i64;
    while r.checked_mul(r).is_none_or(|sq| sq > n) {
        r -= 1;
    }
    while (r + 1).checked_mul(r + 1).is_some_and(|sq| sq <= n) {
        r += 1;
    }
    Ok(Obj::Int(r))
}

fn fsum(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let items = interp.collect_items(host, &args.positional("fsum", 1, 1)?[0])?;
    // Neumaier summation: exact enough for the sums lessons make.
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for item in &items {
        let x = number(item)?;
        let t = sum + x;
        compensation += if sum.abs() >= x.abs() { (sum - t) + x } else { (x - t) + sum };
        sum = t;
    }
    Ok(Obj::Float(sum + compensation))
}

fn prod(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let items = interp.collect_items(host, &args.positional("prod", 1, 1)?[0])?;
    let mut total = Obj::Int(1);
    for item in &items {
        total = interp.binary_op(host, crate::python::code::BinaryOp::Mul, &total, item)?;
    }
    Ok(total)
}
