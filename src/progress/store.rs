//! Where progress lives on disk: `progress.toml` (a format version and the `Progress` tables)
//! beside a `progress.lock` file. Every save takes an exclusive lock on `progress.lock`,
//! re-reads the file, applies the change and renames a fsynced temp file over it, so two
//! forkbook instances never lose each other's records. A file that cannot be read is never
//! overwritten: it is kept aside as `progress.toml.corrupt-<unix time>` and reported.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};
use serde::{Deserialize, Serialize};

use super::{LessonProgress, Progress};

/// The version written to and expected in `progress.toml`.
pub const FORMAT_VERSION: i64 = 1;
/// The progress file's name in its directory.
pub const FILE_NAME: &str = "progress.toml";
/// The lock file's name, beside the progress file.
const LOCK_NAME: &str = "progress.lock";

/// A problem with the progress file that did not stop forkbook: shown to the student, who keeps
/// working with empty progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning(pub String);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The progress file of one student.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    path: PathBuf,
}

/// The file's layout: the version first, then the lessons.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    version: i64,
    #[serde(default)]
    lessons: std::collections::BTreeMap<String, LessonProgress>,
}

/// What reading the file found.
enum Read {
    Missing,
    Parsed(Progress),
    /// Present but not usable; says what is wrong.
    Bad(String),
}

impl Store {
    /// The student's progress file: `$FORKBOOK_HOME/progress.toml`, else
    /// `$XDG_DATA_HOME/forkbook/progress.toml`, else `$HOME/.local/share/forkbook/progress.toml`.
    pub fn open_default() -> Store {
        Store::at(default_path(|name| std::env::var_os(name)))
    }

    /// The progress file at `path`.
    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    /// The progress file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the progress. A missing file is empty progress; a file that cannot be read or
    /// parsed is empty progress and a warning, and the file is kept aside so nothing is lost.
    pub fn load(&self) -> (Progress, Option<Warning>) {
        match read(&self.path) {
            Read::Missing => (Progress::default(), None),
            Read::Parsed(progress) => (progress, None),
            Read::Bad(_) => {
                // Under the lock (when we can take it) another instance is not half-way through
                // setting the same file aside; it may have replaced it already, so read again.
                let _lock = self.lock().ok();
                match read(&self.path) {
                    Read::Missing => (Progress::default(), None),
                    Read::Parsed(progress) => (progress, None),
                    Read::Bad(what) => {
                        let warning = match self.keep_aside() {
                            Ok(kept) => format!(
                                "{}: {what}; it was kept as {} and your progress starts afresh",
                                self.path.display(),
                                kept.display()
                            ),
                            Err(e) => format!("{}: {what}; {e}; progress will not be saved", self.path.display()),
                        };
                        (Progress::default(), Some(Warning(warning)))
                    }
                }
            }
        }
    }

    /// Changes the progress on disk: under an exclusive lock, re-reads the file, applies `f`
    /// and replaces the file atomically. An unreadable file is kept aside first (and `f` starts
    /// from empty progress). Errors say which file and what went wrong.
    pub fn update(&self, f: impl FnOnce(&mut Progress)) -> Result<(), String> {
        let cannot = |what: String| format!("cannot save progress to {}: {what}", self.path.display());
        if let Some(dir) = self.dir() {
            fs::create_dir_all(dir).map_err(|e| cannot(format!("cannot create {}: {e}", dir.display())))?;
        }
        let _lock = self.lock().map_err(cannot)?;
        let mut progress = match read(&self.path) {
            Read::Missing => Progress::default(),
            Read::Parsed(progress) => progress,
            Read::Bad(what) => {
                self.keep_aside().map_err(|e| cannot(format!("{what}; {e}")))?;
                Progress::default()
            }
        };
        f(&mut progress);
        self.write(&progress).map_err(cannot)
    }

    /// The student's edited programs, in a folder beside the progress file.
    pub fn programs(&self) -> super::Programs {
        super::Programs::at(self.sibling(super::programs::DIR_NAME))
    }

