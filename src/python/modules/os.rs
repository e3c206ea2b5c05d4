//! `os` and `os.path`: process ids and the environment from the host, and the file
//! operations lessons use (`exists`, `remove`, `listdir`…), resolved against the process's
//! working directory, which the host owns.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::{files::io_error, make_module};
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::{Args, Key, Obj, Table};

pub fn module(host: &mut dyn Host) -> Obj {
    let mut environ = Table::new();
    for (key, value) in host.environ() {
        let key: Rc<str> = Rc::from(key);
        environ.insert(Key::Str(key.clone()), Obj::Str(key), Obj::from(value));
    }
    let path = make_module(
        "posixpath",
        &[
            ("exists", exists),
            ("isfile", isfile),
            ("isdir", isdir),
            ("getsize", getsize),
            ("join", join),
            ("basename", basename),
            ("dirname", dirname),
            ("abspath", abspath),
            ("splitext", splitext),
            ("split", split),
        ],
        vec![("sep", Obj::str("/"))],
    );
    make_module(
        "os",
        &[
            ("getpid", getpid),
            ("getppid", getppid),
            ("getcwd", getcwd),
            ("getenv", getenv),
            ("remove", remove),
            ("unlink", remove),
            ("listdir", listdir),
            ("mkdir", mkdir),
            ("makedirs", makedirs),
            ("rename", rename),
            ("cpu_count", cpu_count),
            ("_exit", exit_now),
        ],
        vec![
            ("environ", Obj::dict(environ)),
            ("path", path),
            ("sep", Obj::str("/")),
            ("linesep", Obj::str("\n")),
            ("name", Obj::str("posix")),
        ],
    )
}

fn getpid(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("getpid", 0, 0)?;
    Ok(Obj::Int(host.pid()))
}

fn getppid(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("getppid", 0, 0)?;
    Ok(Obj::Int(host.ppid()))
}

fn getcwd(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("getcwd", 0, 0)?;
    Ok(Obj::from(host.cwd().to_string_lossy().into_owned()))
}

fn getenv(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("getenv", 1, 2)?;
    let key = text(&pos[0], "getenv")?;
    let found = host.environ().into_iter().find(|(k, _)| *k == *key).map(|(_, v)| Obj::from(v));
    Ok(found.unwrap_or_else(|| pos.get(1).cloned().unwrap_or(Obj::None)))
}

fn cpu_count(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("cpu_count", 0, 0)?;
    Ok(Obj::Int(std::thread::available_parallelism().map_or(1, |n| n.get() as i64)))
}

fn exit_now(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let code = args.positional("_exit", 1, 1)?[0].as_int().unwrap_or(0);
    Err(Exc::exit(i32::try_from(code).unwrap_or(1)))
}

fn text(obj: &Obj, fname: &str) -> Result<Rc<str>, Exc> {
    match obj {
        Obj::Str(s) => Ok(s.clone()),
        other => Err(Exc::type_error(format!(
            "{fname}: path should be string, bytes or os.PathLike, not {}",
            other.type_name()
        ))),
    }
}

/// A path argument, joined to the process's working directory.
pub fn resolve(host: &mut dyn Host, name: &str) -> PathBuf {
    let path = Path::new(name);
    if path.is_absolute() { path.to_path_buf() } else { host.cwd().join(path) }
}

fn path_arg(host: &mut dyn Host, args: Args, fname: &str) -> Result<(Rc<str>, PathBuf), Exc> {
    let name = text(&args.positional(fname, 1, 1)?[0], fname)?;
    let path = resolve(host, &name);
    Ok((name, path))
}

fn exists(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (_, path) = path_arg(host, args, "exists")?;
    Ok(Obj::Bool(path.exists()))
}

fn isfile(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (_, path) = path_arg(host, args, "isfile")?;
    Ok(Obj::Bool(path.is_file()))
}

