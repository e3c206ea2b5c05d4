//! Lesson folders: an instructor's own lessons, one chapter per folder (`--lessons DIR`,
//! `FORKBOOK_LESSONS`), after the built-in chapters. Here are the files of a folder, the
//! folders named on the command line and in the environment, and the rule that a lesson id is
//! unique across the built-in lessons and every file: a second use is reported at the id, in
//! `file:line:col`, naming the file that has it already.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::diagnostic::LineIndex;
use super::raw::RawLesson;
use super::{Diagnostic, Diagnostics, Lesson, Pos, builtin};

/// The environment variable that lists lesson folders, separated by `:`.
pub const ENV: &str = "FORKBOOK_LESSONS";

/// The folder of a lesson file, absolute and with links resolved when it exists, so that the
/// same folder named two ways keys the same progress.
pub fn folder_of(path: &Path) -> PathBuf {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    absolute(&parent)
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// The lesson folders to show: those of `--lessons` in order, then those of `FORKBOOK_LESSONS`
/// (empty entries skipped, a folder named twice kept once).
pub fn named(cli: &[PathBuf]) -> Vec<PathBuf> {
    let from_env = std::env::var_os(ENV).map(|v| std::env::split_paths(&v).collect::<Vec<_>>()).unwrap_or_default();
    let mut seen = Vec::new();
    let mut folders = Vec::new();
    for dir in cli.iter().chain(&from_env).filter(|d| !d.as_os_str().is_empty()) {
        let key = absolute(dir);
        if !seen.contains(&key) {
            seen.push(key);
            folders.push(dir.clone());
        }
    }
    folders
}

/// The lesson files of a folder: every `*.toml` but hidden ones, sorted by name.
pub fn lesson_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::without_position(&name, format!("cannot read the lesson folder: {e}"), None))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Paths as given to `check`, `verify` or `run`: a folder stands for its lesson files.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Diagnostics) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.is_dir() {
            match lesson_files(p) {
                Ok(found) => files.extend(found),
                Err(d) => problems.push(d),
            }
        } else {
            files.push(p.clone());
        }
    }
    (files, problems)
}

/// The lessons of the named folders, each folder a chapter in the order named, its lessons in
/// their (chapter, order, id) order; with every problem found: files that do not load, ids
/// used twice, folders that cannot be read. The good lessons are kept.
pub fn load(folders: &[PathBuf]) -> (Vec<Lesson>, Diagnostics) {
    let mut ids = Ids::with_builtins();
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    for dir in folders {
        let files = match lesson_files(dir) {
            Ok(files) => files,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let mut chapter = Vec::new();
        for file in files {
            match super::load(&file) {
                Ok(lesson) => match ids.take(&lesson) {
                    Ok(Taken::New) => chapter.push(lesson),
                    Ok(Taken::IsBuiltin) => {}
                    Err(d) => problems.push(d),
                },
                Err(diags) => problems.extend(diags),
            }
        }
        chapter.sort_by(|a, b| (a.chapter, a.order, &a.id).cmp(&(b.chapter, b.order, &b.id)));
        lessons.extend(chapter);
    }
    (lessons, problems)
}

/// What taking a lesson's id found.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// The id was free: it is this lesson's now.
    New,
    /// The file is the source of the built-in lesson of that id (forkbook's own `lessons/`
    /// folder): the same lesson, not a second one.
    IsBuiltin,
}

/// The lesson ids taken so far, each with where it is written (file and position).
#[derive(Debug, Default)]
pub struct Ids {
    taken: BTreeMap<String, (String, Pos)>,
}

impl Ids {
    /// The ids of the built-in lessons, taken.
    pub fn with_builtins() -> Ids {
        let mut ids = Ids::default();
        for (id, src) in builtin::all() {
            let file = format!("builtin:{id}");
            ids.taken.insert((*id).to_string(), (file, id_pos(src)));
        }
        ids
    }

    /// Takes `lesson`'s id; an id taken already is a problem at this lesson's id naming the
    /// file that has it. A plain `.py` program takes none: its id is only its file name.
    pub fn take(&mut self, lesson: &Lesson) -> Result<Taken, Diagnostic> {
        if is_builtin_source(lesson) {
            return Ok(Taken::IsBuiltin);
        }
        if super::program::is_python(&lesson.source_name) {
            return Ok(Taken::New);
        }
        let here = id_pos(&lesson.source);
        if let Some((file, pos)) = self.taken.get(&lesson.id) {
            let other = if file.starts_with("builtin:") {
                format!("the built-in lesson {file}")
            } else {
                format!("{file}:{}:{}", pos.line, pos.col)
            };
            return Err(Diagnostic::at(
                &lesson.source_name,
                here,
                format!("lesson id '{}' is already used by {other}", lesson.id),
                Some(
                    "give one of them another id: ids are shared by the built-in lessons and every lesson folder"
                        .into(),
                ),
            ));
        }
        self.taken.insert(lesson.id.clone(), (lesson.source_name.clone(), here));
        Ok(Taken::New)
    }
}

/// Where the `id` value stands in a lesson's TOML (line 1, column 1 if it cannot be found,
/// which a lesson that loaded always has).
fn id_pos(src: &str) -> Pos {
    let start = toml::from_str::<RawLesson>(src).ok().and_then(|raw| raw.id).map(|id| id.span().start);
    start.map_or(Pos { line: 1, col: 1 }, |s| LineIndex::new(src).pos(s))
}

/// Whether the lesson is a file of the folder the built-in lessons are embedded from, with a
/// built-in's id and file name: that built-in's own source (e.g. `forkbook check lessons/`).
fn is_builtin_source(lesson: &Lesson) -> bool {
    let own = absolute(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons"));
    let stem = Path::new(&lesson.source_name).file_stem().map(|s| s.to_string_lossy().into_owned());
    lesson.folder.as_deref() == Some(own.as_path())
        && stem.as_deref() == Some(lesson.id.as_str())
        && builtin::source(&lesson.id).is_some()
}

/// The lesson a name given to `run` stands for among lessons from folders: the one with that id.
pub fn find<'a>(lessons: &'a [Lesson], id: &str) -> Option<&'a Lesson> {
    lessons.iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_position_is_the_value_of_the_id_key() {
        let src = "format = 1\n\nid  = \"mine\"\n";
        assert_eq!(id_pos(src), Pos { line: 3, col: 7 });
        assert_eq!(id_pos("not toml ["), Pos { line: 1, col: 1 });
    }

    #[test]
    fn built_in_ids_are_taken_from_the_start() {
        let mut ids = Ids::with_builtins();
        let mut lesson = crate::lesson::resolve("lock").expect("built-in");
        lesson.source_name = "/tmp/elsewhere/lock.toml".into();
        lesson.folder = Some(PathBuf::from("/tmp/elsewhere"));
        let d = ids.take(&lesson).expect_err("a second lock");
        assert!(d.message.contains("already used by the built-in lesson builtin:lock"), "{d}");
        assert!(d.line > 1, "{d}");
        let program = crate::lesson::from_str("print(1)\n", "/tmp/lock.py").expect("a program");
        assert_eq!(ids.take(&program), Ok(Taken::New), "a .py program's file name is no lesson id");
    }
}
