//! Hot reload, the loop's side: which files to watch (the lesson folders of the picker, the
//! lesson file opened by `run FILE`, the student's program copies), and what a save of one
//! means: a lesson file is read and checked again (its id against every other) and handed to
//! the app good or broken; a program copy goes back into its lesson as after the editor.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::app::{App, Effect};
use super::editor;
use crate::lesson::folders::{self, Ids};
use crate::lesson::{self, Lesson};
use crate::progress::Programs;

/// The folders shown as chapters: those of the lessons on offer, and those of lesson files
/// left out for their problems (their fix is to be seen).
fn chapters(app: &App) -> Vec<PathBuf> {
    let left_out = app.problems.iter().map(|d| Path::new(&d.file)).filter(|f| f.is_file()).map(folders::folder_of);
    let mut folders: Vec<PathBuf> = app.catalog.iter().filter_map(|l| l.folder.clone()).chain(left_out).collect();
    folders.sort();
    folders.dedup();
    folders
}

/// The folders and files to watch: the chapters' folders, the lesson file opened by
/// `run FILE`, and the program copies.
pub fn watched(app: &App, opened: Option<&Lesson>, programs: &Programs) -> Vec<PathBuf> {
    let mut paths = chapters(app);
    if let Some(l) = opened.filter(|l| l.folder.is_some()) {
        paths.push(PathBuf::from(&l.source_name));
    }
    if programs.dir().is_dir() {
        paths.push(programs.dir().to_path_buf());
    }
    paths.sort();
    paths.dedup();
    paths
}

/// Whether `lesson` was loaded from the file at `path`.
fn same_file(lesson: &Lesson, path: &Path) -> bool {
    lesson.folder.as_deref() == Some(folders::folder_of(path).as_path())
        && Path::new(&lesson.source_name).file_name() == path.file_name()
}

/// Files were saved: each is taken in; returns what the app asks for (a new run).
pub fn changed(app: &mut App, paths: &[PathBuf], programs: &Programs) -> Vec<Effect> {
    let mut effects = Vec::new();
    for path in paths {
        let open = app.view().map(|v| Arc::clone(&v.original));
        if let Some(original) = open.as_ref().filter(|o| same(&programs.path(&o.progress_key()), path)) {
            effects.extend(editor::reload(app, programs, original));
            continue;
        }
        let shown = app.catalog.iter().chain(open.as_ref()).find(|l| same_file(l, path)).map(|l| l.source_name.clone());
        // A file with problems is named as they name it, so that a good save clears them.
        let known = shown.or_else(|| app.problems.iter().map(|d| &d.file).find(|f| same(Path::new(f), path)).cloned());
        // A file not shown yet counts when it is a new lesson file of a folder shown as a chapter.
        let folder = folders::folder_of(path);
        let in_chapter = chapters(app).contains(&folder);
        let new_lesson = in_chapter && path.extension().is_some_and(|x| x == "toml") && path.exists();
        if known.is_none() && !new_lesson {
            continue;
        }
        let name = known.unwrap_or_else(|| path.display().to_string());
        match lesson::load(Path::new(&name)).and_then(|l| unique(app, l)) {
            Ok(new) => effects.extend(app.lesson_reloaded(new)),
            Err(problems) => app.lesson_broken(&name, problems),
        }
    }
    effects
}

/// The lesson, if its id is used by no other lesson on offer (built-in, or another file).
fn unique(app: &App, lesson: Lesson) -> Result<Lesson, lesson::Diagnostics> {
    let mut ids = Ids::with_builtins();
    for other in app.catalog.iter().filter(|l| l.folder.is_some() && l.source_name != lesson.source_name) {
        let _ = ids.take(other);
    }
    ids.take(&lesson).map(|_| lesson).map_err(|d| vec![d])
}

fn same(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    resolve(a) == resolve(b)
}
