//! A prediction as the progress file keeps it: the value the student predicted (the number,
//! or the chosen option's value from the lesson), written as TOML value text (`5`, `true`,
//! `"parent"`), never the words shown for it, so it reads the same in any language. Text that
//! is no such value (what older versions stored: the label shown, such as `Yes` or `会`) is
//! kept as an unknown answer and shown as it is.

use crate::lesson::{Question, QuestionKind};
use crate::text::Lang;
use crate::value::Value;
use crate::workbook::Answer;

/// A stored prediction, read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prediction {
    /// The value predicted.
    Value(Value),
    /// Stored text that is not a value this version writes, kept as it was.
    Unknown(String),
}

impl Prediction {
    /// The prediction `answer` makes for `q`: a number, or the chosen option's value.
    pub fn of(q: &Question, answer: &Answer) -> Prediction {
        match (answer, &q.kind) {
            (Answer::Number(n), _) => Prediction::Value(Value::Int(*n)),
            (Answer::Choice(i), QuestionKind::Choice { options }) => options
                .get(*i)
                .map_or_else(|| Prediction::Unknown(String::new()), |o| Prediction::Value(o.value.clone())),
            (Answer::Choice(_), QuestionKind::Number) => Prediction::Unknown(String::new()),
        }
    }

    /// Reads what the progress file holds.
    pub fn parse(stored: &str) -> Prediction {
        stored
            .parse::<toml::Value>()
            .ok()
            .and_then(|v| from_toml(&v))
            .map_or_else(|| Prediction::Unknown(stored.to_string()), Prediction::Value)
    }

    /// The text the progress file holds: the value as TOML (an unknown answer as it was).
    pub fn stored(&self) -> String {
        match self {
            Prediction::Value(v) => to_toml(v).map_or_else(|| v.repr(), |t| t.to_string()),
            Prediction::Unknown(text) => text.clone(),
        }
    }

    /// The prediction in words for `q` in `lang`: the label of the option with this value, or
    /// the value as Python prints it; an unknown answer as it was stored.
    pub fn words(&self, q: &Question, lang: Lang) -> String {
        match (self, &q.kind) {
            (Prediction::Value(v), QuestionKind::Choice { options }) => {
                options.iter().find(|o| &o.value == v).map_or_else(|| v.to_string(), |o| lang.of(&o.label).to_string())
            }
            (Prediction::Value(v), QuestionKind::Number) => v.to_string(),
            (Prediction::Unknown(text), _) => text.clone(),
        }
    }
}

/// The lesson values a prediction can hold (options are bools, integers and strings).
fn to_toml(v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Int(i) => toml::Value::Integer(*i),
        Value::Float(f) => toml::Value::Float(*f),
        Value::Str(s) => toml::Value::String(s.clone()),
        Value::List(items) => toml::Value::Array(items.iter().map(to_toml).collect::<Option<_>>()?),
        Value::None | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::Bytes(_) | Value::Instance(_) => {
            return None;
        }
    })
}

fn from_toml(v: &toml::Value) -> Option<Value> {
    Some(match v {
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::String(s) => Value::Str(s.clone()),
        toml::Value::Array(items) => Value::List(items.iter().map(from_toml).collect::<Option<_>>()?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Choice, Text};

    fn text(en: &str, zh: &str) -> Text {
        Text { en: en.into(), zh: zh.into() }
    }

    fn choice_question() -> Question {
        let mut q = crate::lesson::resolve("lock").expect("the lock lesson is built in").questions[0].clone();
        q.kind = QuestionKind::Choice {
            options: vec![
                Choice { value: Value::Bool(true), label: text("Yes", "会") },
                Choice { value: Value::Str("parent".into()), label: text("the parent", "父进程") },
            ],
        };
        q
    }

    #[test]
    fn a_chosen_option_is_stored_as_its_value_and_read_back_in_either_language() {
        let q = choice_question();
        let yes = Prediction::of(&q, &Answer::Choice(0));
        assert_eq!(yes.stored(), "true");
        let back = Prediction::parse(&yes.stored());
        assert_eq!(back, yes);
        assert_eq!((back.words(&q, Lang::En), back.words(&q, Lang::Zh)), ("Yes".into(), "会".into()));
        let parent = Prediction::of(&q, &Answer::Choice(1));
        assert_eq!(Prediction::parse(&parent.stored()).words(&q, Lang::Zh), "父进程");
    }

    #[test]
    fn a_number_is_stored_as_the_number() {
        let mut q = choice_question();
        q.kind = QuestionKind::Number;
        let p = Prediction::of(&q, &Answer::Number(-3));
        assert_eq!(p.stored(), "-3");
        assert_eq!(Prediction::parse("-3").words(&q, Lang::Zh), "-3");
    }

    #[test]
    fn words_an_older_forkbook_stored_are_an_unknown_answer_shown_as_they_were() {
        let q = choice_question();
        for old in ["Yes", "会", "", "the parent", "[1, "] {
            let p = Prediction::parse(old);
            assert_eq!(p, Prediction::Unknown(old.to_string()));
            assert_eq!(p.words(&q, Lang::En), old);
            assert_eq!(p.stored(), old);
        }
    }
}
