//! `open()` for real text files in the process's working directory, the hand-over of their
//! changes to the host (`report_file_changes`), the OSError family
//! CPython raises for I/O failures (`[Errno 2] No such file or directory: 'x.txt'`), and
//! `fetch(url)`, forkbook's stand-in for `requests.get`: a simulated network delay through
//! the host and a small fake page, so lessons about downloading run offline.

use std::rc::Rc;

use super::os::resolve;
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::{Host, LibraryWork};
use crate::python::interp::Interpreter;
use crate::python::object::{Args, File, FileMode, Key, Obj, has_changes, take_changes};

/// The OSError subclass and message CPython gives an I/O error on `name`.
pub fn io_error(e: &std::io::Error, name: &str) -> Exc {
    use std::io::ErrorKind;
    let (kind, errno, text) = match e.kind() {
        ErrorKind::NotFound => (ExcKind::FileNotFoundError, 2, "No such file or directory"),
        ErrorKind::PermissionDenied => (ExcKind::PermissionError, 13, "Permission denied"),
        ErrorKind::AlreadyExists => (ExcKind::FileExistsError, 17, "File exists"),
        ErrorKind::IsADirectory => (ExcKind::IsADirectoryError, 21, "Is a directory"),
        ErrorKind::NotADirectory => (ExcKind::NotADirectoryError, 20, "Not a directory"),
        _ => return Exc::new(ExcKind::OSError, e.to_string()),
    };
    Exc::with_args(kind, vec![Obj::Int(errno), Obj::str(text), Obj::str(name)])
}

/// Tells the host of every file change noted since the last report, in order.
#[inline]
pub fn report_file_changes(interp: &mut Interpreter, host: &mut dyn Host) {
    if has_changes() {
        report_pending(interp, host);
    }
}

#[inline(never)]
fn report_pending(interp: &mut Interpreter, host: &mut dyn Host) {
    for change in take_changes() {
        host.file_changed(interp, &change.name, &change.content);
    }
}

/// Drops the changes not yet reported: a forked child calls it, since its parent reports
/// the changes it made before the fork.
pub fn forget_file_changes() {
    take_changes();
}

/// `open(file, mode='r', encoding=None, ...)`.
pub fn open(interp: &mut Interpreter, host: &mut dyn Host, mut args: Args) -> Result<Obj, Exc> {
    for ignored in ["encoding", "errors", "newline", "buffering"] {
        args.take_kw(ignored);
    }
    let [file, mode] = args.bind("open", ["file", "mode"], 1)?;
    let name = match file {
        Some(Obj::Str(s)) => s,
        Some(other) => {
            return Err(Exc::type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                other.type_name()
            )));
        }
        None => return Err(Exc::type_error("open() missing required argument 'file' (pos 1)")),
    };
    let mode_text: Rc<str> = match mode {
        None => Rc::from("r"),
        Some(Obj::Str(m)) => m,
        Some(other) => {
            return Err(Exc::type_error(format!("open() argument 'mode' must be str, not {}", other.type_name())));
        }
    };
    let binary = mode_text.contains('b');
    let mode = match mode_text.replace(['t', 'b'], "").as_str() {
        "r" => FileMode::Read,
        "w" => FileMode::Write,
        "a" => FileMode::Append,
        other => return Err(Exc::value_error(format!("invalid mode: '{other}' (forkbook opens 'r', 'w' and 'a')"))),
    };
    let path = resolve(host, &name);
    let file = File::open(binary, name.clone(), &path, mode_text, mode).map_err(|e| io_error(&e, &name))?;
    host.library_work(LibraryWork::Open);
    report_file_changes(interp, host);
    Ok(Obj::File(Rc::new(std::cell::RefCell::new(file))))
}

/// `fetch(url)`: waits a network-like delay (0.1 to 0.5 s, fixed per URL and run seed)
/// and returns a fake HTML page naming the URL.
pub fn fetch(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let url = args.positional("fetch", 1, 1)?.remove(0);
    let Obj::Str(url) = url else {
        return Err(Exc::type_error(format!("fetch() needs a str URL, not {}", url.type_name())));
    };
    let mix = Key::Str(url.clone()).hash().unsigned_abs() ^ host.random_seed();
    let delay = 0.1 + (mix % 401) as f64 / 1000.0;
    host.sleep(interp, delay)?;
    Ok(Obj::from(format!(
        "<html><head><title>{url}</title></head><body><p>A page fetched by forkbook (no real network).</p></body></html>"
    )))
}

#[cfg(test)]
mod tests {
    use crate::python::test_host::run;

    fn changes(source: &str, before: Option<&str>) -> Vec<(String, String)> {
        let dir = tempfile::tempdir().expect("a temporary directory");
        if let Some(text) = before {
            std::fs::write(dir.path().join("db.txt"), text).expect("writes the file");
        }
        let (exit, host) = run("prog.py", source, dir.path().to_path_buf()).expect("parses");
        assert_eq!(exit.code, 0, "{:?} {}", exit.error, host.stderr);
        host.files
    }

    fn change(content: &str) -> (String, String) {
        ("db.txt".to_string(), content.to_string())
    }

    #[test]
    fn the_host_sees_json_dump_truncate_the_file_then_fill_it() {
        let seen = changes(
            "import json\njson.dump({'count': 0}, open('db.txt', 'w'))\nprint('done')\n",
            Some(r#"{"count": 1}"#),
        );
        assert_eq!(seen, [change(""), change(r#"{"count": 0}"#)]);
    }

    #[test]
    fn a_file_collected_by_the_last_statement_still_reaches_the_host() {
        let seen = changes("import json\njson.dump([1], open('db.txt', 'w'))\n", None);
        assert_eq!(seen, [change(""), change("[1]")]);
    }

    #[test]
    fn the_host_sees_a_with_block_write_reach_the_file_at_close_and_appends_grow_it() {
        let source = "with open('db.txt', 'w') as f:\n    f.write('a')\n    f.write('b')\nwith open('db.txt', 'a') as f:\n    f.write('c')\n    f.flush()\n    f.write('d')\nwith open('db.txt') as f:\n    f.read()\n";
        let seen = changes(source, None);
        assert_eq!(seen, [change(""), change("ab"), change("ab"), change("abc"), change("abcd")]);
    }

    #[test]
    fn a_change_is_read_through_the_open_file_so_it_is_seen_after_the_name_is_removed() {
        let source = "import os\nf = open('db.txt', 'w')\nos.remove('db.txt')\nf.write('kept')\nf.close()\n";
        assert_eq!(changes(source, Some("old")), [change(""), change("kept")]);
    }
}
