//! `sys`: `argv` from the host, `exit` (a `SystemExit`, as in CPython), `stdout`/`stderr`
//! (whose writes go to the host like `print`'s), and a few facts about the interpreter.

use super::make_module;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::{Host, Stream};
use crate::python::interp::Interpreter;
use crate::python::object::{Args, NativeFn, Obj};

pub fn module(host: &mut dyn Host) -> Obj {
    let stream = |name, write, flush| {
        make_module(name, &[("write", write), ("flush", flush), ("reconfigure", reconfigure)], Vec::new())
    };
    let stdout = stream("<stdout>", write_stdout as NativeFn, flush_stdout as NativeFn);
    let stderr = stream("<stderr>", write_stderr as NativeFn, flush_stderr as NativeFn);
    let argv = Obj::list(host.argv().into_iter().map(Obj::from).collect());
    make_module(
        "sys",
        &[
            ("exit", exit),
            ("getrecursionlimit", recursion_limit),
            ("setrecursionlimit", set_recursion_limit),
            ("exc_info", exc_info),
        ],
        vec![
            ("argv", argv),
            ("stdout", stdout.clone()),
            ("stderr", stderr.clone()),
            ("__stdout__", stdout),
            ("__stderr__", stderr),
            ("platform", Obj::str("linux")),
            ("byteorder", Obj::str("little")),
            ("maxsize", Obj::Int(i64::MAX)),
            ("version", Obj::str("3.11.7 (forkbook)")),
            ("version_info", Obj::tuple(vec![Obj::Int(3), Obj::Int(11), Obj::Int(7), Obj::str("final"), Obj::Int(0)])),
            ("executable", Obj::str("python3")),
            ("path", Obj::list(Vec::new())),
        ],
    )
}

fn exit(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("exit", 0, 1)?;
    Err(Exc::with_args(ExcKind::SystemExit, pos))
}

fn write_to(interp: &mut Interpreter, host: &mut dyn Host, args: Args, stream: Stream) -> Result<Obj, Exc> {
    let text = match args.positional("write", 1, 1)?.remove(0) {
        Obj::Str(s) => s,
        other => return Err(Exc::type_error(format!("write() argument must be str, not {}", other.type_name()))),
    };
    host.write(interp, stream, &text)?;
    Ok(Obj::Int(text.chars().count() as i64))
}

fn write_stdout(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    write_to(interp, host, args, Stream::Stdout)
}

fn write_stderr(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    write_to(interp, host, args, Stream::Stderr)
}

fn flush_stdout(interp: &mut Interpreter, host: &mut dyn Host, _: Args) -> Result<Obj, Exc> {
    host.flush(interp, Stream::Stdout)?;
    Ok(Obj::None)
}

fn flush_stderr(interp: &mut Interpreter, host: &mut dyn Host, _: Args) -> Result<Obj, Exc> {
    host.flush(interp, Stream::Stderr)?;
    Ok(Obj::None)
}

/// `reconfigure(line_buffering=True)` and the rest: accepted with CPython's checks and
/// otherwise nothing, since a lesson's output is shown line by line whatever its buffering
/// (a program that makes its pipe line-buffered for a reader runs unchanged).
fn reconfigure(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    if !args.pos.is_empty() {
        return Err(Exc::type_error("reconfigure() takes no positional arguments"));
    }
    const KNOWN: [&str; 5] = ["encoding", "errors", "newline", "line_buffering", "write_through"];
    if let Some((name, _)) = args.kw.iter().find(|(name, _)| !KNOWN.contains(&&**name)) {
        return Err(Exc::type_error(format!("'{name}' is an invalid keyword argument for reconfigure()")));
    }
    Ok(Obj::None)
}

fn recursion_limit(_: &mut Interpreter, _: &mut dyn Host, _: Args) -> Result<Obj, Exc> {
    Ok(Obj::Int(i64::from(crate::python::interp::RECURSION_LIMIT)))
}

fn set_recursion_limit(_: &mut Interpreter, _: &mut dyn Host, _: Args) -> Result<Obj, Exc> {
    Ok(Obj::None)
}

fn exc_info(interp: &mut Interpreter, _: &mut dyn Host, _: Args) -> Result<Obj, Exc> {
    let Some(mut current) = interp.handling.last().cloned() else {
        return Ok(Obj::tuple(vec![Obj::None, Obj::None, Obj::None]));
    };
    let obj = interp.exc_object(&mut current);
    let class = match &obj {
        Obj::Instance(instance) => Obj::Class(instance.class.clone()),
        _ => Obj::None,
    };
    Ok(Obj::tuple(vec![class, obj, Obj::None]))
}