    /// Removes the progress file; `Ok(false)` when there was none.
    pub fn reset(&self) -> Result<bool, String> {
        let _lock = self.lock().ok();
        let gone = |e: &std::io::Error| matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory);
        let file = match fs::remove_file(&self.path) {
            Ok(()) => true,
            Err(e) if gone(&e) => false,
            Err(e) => return Err(format!("cannot remove {}: {e}", self.path.display())),
        };
        // The student's edited programs are part of their progress too.
        let programs = self.sibling(super::programs::DIR_NAME);
        let copies = match fs::remove_dir_all(&programs) {
            Ok(()) => true,
            Err(e) if gone(&e) => false,
            Err(e) => return Err(format!("cannot remove {}: {e}", programs.display())),
        };
        Ok(file || copies)
    }

    fn dir(&self) -> Option<&Path> {
        self.path.parent().filter(|d| !d.as_os_str().is_empty())
    }

    fn sibling(&self, name: &str) -> PathBuf {
        self.dir().map_or_else(|| PathBuf::from(name), |d| d.join(name))
    }

    fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| FILE_NAME.to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// Takes the exclusive advisory lock; it is released when the returned value is dropped.
    fn lock(&self) -> Result<Flock<File>, String> {
        let path = self.sibling(LOCK_NAME);
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot open the lock file {}: {e}", path.display()))?;
        loop {
            match Flock::lock(file, FlockArg::LockExclusive) {
                Ok(lock) => return Ok(lock),
                Err((f, Errno::EINTR)) => file = f,
                Err((_, e)) => return Err(format!("cannot lock {}: {e}", path.display())),
            }
        }
    }

    /// Renames the file to `progress.toml.corrupt-<unix time>` (with `-2`, `-3`, … when that
    /// name is taken) and returns the new path.
    fn keep_aside(&self) -> Result<PathBuf, String> {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let base = format!("{}.corrupt-{secs}", self.file_name());
        let mut kept = self.sibling(&base);
        let mut n = 2;
        while kept.symlink_metadata().is_ok() {
            kept = self.sibling(&format!("{base}-{n}"));
            n += 1;
        }
        fs::rename(&self.path, &kept).map_err(|e| format!("it could not be kept aside as {}: {e}", kept.display()))?;
        Ok(kept)
    }

    /// Writes a temp file in the same directory, fsyncs it and renames it over the file.
    fn write(&self, progress: &Progress) -> Result<(), String> {
        let file = FileV1 { version: FORMAT_VERSION, lessons: progress.lessons.clone() };
        let text = toml::to_string(&file).map_err(|e| format!("cannot encode the progress: {e}"))?;
        let tmp = self.sibling(&format!("{}.tmp", self.file_name()));
        let written = File::create(&tmp)
            .and_then(|mut f| {
                f.write_all(text.as_bytes())?;
                f.sync_all()
            })
            .and_then(|()| fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(format!("cannot write {}: {e}", tmp.display()));
        }
        // Make the rename itself durable; a failure here loses nothing already written.
        if let Some(dir) = self.dir() {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

/// The default progress path, from environment variables read through `var`.
fn default_path(var: impl Fn(&str) -> Option<OsString>) -> PathBuf {
    let set = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(home) = set("FORKBOOK_HOME") {
        return home.join(FILE_NAME);
    }
    // The XDG spec says relative paths are to be ignored.
    let data = set("XDG_DATA_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| set("HOME").map(|h| h.join(".local").join("share")))
        .unwrap_or_else(std::env::temp_dir);
    data.join("forkbook").join(FILE_NAME)
}

fn read(path: &Path) -> Read {
    match fs::read(path) {
        // A path through a plain file (`a-file/forkbook/progress.toml`) holds no progress either.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Read::Missing,
        Err(e) => Read::Bad(format!("cannot be read: {e}")),
        Ok(bytes) => parse(&bytes).map_or_else(Read::Bad, Read::Parsed),
    }
}

/// Parses the file's bytes; the error says what is wrong, and where.
fn parse(bytes: &[u8]) -> Result<Progress, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("is not UTF-8 text (bad byte at offset {})", e.valid_up_to()))?;
    let table: toml::Table = toml::from_str(text).map_err(|e| format!("is not valid TOML ({})", located(text, &e)))?;
    match table.get("version") {
        Some(toml::Value::Integer(FORMAT_VERSION)) => {}
        Some(toml::Value::Integer(v)) => {
            return Err(format!("has format version {v}, and this forkbook reads version {FORMAT_VERSION}"));
        }
        Some(other) => return Err(format!("has version '{other}', which is not a number")),
        None => return Err("has no 'version'".to_string()),
    }
    let file: FileV1 = toml::from_str(text).map_err(|e| format!("has a wrong entry ({})", located(text, &e)))?;
    Ok(Progress { lessons: file.lessons })
}

/// `line L:C: message` for a TOML error.
fn located(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end();
    let Some(span) = e.span() else { return message.to_string() };
    let before = text.get(..span.start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}:{col}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn forkbook_home_wins_over_xdg_data_home_and_home() {
        let vars = [("FORKBOOK_HOME", "/fb"), ("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/s")];
        assert_eq!(default_path(env(&vars)), PathBuf::from("/fb/progress.toml"));
    }

    #[test]
    fn xdg_data_home_is_used_when_absolute_and_home_otherwise() {
        let xdg = [("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/s")];
        assert_eq!(default_path(env(&xdg)), PathBuf::from("/xdg/forkbook/progress.toml"));
        let relative = [("FORKBOOK_HOME", ""), ("XDG_DATA_HOME", "rel"), ("HOME", "/home/s")];
        assert_eq!(default_path(env(&relative)), PathBuf::from("/home/s/.local/share/forkbook/progress.toml"));
    }

    #[test]
    fn a_wrong_type_is_reported_with_its_line() {
        let err = parse(b"version = 1\n[lessons.lock]\nfinished_runs = \"many\"\n").expect_err("a string is no count");
        assert!(err.contains("line 3") && err.contains("wrong entry"), "{err}");
    }

    #[test]
    fn a_newer_format_version_is_not_read() {
        let err = parse(b"version = 2\n").expect_err("version 2 is unknown");
        assert!(err.contains("format version 2"), "{err}");
        let err = parse(b"[lessons.lock]\nopened = true\n").expect_err("the version is required");
        assert!(err.contains("no 'version'"), "{err}");
    }

    #[test]
    fn the_file_is_small_readable_toml_with_the_version_first() {
        let mut p = Progress::default();
        p.record_run("lock");
        p.record_answer("lock", "sold", "5", true);
        p.record_task("lock", "oversell");
        let text =
            toml::to_string(&FileV1 { version: FORMAT_VERSION, lessons: p.lessons.clone() }).expect("progress encodes");
        assert!(text.starts_with("version = 1\n"), "{text}");
        assert!(text.contains("[lessons.lock.questions.sold]") && text.contains("prediction = \"5\""), "{text}");
        assert!(text.contains("[lessons.lock.tasks.oversell]\ndone = true"), "{text}");
        assert_eq!(parse(text.as_bytes()), Ok(p));
    }
}
