//! `forkbook new ID [--concept …] [--dir DIR]`: writes `DIR/ID.toml`, a small lesson that
//! passes `forkbook check`, from the template embedded in the binary
//! (assets/lesson-template.toml), its comments pointing at docs/lesson-format.md. It never
//! overwrites a file.

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{FAILED, USAGE};

/// The template; `{{id}}`, `{{file}}`, and the TOML strings `{{concept}}` and `{{title}}`
/// are filled in.
const TEMPLATE: &str = include_str!("../../assets/lesson-template.toml");

/// Writes the new lesson and says where; a bad id or an existing file is refused.
pub fn new(id: &str, concept: Option<&str>, dir: &Path) -> ExitCode {
    if let Err(why) = check_id(id) {
        eprintln!("forkbook: new: {why}");
        return ExitCode::from(USAGE);
    }
    let path = dir.join(format!("{id}.toml"));
    let text = lesson_text(id, concept, &path.display().to_string());
    // A class's new folder is made on the way, as `mkdir -p` would.
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::File::options().write(true).create_new(true).open(&path))
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            println!("wrote {}", path.display());
            println!(
                "next: forkbook check --watch {0}   (and in another terminal: forkbook --lessons {1})",
                path.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            eprintln!(
                "forkbook: new: {} exists already; it is left as it is (choose another id or --dir)",
                path.display()
            );
            ExitCode::from(FAILED)
        }
        Err(e) => {
            eprintln!("forkbook: new: cannot write {}: {e}", path.display());
            ExitCode::from(FAILED)
        }
    }
}

/// Ids are `[a-z0-9_]+`, as the lesson format asks.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the id is empty; use a-z, 0-9 and '_', e.g. my_lock".into());
    }
    if let Some(c) = id.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')) {
        let suggestion: String =
            id.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        return Err(format!(
            "'{id}' is not a lesson id: '{c}' is not allowed; use a-z, 0-9 and '_', e.g. '{suggestion}'"
        ));
    }
    Ok(())
}

/// The template filled in for `id`.
fn lesson_text(id: &str, concept: Option<&str>, file: &str) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let concept = concept.map(str::trim).filter(|c| !c.is_empty()).unwrap_or("Lock");
    let mut title: String = id.replace('_', " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    TEMPLATE
        .replace("{{id}}", id)
        .replace("{{file}}", file)
        .replace("{{concept}}", &quoted(concept))
        .replace("{{title}}", &quoted(&title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filled_template_is_a_valid_lesson_with_the_id_and_concept() {
        let text = lesson_text("my_lock", Some("Lock \"basics\""), "my_lock.toml");
        let lesson = forkbook::lesson::from_str(&text, "my_lock.toml")
            .unwrap_or_else(|d| panic!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")));
        assert_eq!(lesson.id, "my_lock");
        assert_eq!(lesson.concept.en, "Lock \"basics\"");
        assert_eq!(lesson.title.en, "My lock");
        assert!(text.contains("docs/lesson-format.md"));
    }

    #[test]
    fn bad_ids_are_refused_with_the_rule_and_a_suggestion() {
        assert!(check_id("ok_1").is_ok());
        let why = check_id("My-Lesson").expect_err("capitals and '-'");
        assert!(why.contains("'M' is not allowed") && why.contains("'my_lesson'"), "{why}");
        assert!(check_id("").is_err());
    }
}
