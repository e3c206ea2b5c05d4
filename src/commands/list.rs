//! `forkbook list`: the built-in lessons by chapter, with concept and title.

use forkbook::lesson::Lesson;
use forkbook::text::Lang;

/// Prints one line per built-in lesson, in chapter order.
pub fn list(lessons: &[Lesson], lang: Lang) {
    for l in lessons {
        println!("{:<16} {:<20} {}", l.id, lang.of(&l.concept), lang.of(&l.title));
    }
}
