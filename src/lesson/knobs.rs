//! Knob values: reading `name=value` texts (from `--set` or an expectation's `set`) against
//! a lesson's typed knobs. One parser for values serves the command line and the lesson
//! file, so both say the same thing.

use super::diagnostic::{Diagnostic, Problem, did_you_mean};
use super::{Knob, KnobKind, KnobValues, Lesson};
use crate::value::Value;

impl Lesson {
    /// The knob called `name`.
    pub fn knob(&self, name: &str) -> Option<&Knob> {
        self.knobs.iter().find(|k| k.name == name)
    }

    /// Every knob at its default.
    pub fn default_knobs(&self) -> KnobValues {
        self.knobs.iter().map(|k| (k.name.clone(), k.default.clone())).collect()
    }

    /// Every knob's value for a run: defaults, then the typed values in `set`.
    pub fn knobs_with(&self, set: &KnobValues) -> KnobValues {
        let mut values = self.default_knobs();
        values.extend(set.iter().map(|(k, v)| (k.clone(), v.clone())));
        values
    }

    /// Every knob's value for a run: defaults, then `overrides` (`name`, value text) in order,
    /// each text parsed once into its knob's type.
    pub fn knob_values(&self, overrides: &[(String, String)]) -> Result<KnobValues, Vec<Diagnostic>> {
        let mut values = self.default_knobs();
        let mut diags = Vec::new();
        for (name, text) in overrides {
            let subject = format!("--set {name}={text}");
            match self.knob(name) {
                Some(knob) => match knob.parse_value(text) {
                    Ok(v) => {
                        values.insert(name.clone(), v);
                    }
                    Err(p) => diags.push(Diagnostic::without_position(&subject, p.message, p.hint)),
                },
                None => {
                    let p = unknown_knob(name, &self.knobs);
                    diags.push(Diagnostic::without_position(&subject, p.message, p.hint));
                }
            }
        }
        if diags.is_empty() { Ok(values) } else { Err(diags) }
    }
}

/// "unknown knob" with a did-you-mean or the list of knobs.
pub fn unknown_knob(name: &str, knobs: &[Knob]) -> Problem {
    let names = || knobs.iter().map(|k| k.name.as_str());
    let list = if knobs.is_empty() {
        "this lesson has no knobs".to_string()
    } else {
        format!("knobs: {}", names().collect::<Vec<_>>().join(", "))
    };
    let hint = match did_you_mean(name, names()) {
        Some(dym) => format!("{dym} ({list})"),
        None => list,
    };
    Problem::new(format!("unknown knob '{name}'"), Some(hint))
}

impl Knob {
    /// Whether `value` is one this knob may take (of its type, in its range or choices): what
    /// a reloaded lesson keeps of the student's knob values.
    pub fn admits(&self, value: &Value) -> bool {
        match (&self.kind, value) {
            (KnobKind::Bool, Value::Bool(_)) => true,
            (KnobKind::Int { min, max }, Value::Int(n)) => (min..=max).contains(&n),
            (KnobKind::Choice { choices }, Value::Str(s)) => choices.contains(s),
            _ => false,
        }
    }

    /// Reads a value text for this knob: bools as true/false/on/off/1/0/yes/no, integers in
    /// range, choices exactly.
    pub fn parse_value(&self, text: &str) -> Result<Value, Problem> {
        let t = text.trim();
        match &self.kind {
            KnobKind::Bool => match t.to_ascii_lowercase().as_str() {
                "true" | "on" | "1" | "yes" => Ok(Value::Bool(true)),
                "false" | "off" | "0" | "no" => Ok(Value::Bool(false)),
                _ => Err(Problem::new(
                    format!("knob '{}' is on or off, not '{text}'", self.name),
                    Some("use true or false (also on/off, yes/no, 1/0)".into()),
                )),
            },
            KnobKind::Int { min, max } => {
                let range = format!("use a whole number from {min} to {max}");
                let n: i64 = t.parse().map_err(|_| {
                    Problem::new(
                        format!("knob '{}' takes a whole number, not '{text}'", self.name),
                        Some(range.clone()),
                    )
                })?;
                if n < *min || n > *max {
                    return Err(Problem::new(
                        format!("value '{n}' is out of range for knob '{}'", self.name),
                        Some(range),
                    ));
                }
                Ok(Value::Int(n))
            }
            KnobKind::Choice { choices } => {
                if choices.iter().any(|c| c == t) {
                    return Ok(Value::Str(t.to_string()));
                }
                let list = choices.join(", ");
                let hint = match did_you_mean(t, choices.iter().map(String::as_str)) {
                    Some(dym) => format!("{dym} (choices: {list})"),
                    None => format!("choose one of: {list}"),
                };
                Err(Problem::new(format!("'{text}' is not a choice of knob '{}'", self.name), Some(hint)))
            }
        }
    }
}

