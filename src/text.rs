//! The workbook's two languages. Every string a student reads comes in English and Chinese;
//! `Lang` picks one. The UI's own words live in the catalog (`lang.t("process.running")`,
//! `lang.t_with("process.sleeping", &[("ms", &ms)])`); a lesson's words come with the lesson
//! (`lang.of(&text)`). The default follows the locale (LC_ALL, LC_MESSAGES, LANG).

pub mod catalog;
mod escape;

pub use escape::{terminal_safe, terminal_safe_lines};

use std::fmt::Display;

/// A text in both languages of the workbook (a lesson's title, story, prompts).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

/// A language of the workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The locale's language: Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set)
    /// starts with `zh`, else English.
    pub fn from_env() -> Lang {
        let locale =
            ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        if locale.is_some_and(|v| v.starts_with("zh")) { Lang::Zh } else { Lang::En }
    }

    /// Parses `en` / `zh` (as given to `--lang`).
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The other language (the `l` key).
    pub fn toggled(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The catalog's string for `key` in this language. Tests make sure every key used in the
    /// source is in both catalogs; were one missing anyway, the key itself is shown.
    pub fn t(self, key: &'static str) -> &'static str {
        catalog::lookup(self, key).unwrap_or(key)
    }

    /// The catalog's string for `key` with its `{name}` placeholders filled from `args`:
    /// `lang.t_with("process.sleeping", &[("ms", &120)])` is `sleeping 120 ms` or `休眠 120 毫秒`.
    pub fn t_with(self, key: &'static str, args: &[(&str, &dyn Display)]) -> String {
        let template = self.t(key);
        debug_assert!(
            catalog::placeholders(template).iter().all(|p| args.iter().any(|(n, _)| n == p)),
            "'{key}' needs {:?}",
            catalog::placeholders(template)
        );
        catalog::fill(template, args)
    }

    /// Picks a lesson text in this language.
    pub fn of(self, text: &Text) -> &str {
        match self {
            Lang::En => &text.en,
            Lang::Zh => &text.zh,
        }
    }
}
