//! The probe's files for one run: a private temporary folder holding `sitecustomize.py`,
//! `forkbook_probe.py` and `forkbook_managers.py` (shipped inside the binary, in
//! `assets/probe/`), the FIFO the probe writes its events to, and the interpreter's stderr log. The folder goes when the run does.
//! Also which CPython versions the probe knows.

use std::fs::File;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

/// The CPython versions whose `multiprocessing` internals the probe wraps.
pub const SUPPORTED: [(u32, u32); 6] = [(3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13)];

const SITECUSTOMIZE: &str = include_str!("../../../assets/probe/sitecustomize.py");
const PROBE: &str = include_str!("../../../assets/probe/forkbook_probe.py");
const MANAGERS: &str = include_str!("../../../assets/probe/forkbook_managers.py");

/// The run's probe folder; removed on drop.
pub struct ProbeDir {
    path: PathBuf,
}

impl ProbeDir {
    /// A fresh private folder with the probe's two files and the FIFO.
    pub fn create() -> Result<ProbeDir> {
        remove_stale(&std::env::temp_dir());
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!("forkbook-watch-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path).with_context(|| format!("creating {}", path.display()))?;
        let dir = ProbeDir { path };
        std::fs::write(dir.path.join("sitecustomize.py"), SITECUSTOMIZE).context("writing the probe")?;
        std::fs::write(dir.path.join("forkbook_probe.py"), PROBE).context("writing the probe")?;
        std::fs::write(dir.path.join("forkbook_managers.py"), MANAGERS).context("writing the probe")?;
        nix::unistd::mkfifo(&dir.fifo_path(), Mode::S_IRUSR | Mode::S_IWUSR).context("creating the probe's FIFO")?;
        dir.hold(false)?;
        Ok(dir)
    }

    /// Holds every process of the program at its next line (`true`), or lets them all run:
    /// the default for new processes, and each process's own byte.
    pub fn hold(&self, held: bool) -> Result<()> {
        hold_all(&self.path, held)
    }
}

/// Removes the probe folders (and the folders `run --cpython` runs lessons in) that a
/// forkbook killed with SIGKILL left in `tmp`: those whose forkbook (the pid in the name) is
/// gone. Best effort: a folder that cannot be read or removed stays.
pub fn remove_stale(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let rest = name.strip_prefix("forkbook-watch-").or_else(|| {
            // forkbook-cpython-LESSON-PID-NANOS: the pid is the last field but one.
            name.strip_prefix("forkbook-cpython-").and_then(|r| r.rsplit('-').nth(1))
        });
        let pid = rest.and_then(|r| r.split('-').next()).and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The byte for processes with no byte of their own yet (`hold`), and each process's own.
pub fn hold_all(dir: &Path, held: bool) -> Result<()> {
    std::fs::write(dir.join("hold"), [u8::from(held)]).context("writing the hold byte")?;
    for entry in std::fs::read_dir(dir).context("reading the probe folder")?.flatten() {
        let name = entry.file_name();
        let pid = name.to_str().and_then(|n| n.strip_prefix("hold-")).and_then(|p| p.parse::<i32>().ok());
        if let Some(pid) = pid {
            hold_one(dir, pid, held)?;
        }
    }
    Ok(())
}

/// Holds (or frees) one process: the byte its line hook reads through a shared mapping. The
/// file is made whole and linked in if the process has not made it yet, then written in place.
pub fn hold_one(dir: &Path, pid: i32, held: bool) -> Result<()> {
    use std::os::unix::fs::FileExt;
    let path = dir.join(format!("hold-{pid}"));
    if !path.exists() {
        let tmp = dir.join(format!("hold-{pid}.v"));
        std::fs::write(&tmp, [u8::from(held)]).context("writing a hold byte")?;
        let _ = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
    }
    let file = std::fs::OpenOptions::new().write(true).open(&path).context("opening a hold byte")?;
    file.write_all_at(&[u8::from(held)], 0).context("writing a hold byte")
}

/// Whether process `pid` is held: its own byte, or the run's default while it has none.
pub fn is_held(dir: &Path, pid: i32) -> bool {
    let own = std::fs::read(dir.join(format!("hold-{pid}")));
    let byte = own.or_else(|_| std::fs::read(dir.join("hold")));
    byte.is_ok_and(|b| b.first().is_some_and(|&b| b != 0))
}

/// Lets the process `pid`, waiting at its gate, run one line: a byte on its gate FIFO.
/// False when it has no gate (it never waited at one).
pub fn grant(dir: &Path, pid: i32) -> bool {
    use std::io::Write;
    let path = dir.join(format!("gate-{pid}"));
    let opened = open(&path, OFlag::O_WRONLY | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC, Mode::empty());
    opened.is_ok_and(|fd| File::from(fd).write_all(&[1]).is_ok())
}

impl ProbeDir {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn fifo_path(&self) -> PathBuf {
        self.path.join("events.fifo")
    }

    /// The FIFO's reading end, opened without waiting for a writer.
    pub fn open_fifo(&self) -> Result<File> {
        let fd: OwnedFd =
            open(&self.fifo_path(), OFlag::O_RDONLY | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC, Mode::empty())
                .context("opening the probe's FIFO")?;
        Ok(File::from(fd))
    }
}

impl Drop for ProbeDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The interpreter's version, `(3, 11)`, asked of it; a clear error when it cannot be run,
/// or is not CPython (the probe wraps CPython's own `multiprocessing` internals).
pub fn python_version(python: &Path) -> Result<(u32, u32)> {
    // Written so that any Python, 2.7 included, can answer it.
    let ask = "import platform, sys; sys.stdout.write('%s %d.%d' % ((platform.python_implementation(),) + \
               tuple(sys.version_info[:2])))";
    let out = Command::new(python).args(["-c", ask]).output().with_context(|| {
        format!("cannot run {} (is Python installed? choose one with --python PATH)", python.display())
    })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let (implementation, version) = text.trim().split_once(' ').unwrap_or(("", text.trim()));
    let parsed = version.split_once('.').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
    match parsed {
        Some((major, minor)) if out.status.success() && implementation == "CPython" => Ok((major, minor)),
        Some((major, minor)) if out.status.success() => bail!(
            "{} is {implementation} {major}.{minor}, not CPython; forkbook's probe knows CPython {} only \
             (choose one with --python PATH)",
            python.display(),
            supported_range()
        ),
        _ => bail!("{} did not say which Python it is: {}", python.display(), text.trim()),
    }
}

/// The versions the probe knows, as people say them: `3.8 to 3.13`.
pub fn supported_range() -> String {
    let (first, last) = (SUPPORTED[0], SUPPORTED[SUPPORTED.len() - 1]);
    format!("{}.{} to {}.{}", first.0, first.1, last.0, last.1)
}

/// Whether `python` is a CPython the probe knows: its version, or one line saying which
/// Python it is and which the probe knows (a version it does not know would be drawn wrong).
pub fn check_python(python: &Path) -> Result<(u32, u32)> {
    let (major, minor) = python_version(python)?;
    if !SUPPORTED.contains(&(major, minor)) {
        bail!(
            "{} is Python {major}.{minor}; forkbook's probe knows CPython {} and would draw a wrong picture of \
             another version (choose one with --python PATH)",
            python.display(),
            supported_range()
        );
    }
    Ok((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_folder_holds_its_files_and_goes_away() {
        let dir = ProbeDir::create().expect("a probe folder");
        let path = dir.path().to_path_buf();
        for file in ["sitecustomize.py", "forkbook_probe.py", "forkbook_managers.py"] {
            assert!(path.join(file).is_file(), "{file}");
        }
        assert!(dir.open_fifo().is_ok());
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn folders_of_a_killed_forkbook_are_removed_and_a_live_ones_stay() {
        let tmp = tempfile::tempdir().expect("a folder");
        let me = std::process::id();
        // No process has pid 0x7ffffffe: its folders are stale.
        let dead = 0x7fff_fffe_u32;
        let names = [
            format!("forkbook-watch-{dead}-1"),
            format!("forkbook-cpython-lock-{dead}-2"),
            format!("forkbook-watch-{me}-3"),
            format!("forkbook-cpython-lock-{me}-4"),
            "forkbook-watch-notapid".to_string(),
        ];
        for name in &names {
            std::fs::create_dir(tmp.path().join(name)).expect("a folder");
        }
        remove_stale(tmp.path());
        let left: Vec<bool> = names.iter().map(|n| tmp.path().join(n).exists()).collect();
        assert_eq!(left, [false, false, true, true, true]);
    }

    #[test]
    fn a_missing_interpreter_is_a_clear_error() {
        let err = python_version(Path::new("/nonexistent/python3")).expect_err("no such interpreter");
        assert!(format!("{err:#}").contains("cannot run /nonexistent/python3"), "{err:#}");
    }
}
