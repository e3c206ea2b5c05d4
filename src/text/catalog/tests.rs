//! The catalogs against each other and against the source: the same keys and placeholders in
//! both languages, every key used, every key the source asks for present. Together these make
//! a missing string impossible at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::*;

fn en() -> BTreeMap<String, String> {
    flatten(EN_TOML).expect("en.toml parses")
}

fn zh() -> BTreeMap<String, String> {
    flatten(ZH_TOML).expect("zh.toml parses")
}

/// Every `.rs` file under `src/` with its text, except this file (which names keys that do not
/// exist on purpose).
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("src/ lists") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("text/catalog/tests.rs") {
                let text = std::fs::read_to_string(&path).expect("a source file reads");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

/// The string literal right after each `.t(` or `.t_with(` call (whitespace allowed between).
fn called_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for call in [".t(", ".t_with("] {
        for (at, _) in text.match_indices(call) {
            let rest = text[at + call.len()..].trim_start();
            if let Some(literal) = rest.strip_prefix('"') {
                keys.push(literal.split('"').next().unwrap_or_default().to_string());
            }
        }
    }
    keys
}

/// Every string literal that starts with a catalog section and looks like a key
/// (`"headless.item"` passed on to a helper, say).
fn key_like_literals(text: &str, sections: &BTreeSet<&str>) -> Vec<String> {
    let is_key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.';
    let mut found = Vec::new();
    for section in sections {
        let open = format!("\"{section}.");
        for (at, _) in text.match_indices(&open) {
            let literal = text[at + 1..].split('"').next().unwrap_or_default();
            if literal.chars().all(is_key_char) {
                found.push(literal.to_string());
            }
        }
    }
    found
}

#[test]
fn both_catalogs_parse_and_hold_only_strings() {
    assert!(!en().is_empty());
    assert!(!zh().is_empty());
    let err = flatten("[a]\nb = 3\n").expect_err("a number is no string");
    assert!(err.contains("'a.b'"), "{err}");
}

#[test]
fn both_catalogs_have_exactly_the_same_keys() {
    let (en, zh) = (en(), zh());
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty() && only_zh.is_empty(), "only in en: {only_en:?}; only in zh: {only_zh:?}");
}

#[test]
fn each_key_has_the_same_placeholders_in_both_languages() {
    let zh = zh();
    for (key, en_text) in en() {
        let zh_text = zh.get(&key).map_or("", String::as_str);
        let mut a = placeholders(&en_text);
        let mut b = placeholders(zh_text);
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "placeholders of '{key}': en {en_text:?}, zh {zh_text:?}");
    }
}

#[test]
fn every_key_is_used_somewhere_in_the_source() {
    let all: String = sources().into_iter().map(|(_, text)| text).collect();
    let unused: Vec<String> = en().into_keys().filter(|k| !all.contains(&format!("\"{k}\""))).collect();
    assert!(unused.is_empty(), "keys no source file names: {unused:?}");
}

#[test]
fn every_key_the_source_asks_for_is_in_the_catalog() {
    let en = en();
    let sections: BTreeSet<&str> = en.keys().filter_map(|k| k.split('.').next()).collect();
    let mut missing = Vec::new();
    for (path, text) in sources() {
        for key in called_keys(&text).into_iter().chain(key_like_literals(&text, &sections)) {
            if !en.contains_key(&key) {
                missing.push(format!("{}: '{key}'", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "keys not in the catalog: {missing:#?}");
}

#[test]
fn the_scans_find_keys_in_calls_and_literals() {
    let sections = BTreeSet::from(["lanes"]);
    let text = "lang.t(\"lanes.a\"); lang.t_with(\n    \"x.b\", &[]); f(\"lanes.c\", \"lanes.rs is no key?\")";
    assert_eq!(called_keys(text), ["lanes.a", "x.b"]);
    assert_eq!(key_like_literals(text, &sections), ["lanes.a", "lanes.c"]);
}

#[test]
fn placeholders_are_filled_by_name_and_other_braces_stay() {
    assert_eq!(placeholders("{a} and {b_2}, not {} or {Up}"), ["a", "b_2"]);
    assert_eq!(fill("{n} of {max} {x} {}", &[("max", &5), ("n", &2)]), "2 of 5 {x} {}");
    assert_eq!(fill("休眠 {ms} 毫秒", &[("ms", &"120")]), "休眠 120 毫秒");
}

#[test]
fn a_lookup_speaks_the_language_asked_for_and_a_missing_key_shows_itself() {
    assert_eq!(Lang::En.t("process.running"), "running");
    assert_eq!(Lang::Zh.t("process.running"), "运行中");
    assert_eq!(Lang::Zh.t_with("process.sleeping", &[("ms", &120)]), "休眠 120 毫秒");
    assert_eq!(Lang::En.t("no.such.key"), "no.such.key");
}
