//! The lessons embedded in the binary: every `lessons/*.toml` except `TEMPLATE.toml`,
//! listed by `build.rs` at build time (sorted by file name, id = file stem), so that
//! `cargo install` works with no files around.

include!(concat!(env!("OUT_DIR"), "/builtin_lessons.rs"));

/// Every built-in lesson as (id, TOML source), sorted by file name.
pub fn all() -> &'static [(&'static str, &'static str)] {
    LESSONS
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
}
