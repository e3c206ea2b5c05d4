//! The lessons embedded in the binary: every `lessons/*.toml` except `TEMPLATE.toml`,
//! listed by `build.rs` at build time (sorted by file name, id = file stem), so that
//! `cargo install` works with no files around.

include!(concat!(env!("OUT_DIR"), "/builtin_lessons.rs"));

/// Every built-in lesson as (id, TOML source), sorted by file name.
pub fn all() -> &'static [(&'static str, &'static str)] {
    LESSONS
}

/// Every built-in lesson, parsed and in chapter order: the one place the catalog is loaded.
/// A built-in lesson that does not parse is a bug of this build (a test checks there is none);
/// its diagnostics are returned rather than the lesson silently left out.
pub fn catalog() -> Result<Vec<super::Lesson>, super::Diagnostics> {
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    for (id, src) in LESSONS {
        match super::from_str(src, &format!("builtin:{id}")) {
            Ok(lesson) => lessons.push(lesson),
            Err(diags) => problems.extend(diags),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    lessons.sort_by_key(|l| (l.chapter, l.order));
    Ok(lessons)
}

/// The TOML source of the built-in lesson `id`.
pub fn source(id: &str) -> Option<&'static str> {
    LESSONS.iter().find(|(i, _)| *i == id).map(|(_, src)| *src)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lessons_are_sorted_and_exclude_the_template() {
        let ids: Vec<&str> = all().iter().map(|(id, _)| *id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        assert!(!ids.contains(&"TEMPLATE"));
        assert_eq!(source("no such lesson"), None);
    }

    #[test]
    fn every_built_in_lesson_parses_and_the_catalog_is_in_chapter_order() {
        let lessons = catalog()
            .unwrap_or_else(|d| panic!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")));
        assert_eq!(lessons.len(), all().len());
        assert!(lessons.windows(2).all(|w| (w[0].chapter, w[0].order) <= (w[1].chapter, w[1].order)));
    }
}
