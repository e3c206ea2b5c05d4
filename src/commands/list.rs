//! `forkbook list`: the built-in lessons by chapter, with concept and title.

use forkbook::lesson::{self, builtin};

/// Prints one line per built-in lesson, in chapter order.
pub fn list() {
    let mut lessons: Vec<lesson::Lesson> =
        builtin::all().iter().filter_map(|(id, src)| lesson::from_str(src, &format!("builtin:{id}")).ok()).collect();
    lessons.sort_by_key(|l| (l.chapter, l.order));
    let zh = super::drive::prefers_chinese();
    for l in &lessons {
        let (concept, title) = if zh { (&l.concept.zh, &l.title.zh) } else { (&l.concept.en, &l.title.en) };
        println!("{:<16} {:<20} {}", l.id, concept, title);
    }
}