/// Splits a `--set name=value` argument.
pub fn parse_set(arg: &str) -> Result<(String, String), String> {
    let Some((name, value)) = arg.split_once('=') else {
        return Err(format!("'{arg}' is not name=value — e.g. --set use_lock=true"));
    };
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("'{name}' is not a knob name — e.g. --set use_lock=true"));
    }
    Ok((name.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Text;

    fn lesson() -> Lesson {
        let knob = |name: &str, kind, default| Knob {
            name: name.into(),
            kind,
            default,
            help: Text::default(),
            constant: name.to_uppercase(),
        };
        Lesson {
            source_name: "t.toml".into(),
            source: String::new(),
            folder: None,
            id: "t".into(),
            chapter: 1,
            order: 1,
            concept: Text::default(),
            title: Text::default(),
            story: Text::default(),
            python: String::new(),
            knobs: vec![
                knob("use_lock", KnobKind::Bool, Value::Bool(false)),
                knob("buyers", KnobKind::Int { min: 1, max: 50 }, Value::Int(4)),
                knob(
                    "mode",
                    KnobKind::Choice { choices: vec!["fast".into(), "slow".into()] },
                    Value::Str("fast".into()),
                ),
            ],
            expectations: vec![],
            questions: Vec::new(),
            tasks: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn defaults_apply_and_overrides_win() {
        let l = lesson();
        let v = l.knob_values(&set(&[("use_lock", "on"), ("buyers", "7")])).expect("valid");
        assert_eq!(v["use_lock"], Value::Bool(true));
        assert_eq!(v["buyers"], Value::Int(7));
        assert_eq!(v["mode"], Value::Str("fast".into()));
        for yes in ["true", "YES", "1", "on"] {
            assert_eq!(l.knob_values(&set(&[("use_lock", yes)])).expect("bool")["use_lock"], Value::Bool(true));
        }
    }

    #[test]
    fn every_bad_override_is_reported_clearly() {
        let d = lesson()
            .knob_values(&set(&[
                ("buyer", "3"),
                ("buyers", "99"),
                ("buyers", "x"),
                ("use_lock", "maybe"),
                ("mode", "fsat"),
            ]))
            .expect_err("bad");
        assert_eq!(d.len(), 5);
        assert_eq!(
            d[0].to_string(),
            "--set buyer=3: unknown knob 'buyer' — did you mean 'buyers'? (knobs: use_lock, buyers, mode)"
        );
        assert_eq!(
            d[1].to_string(),
            "--set buyers=99: value '99' is out of range for knob 'buyers' — use a whole number from 1 to 50"
        );
        assert!(d[2].message.contains("whole number"));
        assert!(d[3].message.contains("on or off"));
        assert!(d[4].hint.as_deref().unwrap_or("").contains("did you mean 'fast'?"));
    }

    #[test]
    fn set_arguments_split_at_the_first_equals_sign() {
        assert_eq!(parse_set("buyers=4"), Ok(("buyers".into(), "4".into())));
        assert_eq!(parse_set("mode=a=b"), Ok(("mode".into(), "a=b".into())));
        assert!(parse_set("buyers").is_err());
        assert!(parse_set("=4").is_err());
    }
}
