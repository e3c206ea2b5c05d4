//! `forkbook list`: the built-in lessons by chapter, then those of each lesson folder under a
//! line with the folder's name and path, with concept and title, in columns as wide as their
//! longest entry (Chinese characters count two columns). A lesson file's control characters
//! are shown as escapes (`\x1b`).

use forkbook::lesson::Lesson;
use forkbook::text::{Lang, terminal_safe};
use unicode_width::UnicodeWidthStr;

/// A column is as wide as its longest entry, up to this many columns.
const COLUMN_MAX: usize = 40;

/// Prints one line per lesson, in chapter order.
pub fn list(lessons: &[Lesson], lang: Lang) {
    let mut folder = None;
    let rows: Vec<[String; 3]> = lessons
        .iter()
        .map(|l| [&l.id, lang.of(&l.concept), lang.of(&l.title)].map(|t| terminal_safe(t).into_owned()))
        .collect();
    let widest = |column: usize| rows.iter().map(|r| r[column].width()).max().unwrap_or(0).min(COLUMN_MAX);
    let (id_width, concept_width) = (widest(0), widest(1));
    for (l, [id, concept, title]) in lessons.iter().zip(&rows) {
        if l.folder.is_some() && folder != l.folder.as_ref() {
            folder = l.folder.as_ref();
            let path = folder.map(|f| f.display().to_string()).unwrap_or_default();
            let heading = format!("{}  ({path})", l.folder_name().unwrap_or_default());
            println!("\n{}", terminal_safe(&heading));
        }
        let id_pad = " ".repeat(id_width.saturating_sub(id.width()));
        let pad = " ".repeat(concept_width.saturating_sub(concept.width()));
        println!("{id}{id_pad}  {concept}{pad}  {title}");
    }
}
