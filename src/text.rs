//! The workbook's two languages. Every string a student reads comes in English and Chinese;
//! `Lang` picks one. The default follows the locale (LC_ALL, LC_MESSAGES, LANG).

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

    /// Picks the string for this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// Picks a lesson text in this language.
    pub fn of(self, text: &Text) -> &str {
        self.pick(&text.en, &text.zh)
    }
}