fn isdir(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (_, path) = path_arg(host, args, "isdir")?;
    Ok(Obj::Bool(path.is_dir()))
}

fn getsize(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (name, path) = path_arg(host, args, "getsize")?;
    let meta = std::fs::metadata(&path).map_err(|e| io_error(&e, &name))?;
    Ok(Obj::Int(meta.len() as i64))
}

fn remove(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (name, path) = path_arg(host, args, "remove")?;
    std::fs::remove_file(&path).map_err(|e| io_error(&e, &name))?;
    Ok(Obj::None)
}

fn listdir(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("listdir", 0, 1)?;
    let name = match pos.first() {
        Some(p) => text(p, "listdir")?,
        None => Rc::from("."),
    };
    let path = resolve(host, &name);
    let entries = std::fs::read_dir(&path).map_err(|e| io_error(&e, &name))?;
    let mut names: Vec<String> =
        entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    Ok(Obj::list(names.into_iter().map(Obj::from).collect()))
}

fn mkdir(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (name, path) = path_arg(host, args, "mkdir")?;
    std::fs::create_dir(&path).map_err(|e| io_error(&e, &name))?;
    Ok(Obj::None)
}

fn makedirs(_: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    let exist_ok = args.take_kw("exist_ok").is_some_and(|o| o.as_int().unwrap_or(0) != 0);
    let (name, path) = path_arg(host, args, "makedirs")?;
    if path.is_dir() && !exist_ok {
        return Err(io_error(&std::io::Error::from(std::io::ErrorKind::AlreadyExists), &name));
    }
    std::fs::create_dir_all(&path).map_err(|e| io_error(&e, &name))?;
    Ok(Obj::None)
}

fn rename(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("rename", 2, 2)?;
    let (from, to) = (text(&pos[0], "rename")?, text(&pos[1], "rename")?);
    std::fs::rename(resolve(host, &from), resolve(host, &to)).map_err(|e| io_error(&e, &from))?;
    Ok(Obj::None)
}

fn join(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("join", 1, usize::MAX)?;
    let mut out = String::new();
    for part in &pos {
        let part = text(part, "join")?;
        if part.starts_with('/') {
            out = part.to_string();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(&part);
        } else {
            out.push('/');
            out.push_str(&part);
        }
    }
    Ok(Obj::from(out))
}

fn split_at_slash(name: &str) -> (&str, &str) {
    match name.rfind('/') {
        Some(at) => {
            let head = &name[..at + 1];
            let trimmed = head.trim_end_matches('/');
            (if trimmed.is_empty() { head } else { trimmed }, &name[at + 1..])
        }
        None => ("", name),
    }
}

fn basename(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let name = text(&args.positional("basename", 1, 1)?[0], "basename")?;
    Ok(Obj::from(split_at_slash(&name).1))
}

fn dirname(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let name = text(&args.positional("dirname", 1, 1)?[0], "dirname")?;
    Ok(Obj::from(split_at_slash(&name).0))
}

fn split(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let name = text(&args.positional("split", 1, 1)?[0], "split")?;
    let (head, tail) = split_at_slash(&name);
    Ok(Obj::tuple(vec![Obj::from(head), Obj::from(tail)]))
}

fn splitext(_: &mut Interpreter, _: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let name = text(&args.positional("splitext", 1, 1)?[0], "splitext")?;
    let (_, tail) = split_at_slash(&name);
    let dot = tail.rfind('.').filter(|&at| tail[..at].chars().any(|c| c != '.'));
    Ok(match dot {
        Some(at) => {
            let cut = name.len() - tail.len() + at;
            Obj::tuple(vec![Obj::from(&name[..cut]), Obj::from(&name[cut..])])
        }
        None => Obj::tuple(vec![Obj::Str(name.clone()), Obj::str("")]),
    })
}

fn abspath(_: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let (_, path) = path_arg(host, args, "abspath")?;
    Ok(Obj::from(path.to_string_lossy().into_owned()))
}
