//! Hot reload, the app's side: a lesson file saved with good content replaces its lesson in
//! the picker, and an open view of it starts again as `r` would, with the knob values that
//! still fit, saying what changed; a file saved broken leaves everything as it was and puts
//! its problems (`file:line:col`) in the problems panel until a good save. Reading the file is
//! the loop's business (tui/reload.rs); this is plain data.

use std::sync::Arc;

use super::{App, Effect, Mode, Workbook};
use crate::lesson::changes::{Change, changes};
use crate::lesson::{Diagnostics, KnobValues, Lesson};
use crate::text::Lang;

impl App {
    /// A good version of a lesson file was saved: it replaces the lesson of the same file (or
    /// joins the picker after the last lesson of its folder); an open view of it runs again
    /// with it. Returns what the loop must do (start the new run).
    pub fn lesson_reloaded(&mut self, new: Lesson) -> Vec<Effect> {
        let new = Arc::new(new);
        let file = new.source_name.clone();
        self.problems.retain(|d| d.file != file);
        let listed = self.catalog.iter().position(|l| l.source_name == file);
        match listed {
            Some(at) => self.catalog[at] = Arc::clone(&new),
            None if new.folder.is_some() => {
                let after =
                    self.catalog.iter().rposition(|l| l.folder == new.folder).map_or(self.catalog.len(), |i| i + 1);
                self.catalog.insert(after, Arc::clone(&new));
            }
            None => {}
        }
        let Some(v) = self.view().filter(|v| v.original.source_name == file) else {
            let key = if listed.is_some() { "reload.reloaded_file" } else { "reload.added" };
            self.notice = Some(self.lang.t_with(key, &[("file", &file), ("id", &new.id)]));
            return Vec::new();
        };
        let old = Arc::clone(&v.original);
        let knobs: KnobValues = v
            .knobs
            .iter()
            .filter(|(k, value)| new.knob(k).is_some_and(|n| n.admits(value)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let found = changes(&old, &new);
        let same_work = !found.iter().any(|c| matches!(c, Change::Questions | Change::Tasks));
        let workbook = if same_work { v.workbook.clone() } else { Workbook::default() };
        let start = if v.mode == Mode::Ready { Mode::Ready } else { v.next_start() };
        let speed = v.speed;
        self.refresh_edit(&new);
        let effects = self.open_view(Arc::clone(&new), knobs, speed, workbook, start);
        let mut notice =
            self.lang.t_with("reload.reloaded", &[("file", &file), ("changes", &words(&found, self.lang))]);
        if start != Mode::Ready {
            notice = format!("{notice} — {}", self.lang.t("reload.running_new"));
        }
        self.notice = Some(notice);
        effects
    }

    /// A lesson file was saved with problems: the last good version stays, on screen and
    /// running; the problems show in the panel (replacing the file's earlier ones).
    pub fn lesson_broken(&mut self, file: &str, problems: Diagnostics) {
        self.problems.retain(|d| d.file != file);
        let n = problems.len();
        self.problems.extend(problems);
        self.notice = Some(self.lang.t_with("reload.broken", &[("file", &file), ("n", &n)]));
    }

    /// The student's edited program, if any, moved onto the new version of its lesson; an
    /// edit the new version refuses is set aside with its problem (the lesson's own program
    /// runs).
    fn refresh_edit(&mut self, new: &Arc<Lesson>) {
        let Some(edit) = self.edits.get_mut(&new.source_name) else { return };
        let Some(python) = edit.lesson.as_ref().map(|l| l.python.clone()) else { return };
        match new.with_program(&format!("{}.py", new.id), &python) {
            Ok(l) => edit.lesson = (l.python != new.python).then(|| Arc::new(l)),
            Err(problems) => {
                edit.lesson = None;
                edit.problem = problems.into_iter().next();
            }
        }
    }
}

/// The changes in words: `the program, knob 'n' added`.
fn words(found: &[Change], lang: Lang) -> String {
    if found.is_empty() {
        return lang.t("reload.no_change").to_string();
    }
    let list: Vec<String> = found
        .iter()
        .map(|c| match c {
            Change::Program => lang.t("reload.program").to_string(),
            Change::Texts => lang.t("reload.texts").to_string(),
            Change::KnobAdded(n) => lang.t_with("reload.knob_added", &[("name", n)]),
            Change::KnobRemoved(n) => lang.t_with("reload.knob_removed", &[("name", n)]),
            Change::KnobChanged(n) => lang.t_with("reload.knob_changed", &[("name", n)]),
            Change::Questions => lang.t("reload.questions").to_string(),
            Change::Tasks => lang.t("reload.tasks").to_string(),
            Change::Expectations => lang.t("reload.expectations").to_string(),
        })
        .collect();
    list.join(lang.t("reload.separator"))
}

#[cfg(test)]
mod tests;
