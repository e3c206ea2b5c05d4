//! `time`: sleeping and clocks, all through the host (so sleeps are scaled and reported,
//! and a test host can run a day of sleeps in no time), and `strftime`/`ctime`, which
//! forkbook writes in UTC.

use super::make_module;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Obj};

pub fn module() -> Obj {
    make_module(
        "time",
        &[
            ("sleep", sleep),
            ("time", time),
            ("time_ns", time_ns),
            ("perf_counter", perf_counter),
            ("monotonic", monotonic),
            ("process_time", process_time),
            ("process_time_ns", process_time_ns),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic_ns", monotonic_ns),
            ("strftime", strftime),
            ("ctime", ctime),
        ],
        Vec::new(),
    )
}

fn sleep(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let seconds = args.positional("time.sleep", 1, 1)?.remove(0);
    let Some(seconds) = seconds.as_float() else {
        return Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", seconds.type_name())));
    };
    if seconds < 0.0 {
        return Err(Exc::value_error("sleep length must be non-negative"));
    }
    host.sleep(interp, seconds)?;
    Ok(Obj::None)
}

fn time(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.time", 0, 0)?;
    Ok(Obj::Float(host.time()))
}

fn time_ns(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.time_ns", 0, 0)?;
    Ok(Obj::Int((host.time() * 1e9) as i64))
}

fn monotonic(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.monotonic", 0, 0)?;
    Ok(Obj::Float(host.monotonic()))
}

/// The same clock as `monotonic` (CLOCK_MONOTONIC is CPython's `perf_counter` on Linux).
fn perf_counter(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.perf_counter", 0, 0)?;
    Ok(Obj::Float(host.monotonic()))
}

fn process_time(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.process_time", 0, 0)?;
    Ok(Obj::Float(host.cpu_seconds()))
}

fn process_time_ns(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.process_time_ns", 0, 0)?;
    Ok(Obj::Int((host.cpu_seconds() * 1e9) as i64))
}

fn monotonic_ns(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.monotonic_ns", 0, 0)?;
    Ok(Obj::Int((host.monotonic() * 1e9) as i64))
}

fn perf_counter_ns(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("time.perf_counter_ns", 0, 0)?;
    Ok(Obj::Int((host.monotonic() * 1e9) as i64))
}

/// Calendar fields of a Unix time (UTC): year, month, day, hour, minute, second, weekday
/// (Monday 0), day of the year.
fn civil(t: f64) -> [i64; 8] {
    let secs = t.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = (days + 3).rem_euclid(7);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][(month - 1) as usize];
    let yday = before + day + i64::from(leap && month > 2);
    [year, month, day, rem / 3600, rem % 3600 / 60, rem % 60, weekday, yday]
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn format_time(format: &str, t: f64) -> String {
    let [year, month, day, hour, minute, second, weekday, yday] = civil(t);
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&year.to_string()),
            Some('y') => out.push_str(&format!("{:02}", year % 100)),
            Some('m') => out.push_str(&format!("{month:02}")),
            Some('d') => out.push_str(&format!("{day:02}")),
            Some('H') => out.push_str(&format!("{hour:02}")),
            Some('I') => out.push_str(&format!("{:02}", if hour % 12 == 0 { 12 } else { hour % 12 })),
            Some('p') => out.push_str(if hour < 12 { "AM" } else { "PM" }),
            Some('M') => out.push_str(&format!("{minute:02}")),
            Some('S') => out.push_str(&format!("{second:02}")),
            Some('j') => out.push_str(&format!("{yday:03}")),
            Some('a') => out.push_str(DAYS[weekday as usize]),
            Some('b') => out.push_str(MONTHS[(month - 1) as usize]),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

fn strftime(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("strftime", 1, 2)?;
    let Obj::Str(format) = &pos[0] else {
        return Err(Exc::type_error("strftime() argument 1 must be str"));
    };
    Ok(Obj::from(format_time(format, host.time())))
}

fn ctime(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("ctime", 0, 1)?;
    let t = pos.first().and_then(Obj::as_float).unwrap_or_else(|| host.time());
    let [year, month, day, hour, minute, second, weekday, _] = civil(t);
    Ok(Obj::from(format!(
        "{} {} {day:2} {hour:02}:{minute:02}:{second:02} {year}",
        DAYS[weekday as usize],
        MONTHS[(month - 1) as usize]
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn unix_times_become_utc_calendar_fields() {
        assert_eq!(super::format_time("%Y-%m-%d %H:%M:%S %a %j", 0.0), "1970-01-01 00:00:00 Thu 001");
        assert_eq!(super::format_time("%Y-%m-%d %H:%M:%S %b", 1_709_251_199.0), "2024-02-29 23:59:59 Feb");
    }
}
