//! The UI's words: `assets/i18n/en.toml` and `assets/i18n/zh.toml`, embedded at build time and
//! parsed once into flat maps from dotted keys (`lanes.running`) to strings. A string may hold
//! named placeholders (`sleeping {ms} ms`) that `fill` replaces. Tests keep the two catalogs and
//! the source in step, so a lookup that misses is a bug caught before a release.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::OnceLock;

use super::Lang;

/// The English catalog's TOML text.
pub const EN_TOML: &str = include_str!("../../assets/i18n/en.toml");
/// The Chinese catalog's TOML text.
pub const ZH_TOML: &str = include_str!("../../assets/i18n/zh.toml");

/// Both catalogs, flattened.
struct Catalogs {
    en: BTreeMap<String, String>,
    zh: BTreeMap<String, String>,
}

fn catalogs() -> &'static Catalogs {
    static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
    CATALOGS.get_or_init(|| Catalogs {
        en: flatten(EN_TOML).expect("en.toml is a valid catalog: the catalog tests parse it"),
        zh: flatten(ZH_TOML).expect("zh.toml is a valid catalog: the catalog tests parse it"),
    })
}

/// The string for `key` in `lang`, if the catalog has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let c = catalogs();
    let map = match lang {
        Lang::En => &c.en,
        Lang::Zh => &c.zh,
    };
    map.get(key).map(String::as_str)
}

/// A catalog's TOML as `dotted.key → string`; an error names the first value that is not a
/// string (a catalog holds only tables and strings).
pub fn flatten(toml_text: &str) -> Result<BTreeMap<String, String>, String> {
    let table: toml::Table = toml_text.parse().map_err(|e: toml::de::Error| e.message().to_string())?;
    let mut out = BTreeMap::new();
    walk(&table, "", &mut out)?;
    Ok(out)
}

fn walk(table: &toml::Table, prefix: &str, out: &mut BTreeMap<String, String>) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        match value {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => walk(t, &key, out)?,
            other => return Err(format!("'{key}' is a {}, not a string", other.type_str())),
        }
    }
    Ok(())
}

/// The names of the `{name}` placeholders in `template`, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `template` with each `{name}` replaced by the value paired with `name`; a placeholder
/// without a value, and any other brace, stays as it is.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .filter(|&close| is_name(&after[..close]))
            .and_then(|close| args.iter().find(|(n, _)| *n == &after[..close]).map(|(_, v)| (close, v)));
        match value {
            Some((close, v)) => {
                out.push_str(&v.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
