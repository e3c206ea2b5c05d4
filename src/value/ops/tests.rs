//! Every operator over a grid of operands, checked against the table CPython wrote
//! (`tests/fixtures/value_ops.tsv`, from `tests/python/gen_value_ops.py`), plus the few
//! properties a table row cannot show.

use super::*;

const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/value_ops.tsv"));

/// The generator's `GRID`: every operand a row of the table may name.
fn grid() -> Vec<Value> {
    let s = |t: &str| Value::Str(t.into());
    vec![
        Value::Int(0),
        Value::Int(1),
        Value::Int(-1),
        Value::Int(7),
        Value::Int(-7),
        Value::Int(i64::MAX),
        Value::Int(i64::MIN),
        Value::Bool(true),
        Value::Bool(false),
        Value::Float(0.0),
        Value::Float(-0.0),
        Value::Float(1.5),
        Value::Float(-2.5),
        Value::Float(0.1),
        Value::Float(1e20),
        Value::Float(9.223_372_036_854_776e18),
        Value::Float(f64::INFINITY),
        Value::Float(f64::NEG_INFINITY),
        Value::Float(f64::NAN),
        Value::None,
        s(""),
        s("ab"),
        s("包子"),
        s("it's"),
        Value::List(vec![]),
        Value::List(vec![Value::Int(1), s("ab")]),
        Value::List(vec![Value::Bool(true), Value::None]),
    ]
}

fn shown(result: Result<Value, OpError>) -> String {
    match result {
        Ok(v) => v.repr(),
        Err(e) => e.to_string(),
    }
}

/// What `Value` gives for one row, or why the row cannot be read.
fn evaluate(row: &str, operand: impl Fn(&str) -> Option<Value>) -> Result<String, String> {
    let [left, op, right, _] = row.split('\t').collect::<Vec<_>>()[..] else {
        return Err("not four tab-separated fields".into());
    };
    let right = operand(right).ok_or_else(|| format!("operand {right} is not in the grid"))?;
    if left.is_empty() {
        return match op {
            "-" => Ok(shown(right.neg())),
            "not" => Ok(Value::Bool(!right.truthy()).repr()),
            _ => Err(format!("unknown unary operator {op}")),
        };
    }
    let left = operand(left).ok_or_else(|| format!("operand {left} is not in the grid"))?;
    let op = BinOp::ALL.into_iter().find(|o| o.symbol() == op).ok_or_else(|| format!("unknown operator {op}"))?;
    Ok(shown(op.apply(&left, &right)))
}

#[test]
fn every_operator_over_the_grid_gives_what_cpython_gives() {
    let grid = grid();
    let operand = |repr: &str| grid.iter().find(|v| v.repr() == repr).cloned();
    crate::value::cpython_table::assert_rows_match(TABLE, 8000, |row| evaluate(row, operand));
}

#[test]
fn nested_lists_compare_with_python_equality() {
    let list = |items: Vec<Value>| Value::List(items);
    assert!(list(vec![Value::Bool(true)]).py_eq(&list(vec![Value::Int(1)])));
    let lt = BinOp::Lt.apply(&list(vec![list(vec![Value::Int(1)])]), &list(vec![list(vec![Value::Int(2)])]));
    assert_eq!(lt, Ok(Value::Bool(true)));
}

#[test]
fn repetition_and_concatenation_stop_at_the_sequence_limit() {
    let one = Value::Str("x".into());
    let limit = Value::Int(MAX_SEQUENCE as i64);
    let built = BinOp::Mul.apply(&one, &limit).expect("the limit itself is allowed");
    assert_eq!(BinOp::Add.apply(&built, &one).map_err(|e| e.class), Err("MemoryError"));
    assert_eq!(BinOp::Mul.apply(&limit, &Value::List(vec![one.clone(), one])).map_err(|e| e.class), Err("MemoryError"));
}

#[test]
fn str_percent_formats_a_tuple_or_one_value() {
    let text = |s: &str| Value::Str(s.into());
    let pair = Value::Tuple(vec![text("ab"), Value::Float(0.082)]);
    assert_eq!(BinOp::Mod.apply(&text("%s=%0.2f"), &pair), Ok(text("ab=0.08")));
    assert_eq!(BinOp::Mod.apply(&text("%d items"), &Value::Int(3)), Ok(text("3 items")));
    assert_eq!(BinOp::Mod.apply(&text("%s"), &Value::List(vec![Value::Int(1)])), Ok(text("[1]")));
    let err = BinOp::Mod.apply(&text("%d %d"), &Value::Int(1)).expect_err("one argument short");
    assert_eq!(err.to_string(), "TypeError: not enough arguments for format string");
}
