//! Every way of formatting over a grid of values and templates, checked against the table
//! CPython wrote (`tests/fixtures/value_format.tsv`, from `tests/python/gen_value_format.py`),
//! plus what a table row cannot show.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;
use crate::value::{BinOp, Value};

const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/value_format.tsv"));

/// The arguments of a `str.format` row.
#[derive(Deserialize)]
struct Call {
    args: Vec<Value>,
    kwargs: BTreeMap<String, Value>,
}

fn shown(result: Result<String, OpError>) -> String {
    match result {
        Ok(text) => serde_json::to_string(&text).unwrap_or_default(),
        Err(e) => e.to_string(),
    }
}

/// What `value::format` gives for one row, or why the row cannot be read.
fn evaluate(row: &str) -> Result<String, String> {
    let [kind, template, args, _] = row.split('\t').collect::<Vec<_>>()[..] else {
        return Err("not four tab-separated fields".into());
    };
    let template: String = serde_json::from_str(template).map_err(|e| format!("template: {e}"))?;
    let value = |json: &str| serde_json::from_str::<Value>(json).map_err(|e| format!("args: {e}"));
    match kind {
        "%" => {
            let right = value(args)?;
            let by_operator = BinOp::Mod.apply(&Value::Str(template.clone()), &right).map(|v| v.to_string());
            if let Value::Tuple(items) = &right {
                let direct = percent_format(&template, items);
                if direct != by_operator {
                    return Err(format!("percent_format gives {direct:?}, the % operator {by_operator:?}"));
                }
            }
            Ok(shown(by_operator))
        }
        "format" => Ok(shown(format_spec(&value(args)?, &template))),
        "str.format" => {
            let call: Call = serde_json::from_str(args).map_err(|e| format!("args: {e}"))?;
            let named: Vec<(String, Value)> = call.kwargs.into_iter().collect();
            Ok(shown(str_format(&template, &call.args, &named)))
        }
        _ => Err(format!("unknown kind {kind}")),
    }
}

#[test]
fn every_template_over_the_grid_formats_as_cpython_does() {
    crate::value::cpython_table::assert_rows_match(TABLE, 9000, evaluate);
}

#[test]
fn attribute_fields_are_refused_with_what_to_do_instead() {
    let err = str_format("{0.real}", &[Value::Int(3)], &[]).expect_err("no attributes");
    assert_eq!(err.class, "NotImplementedError");
    assert!(err.message.contains("'.real'"), "{err}");
}

#[test]
fn fields_wider_than_forkbook_builds_raise_instead_of_eating_memory() {
    let too_wide = (MAX_SEQUENCE + 1).to_string();
    assert_eq!(format_spec(&Value::Int(5), &too_wide).map_err(|e| e.class), Err("MemoryError"));
    let template = format!("%{too_wide}d");
    assert_eq!(percent_format(&template, &[Value::Int(5)]).map_err(|e| e.class), Err("MemoryError"));
    assert_eq!(percent_format("%.2000000f", &[Value::Float(1.5)]).map_err(|e| e.class), Err("MemoryError"));
}

#[test]
fn named_arguments_fill_named_fields_and_nested_specs() {
    let named = [("who".to_string(), Value::Str("包子".into())), ("w".to_string(), Value::Int(6))];
    assert_eq!(str_format("{who:>{w}}|{0:.1f}", &[Value::Float(0.25)], &named), Ok("    包子|0.2".into()));
}
