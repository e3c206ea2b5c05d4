//! Watching lesson files for saves (inotify through the `notify` crate), for the TUI's hot
//! reload and `forkbook check --watch`. Folders are watched rather than files, so that an
//! editor that saves by writing a new file and renaming it over the old one is seen too; the
//! burst of events one save makes is gathered until the files are quiet for `QUIET`, and comes
//! out as one change: the lesson files it touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

/// How long the files must be quiet after an event before the change is told: one save is
/// several events (truncate, write, close; or write a new file, rename), this gathers them.
pub const QUIET: Duration = Duration::from_millis(60);

/// What to watch in one folder: one file, or every lesson file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Interest {
    dir: PathBuf,
    file: Option<std::ffi::OsString>,
}

impl Interest {
    fn of(path: &Path) -> Interest {
        if path.is_dir() {
            return Interest { dir: resolved(path), file: None };
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Interest { dir: resolved(dir), file: path.file_name().map(ToOwned::to_owned) }
    }

    fn wants(&self, path: &Path) -> bool {
        let Some(dir) = path.parent() else { return false };
        if resolved(dir) != self.dir {
            return false;
        }
        match &self.file {
            Some(name) => path.file_name() == Some(name.as_os_str()),
            None => path.extension().is_some_and(|x| x == "toml" || x == "py"),
        }
    }
}

fn resolved(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// A running watch; dropping it stops watching.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    changes: Receiver<Vec<PathBuf>>,
}

impl Watch {
    /// Watches these lesson files and folders (every `.toml` and `.py` file in a folder).
    pub fn start(paths: &[PathBuf]) -> Result<Watch> {
        let interests: BTreeSet<Interest> = paths.iter().map(|p| Interest::of(p)).collect();
        let (raw_tx, raw_rx) = channel();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res
                && !matches!(ev.kind, EventKind::Access(_))
            {
                let _ = raw_tx.send(ev.paths);
            }
        })
        .context("cannot watch files for changes")?;
        let dirs: BTreeSet<&PathBuf> = interests.iter().map(|i| &i.dir).collect();
        for dir in dirs {
            watcher
                .watch(dir, RecursiveMode::NonRecursive)
                .with_context(|| format!("cannot watch {} for changes", dir.display()))?;
        }
        let (tx, changes) = channel();
        let interests: Vec<Interest> = interests.into_iter().collect();
        thread::spawn(move || gather(&raw_rx, &tx, &interests));
        Ok(Watch { _watcher: watcher, changes })
    }

    /// The changes, as they come (blocks between them; ends when the watch does).
    pub fn changes(&self) -> impl Iterator<Item = Vec<PathBuf>> + '_ {
        self.changes.iter()
    }

    /// The next change, if one comes within `timeout`.
    pub fn next_within(&self, timeout: Duration) -> Option<Vec<PathBuf>> {
        self.changes.recv_timeout(timeout).ok()
    }

    /// Sends each change, made into a message by `msg`, until the receiver is gone; the watch
    /// lives in the thread that does it.
    pub fn forward<M: Send + 'static>(self, tx: Sender<M>, msg: impl Fn(Vec<PathBuf>) -> M + Send + 'static) {
        thread::spawn(move || {
            for change in self.changes() {
                if tx.send(msg(change)).is_err() {
                    return;
                }
            }
        });
    }
}

/// Gathers the events of one save (until `QUIET` passes without one) into one change of the
/// wanted files, in name order; events of other files are dropped.
fn gather(raw: &Receiver<Vec<PathBuf>>, out: &Sender<Vec<PathBuf>>, interests: &[Interest]) {
    let wanted = |p: &PathBuf| interests.iter().any(|i| i.wants(p));
    while let Ok(first) = raw.recv() {
        let mut touched: BTreeSet<PathBuf> = first.into_iter().filter(wanted).collect();
        loop {
            match raw.recv_timeout(QUIET) {
                Ok(more) => touched.extend(more.into_iter().filter(wanted)),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if !touched.is_empty() && out.send(touched.into_iter().collect()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Duration = Duration::from_secs(5);

    #[test]
    fn a_save_of_a_watched_file_comes_out_as_one_change_and_other_files_are_ignored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "one").expect("write");
        let watch = Watch::start(std::slice::from_ref(&file)).expect("watch");
        std::fs::write(dir.path().join("other.toml"), "x").expect("write");
        std::fs::write(&file, "two").expect("write");
        let change = watch.next_within(WAIT).expect("a change within 5 s");
        assert_eq!(change.len(), 1, "{change:?}");
        assert_eq!(change[0].file_name(), file.file_name());
        // A save by rename (as vim does) is seen too.
        let tmp = dir.path().join("a.toml.swp");
        std::fs::write(&tmp, "three").expect("write");
        std::fs::rename(&tmp, &file).expect("rename");
        let change = watch.next_within(WAIT).expect("a change within 5 s");
        assert_eq!(change[0].file_name(), file.file_name());
    }

    #[test]
    fn a_watched_folder_reports_its_lesson_files_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let watch = Watch::start(&[dir.path().to_path_buf()]).expect("watch");
        std::fs::write(dir.path().join("notes.txt"), "x").expect("write");
        std::fs::write(dir.path().join("new.toml"), "x").expect("write");
        let change = watch.next_within(WAIT).expect("a change within 5 s");
        let names: Vec<_> = change.iter().filter_map(|p| p.file_name()).collect();
        assert_eq!(names, ["new.toml"]);
    }
}
