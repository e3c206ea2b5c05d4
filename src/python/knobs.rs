//! Knobs are module constants: `USE_LOCK = True  # knob`. This finds every module-level
//! `NAME = literal` (also inside module-level `if` blocks, such as the `__main__` guard),
//! and substitutes a knob's value for the literal in the source text, so the program that
//! runs, and the program the code pane shows, carry the value on the very same line.

use rustpython_ruff_python_ast::{self as ast, Expr, Stmt};
use rustpython_ruff_text_size::{Ranged, TextRange};

use super::parse::{Diagnostic, LineIndex};
use crate::value::Value;

/// One module-level `NAME = literal`.
#[derive(Clone, Debug, PartialEq)]
pub struct Constant {
    pub name: String,
    /// Where the literal starts (1-based line and character column).
    pub line: u32,
    pub col: u32,
    /// The literal's value.
    pub value: Value,
    /// The literal's byte range in the source.
    range: (usize, usize),
}

/// Every module-level constant of `module`, in source order.
pub fn constants(lines: &LineIndex, module: &ast::ModModule) -> Vec<Constant> {
    let mut found = Vec::new();
    collect(lines, &module.body, &mut found);
    found
}

fn collect(lines: &LineIndex, body: &[Stmt], found: &mut Vec<Constant>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(assign) => {
                if let [Expr::Name(name)] = assign.targets.as_slice() {
                    push(lines, name.id.as_str(), &assign.value, found);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let (Expr::Name(name), Some(value)) = (&*assign.target, &assign.value) {
                    push(lines, name.id.as_str(), value, found);
                }
            }
            Stmt::If(s) => {
                collect(lines, &s.body, found);
                for clause in &s.elif_else_clauses {
                    collect(lines, &clause.body, found);
                }
            }
            _ => {}
        }
    }
}

fn push(lines: &LineIndex, name: &str, value: &Expr, found: &mut Vec<Constant>) {
    let Some(value_of) = literal(value) else { return };
    let range: TextRange = value.range();
    let (line, col) = lines.position(range.start());
    found.push(Constant {
        name: name.to_string(),
        line,
        col,
        value: value_of,
        range: (range.start().to_usize(), range.end().to_usize()),
    });
}

/// The value of a literal expression (numbers, strings, bools, None, lists of them).
fn literal(expr: &Expr) -> Option<Value> {
    Some(match expr {
        Expr::NoneLiteral(_) => Value::None,
        Expr::BooleanLiteral(b) => Value::Bool(b.value),
        Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
        Expr::NumberLiteral(n) => number(&n.value, false)?,
        Expr::UnaryOp(ast::ExprUnaryOp { op: ast::UnaryOp::USub, operand, .. }) => match &**operand {
            Expr::NumberLiteral(n) => number(&n.value, true)?,
            _ => return None,
        },
        Expr::List(list) => Value::List(list.elts.iter().map(literal).collect::<Option<_>>()?),
        _ => return None,
    })
}

fn number(n: &ast::Number, negative: bool) -> Option<Value> {
    match n {
        ast::Number::Int(i) => {
            let i = i.as_i64()?;
            Some(Value::Int(if negative { i.checked_neg()? } else { i }))
        }
        ast::Number::Float(x) => Some(Value::Float(if negative { -x } else { *x })),
        ast::Number::Complex { .. } => None,
    }
}

/// `source` with each overridden constant's literal replaced by the value's Python text.
pub fn substitute(
    file: &str,
    source: &str,
    constants: &[Constant],
    overrides: &[(String, Value)],
) -> Result<String, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (name, value) in overrides {
        let matching: Vec<&Constant> = constants.iter().filter(|c| c.name == *name).collect();
        let Some(text) = python_text(value) else {
            problems.push(whole(file, format!("knob '{name}' has a value Python cannot write: {value}")));
            continue;
        };
        if matching.is_empty() {
            problems.push(whole(file, format!("no module-level constant '{name}' to bind the knob to")));
        }
        for constant in matching {
            edits.push((constant.range.0, constant.range.1, text.clone()));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = source.to_string();
    for (start, end, text) in edits {
        out.replace_range(start..end, &text);
    }
    Ok(out)
}

fn whole(file: &str, message: String) -> Diagnostic {
    Diagnostic { file: file.to_string(), line: 1, col: 1, message }
}

/// A value as a Python literal (`True`, `-3`, `0.5`, `'x'`, `[1, 2]`).
fn python_text(value: &Value) -> Option<String> {
    match value {
        Value::Float(x) if !x.is_finite() => Some(format!("float('{}')", value)),
        Value::List(items) => {
            let items: Option<Vec<String>> = items.iter().map(python_text).collect();
            Some(format!("[{}]", items?.join(", ")))
        }
        other => Some(other.repr()),
    }
}

#[cfg(test)]
mod tests {
    use crate::python::Program;
    use crate::value::Value;

    #[test]
    fn module_constants_are_found_with_the_line_of_their_literal() {
        let source = "USE_LOCK = True  # knob\nN: int = -3\nif __name__ == '__main__':\n    NAME = '包子'\ndef f():\n    HIDDEN = 1\n";
        let program = Program::parse("prog.py", source).expect("parses");
        let found: Vec<(&str, u32, u32, &Value)> =
            program.constants().iter().map(|c| (c.name.as_str(), c.line, c.col, &c.value)).collect();
        assert_eq!(
            found,
            vec![
                ("USE_LOCK", 1, 12, &Value::Bool(true)),
                ("N", 2, 10, &Value::Int(-3)),
                ("NAME", 4, 12, &Value::Str("包子".into())),
            ]
        );
    }

    #[test]
    fn an_override_replaces_the_literal_on_its_own_line() {
        let program = Program::parse("prog.py", "A = 1\nB = 'x'  # knob\nprint(A, B)\n").expect("parses");
        let changed = program
            .with_overrides(&[("B".into(), Value::Str("it's".into())), ("A".into(), Value::Float(0.5))])
            .expect("substitutes");
        assert_eq!(changed.source(), "A = 0.5\nB = \"it's\"  # knob\nprint(A, B)\n");
        let error = program.with_overrides(&[("C".into(), Value::Int(1))]).err().expect("no constant C");
        assert_eq!(error[0].to_string(), "prog.py:1:1: no module-level constant 'C' to bind the knob to");
    }
}
