//! `[[notes]]`: the presenter's talking points. Each names a line of the program (from 1 to
//! its last line) and has its text in both languages; two notes for one line are one too many
//! (the second would never show).

use toml::Spanned;

use super::Cx;
use crate::lesson::Note;
use crate::lesson::raw::{RawLesson, RawNote};

impl Cx<'_> {
    /// Checks every note.
    pub(super) fn notes(&mut self, raw: &RawLesson) -> Vec<Note> {
        let lines = raw.python.as_ref().map_or(0, |p| p.get_ref().lines().count());
        let mut notes: Vec<Note> = Vec::new();
        for n in &raw.notes {
            let line = self.note_line(n, lines);
            let text = self.text_parts(n.span(), &n.get_ref().en, &n.get_ref().zh, "notes");
            let Some(line) = line else { continue };
            if notes.iter().any(|earlier| earlier.line == line) {
                let span = n.get_ref().line.as_ref().map_or(n.span(), Spanned::span);
                self.error(
                    span,
                    format!("a second note for line {line}"),
                    Some("put both talking points in one note".into()),
                );
                continue;
            }
            notes.push(Note { line, text });
        }
        notes
    }

    /// The note's line, when it is one of the program's `lines`.
    fn note_line(&mut self, n: &Spanned<RawNote>, lines: usize) -> Option<u32> {
        let Some(line) = &n.get_ref().line else {
            self.error(
                n.span(),
                "a note has no 'line'".into(),
                Some("add line = N: the program line it is about".into()),
            );
            return None;
        };
        match u32::try_from(*line.get_ref()) {
            Ok(l) if l >= 1 && l as usize <= lines => Some(l),
            _ => {
                self.error(
                    line.span(),
                    format!("note line '{}' is not a line of the program", line.get_ref()),
                    Some(format!("the program has lines 1 to {lines}")),
                );
                None
            }
        }
    }
}
