//! The schema names every field the parser accepts, and every built-in lesson (and the
//! template of `forkbook new`) is valid by it, checked by a small validator of the keywords the
//! schema uses (a full JSON Schema crate would cost more build than these tests are worth).

use serde_json::Value;

use super::*;
use crate::lesson::raw::{RawExpect, RawKnob, RawOption, RawQuestion, RawTask, RawText};

/// The fields serde accepts for `T`, read from its `deny_unknown_fields` error.
fn accepted<T: serde::de::DeserializeOwned>(wrap: &str) -> Vec<String> {
    let src = wrap.replace("FIELD", "zzz_not_a_field = 1");
    let err = match toml::from_str::<T>(&src) {
        Ok(_) => panic!("an unknown field is accepted in {src}"),
        Err(e) => e.to_string(),
    };
    let list = err.split("expected one of").nth(1).or_else(|| err.split("expected").nth(1));
    let list = list.unwrap_or_else(|| panic!("no list of fields in: {err}"));
    list.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

fn properties(schema: &Value, pointer: &str) -> Vec<String> {
    let props = schema.pointer(&format!("{pointer}/properties")).and_then(Value::as_object);
    props.unwrap_or_else(|| panic!("no properties at {pointer}")).keys().cloned().collect()
}

#[test]
fn the_schema_names_every_field_the_parser_accepts_and_no_other() {
    let schema = schema();
    let tables: [(&str, Vec<String>); 7] = [
        ("", accepted::<RawLesson>("FIELD")),
        ("/definitions/RawText", accepted::<RawText>("FIELD")),
        ("/definitions/RawKnob", accepted::<RawKnob>("FIELD")),
        ("/definitions/RawExpect", accepted::<RawExpect>("FIELD")),
        ("/definitions/RawQuestion", accepted::<RawQuestion>("FIELD")),
        ("/definitions/RawOption", accepted::<RawOption>("FIELD")),
        ("/definitions/RawTask", accepted::<RawTask>("FIELD")),
    ];
    for (pointer, mut parsed) in tables {
        // The old step language's tables are parsed only to be refused with a clear message.
        parsed.retain(|f| f != "resources" && f != "scripts");
        parsed.sort();
        let mut named = properties(&schema, pointer);
        named.sort();
        assert_eq!(named, parsed, "fields of {pointer:?}");
        assert_eq!(schema.pointer(&format!("{pointer}/additionalProperties")), Some(&Value::Bool(false)));
    }
    let required = schema.pointer("/required").and_then(Value::as_array).expect("required fields");
    assert!(required.contains(&Value::from("python")) && required.contains(&Value::from("id")));
    assert!(!json().contains("\"null\""), "TOML has no null");
}

/// The problems of `value` by `schema` (the keywords this schema uses), with their paths.
fn problems(root: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = root.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling {r}"));
        problems(root, target, value, at, out);
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let fits = any.iter().any(|s| {
            let mut p = Vec::new();
            problems(root, s, value, at, &mut p);
            p.is_empty()
        });
        if !fits {
            out.push(format!("{at}: fits none of anyOf"));
        }
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            other => panic!("type {other} not handled"),
        };
        if !ok {
            out.push(format!("{at}: not {t}"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!("{at}: {value} not in {allowed:?}"));
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        out.push(format!("{at}: {value} is not {c}"));
    }
    if let (Some(min), Some(v)) = (schema.get("minimum").and_then(Value::as_i64), value.as_i64())
        && v < min
    {
        out.push(format!("{at}: {v} < {min}"));
    }
    if let (Some(min), Some(s)) = (schema.get("minLength").and_then(Value::as_u64), value.as_str())
        && (s.chars().count() as u64) < min
    {
        out.push(format!("{at}: too short"));
    }
    if let Some(items) = value.as_array() {
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && items.len() as u64 > max
        {
            out.push(format!("{at}: more than {max} items"));
        }
        if let Some(item) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                problems(root, item, v, &format!("{at}[{i}]"), out);
            }
        }
    }
    if let Some(fields) = value.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if let Some(name) = name.as_str()
                && !fields.contains_key(name)
            {
                out.push(format!("{at}: '{name}' missing"));
            }
        }
        for (name, v) in fields {
            let here = format!("{at}.{name}");
            match (props.and_then(|p| p.get(name)), schema.get("additionalProperties")) {
                (Some(s), _) => problems(root, s, v, &here, out),
                (None, Some(Value::Bool(false))) => out.push(format!("{here}: not allowed")),
                (None, Some(s @ Value::Object(_))) => problems(root, s, v, &here, out),
                (None, _) => {}
            }
        }
    }
}

fn check(src: &str, name: &str) -> Vec<String> {
    let schema = schema();
    let value: Value = serde_json::to_value(toml::from_str::<toml::Value>(src).expect("TOML")).expect("JSON");
    let mut out = Vec::new();
    problems(&schema, &schema, &value, name, &mut out);
    out
}

#[test]
fn every_built_in_lesson_is_valid_by_the_schema() {
    for (id, src) in crate::lesson::builtin::all() {
        assert_eq!(check(src, id), Vec::<String>::new());
    }
}

#[test]
fn the_schema_catches_a_misspelt_field_a_wrong_word_and_a_missing_field() {
    let src = crate::lesson::builtin::source("lock").expect("lock");
    let broken = src.replacen("format = 1", "fromat = 1", 1).replacen("type = \"bool\"", "type = \"boolean\"", 1);
    let found = check(&broken, "lock").join("\n");
    assert!(found.contains("lock.fromat: not allowed"), "{found}");
    assert!(found.contains("'format' missing"), "{found}");
    assert!(found.contains("\"boolean\" not in"), "{found}");
}
