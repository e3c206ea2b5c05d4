//! `forkbook list`: the built-in lessons by chapter, then those of each lesson folder under a
//! line with the folder's name and path, with concept and title, in columns as wide as their
//! longest entry (Chinese characters count two columns).

use forkbook::lesson::Lesson;
use forkbook::text::Lang;
use unicode_width::UnicodeWidthStr;

/// Prints one line per lesson, in chapter order.
pub fn list(lessons: &[Lesson], lang: Lang) {
    let mut folder = None;
    let id_width = lessons.iter().map(|l| l.id.width()).max().unwrap_or(0);
    let concept_width = lessons.iter().map(|l| lang.of(&l.concept).width()).max().unwrap_or(0);
    for l in lessons {
        if l.folder.is_some() && folder != l.folder.as_ref() {
            folder = l.folder.as_ref();
            let path = folder.map(|f| f.display().to_string()).unwrap_or_default();
            println!("\n{}  ({path})", l.folder_name().unwrap_or_default());
        }
        let concept = lang.of(&l.concept);
        let pad = " ".repeat(concept_width - concept.width());
        println!("{:<id_width$}  {concept}{pad}  {}", l.id, lang.of(&l.title));
    }
}
