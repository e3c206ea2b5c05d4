//! `forkbook list`: the built-in lessons by chapter, with concept and title.

use forkbook::lesson::{self, builtin};
use forkbook::text::Lang;

/// Prints one line per built-in lesson, in chapter order.
pub fn list(lang: Lang) {
    let mut lessons: Vec<lesson::Lesson> =
        builtin::all().iter().filter_map(|(id, src)| lesson::from_str(src, &format!("builtin:{id}")).ok()).collect();
    lessons.sort_by_key(|l| (l.chapter, l.order));
    for l in &lessons {
        println!("{:<16} {:<20} {}", l.id, lang.of(&l.concept), lang.of(&l.title));
    }
}
