//! Unit tests of the step language parser: precedence, blocks, durations, interpolation,
//! every statement kind, positions, and inputs that must be refused without a panic.

use super::*;
use crate::lesson::script::{BinOp, ExprKind, StrPart};

const ORIGIN: Pos = Pos { line: 10, col: 1 };

fn parse(code: &str) -> Vec<Stmt> {
    match parse_script(code, ORIGIN, "t.toml") {
        Ok(s) => s,
        Err(d) => panic!("did not parse: {}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    }
}

fn errors(code: &str) -> Vec<Diagnostic> {
    parse_script(code, ORIGIN, "t.toml").expect_err("should not parse")
}

fn expr(text: &str) -> Expr {
    parse_expression(text, Pos { line: 1, col: 1 }, "t.toml").expect("parses")
}

/// A compact rendering of an expression, parenthesised, to test precedence.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Str(parts) => parts
            .iter()
            .map(|p| match p {
                StrPart::Lit(s) => s.clone(),
                StrPart::Expr(e) => format!("{{{}}}", show(e)),
            })
            .collect::<String>(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::None => "None".into(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(",")),
        ExprKind::Unary { op, operand } => format!("({op:?} {})", show(operand)),
        ExprKind::Binary { op, left, right } => format!("({} {op:?} {})", show(left), show(right)),
        ExprKind::Call { func, args, kwargs } => {
            let mut all: Vec<String> = args.iter().map(show).collect();
            all.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", show(v))));
            format!("{func}({})", all.join(","))
        }
        ExprKind::Method { object, method, args, .. } => {
            format!("{object}.{method}({})", args.iter().map(show).collect::<Vec<_>>().join(","))
        }
        ExprKind::Attr { object, attr } => format!("{object}.{attr}"),
        ExprKind::Index { base, index } => format!("{}[{}]", show(base), show(index)),
    }
}

#[test]
fn precedence_follows_python() {
    assert_eq!(show(&expr("1 + 2 * 3")), "(1 Add (2 Mul 3))");
    assert_eq!(show(&expr("a or b and not c")), "(a Or (b And (Not c)))");
    assert_eq!(show(&expr("not a == b")), "(Not (a Eq b))");
    assert_eq!(show(&expr("-x * 2 - 1")), "(((Neg x) Mul 2) Sub 1)");
    assert_eq!(show(&expr("7 // 2 + 7 / 2 % 3")), "((7 Div 2) Add ((7 Div 2) Mod 3))");
    assert_eq!(show(&expr("(1 + 2) * 3")), "((1 Add 2) Mul 3)");
    assert_eq!(show(&expr("a - b - c")), "((a Sub b) Sub c)");
    assert_eq!(show(&expr("-5")), "-5");
}

#[test]
fn postfix_calls_methods_attributes_and_indexes() {
    assert_eq!(show(&expr("xs[i + 1][0]")), "xs[(i Add 1)][0]");
    assert_eq!(show(&expr("q.put(x, block=False)")), "q.put(x)");
    assert_eq!(show(&expr("Process(buyer, args=[i], daemon=True)")), "Process(buyer,args=[i],daemon=true)");
    assert_eq!(show(&expr("p.exitcode == 0")), "(p.exitcode Eq 0)");
    assert_eq!(show(&expr("[1, 2,]")), "[1,2]");
    assert_eq!(show(&expr("[]")), "[]");
}

#[test]
fn chained_comparisons_and_tuples_are_refused() {
    assert!(parse_expression("a < b < c", ORIGIN, "t").is_err());
    assert!(parse_expression("(a, b)", ORIGIN, "t").is_err());
    assert!(parse_expression("f(a=1, 2)", ORIGIN, "t").is_err());
    assert!(parse_expression("f(a=1, a=2)", ORIGIN, "t").is_err());
}

#[test]
fn durations_are_milliseconds_in_expressions() {
    assert_eq!(show(&expr("sleep(1.5s)")), "sleep(1500)");
    assert_eq!(show(&expr("sleep(100ms)")), "sleep(100)");
}

#[test]
fn strings_interpolate_expressions_and_keep_double_braces() {
    assert_eq!(show(&expr("\"n={n + 1} {{lit}}\"")), "n={(n Add 1)} {lit}");
    assert!(
        parse_expression("\"a{\"x\"}\"", ORIGIN, "t").is_err(),
        "the same quote inside an interpolation ends the string"
    );
    assert_eq!(show(&expr("\"a{'x'}\"")), "a{x}");
}

#[test]
fn every_simple_statement_kind_parses() {
    let s = parse(
        "1| x = 1\n2| x += 2\n3| x -= 1\n4| x *= 3\n5| v.value = 0\n6| v.value += 1\n7| pass\n8| raise ValueError\n9| raise ValueError(\"bad\")\n| print(x)",
    );
    let kinds: Vec<&StmtKind> = s.iter().map(|s| &s.kind).collect();
    assert!(matches!(kinds[0], StmtKind::Assign { target, .. } if target == "x"));
    assert!(matches!(kinds[1], StmtKind::AugAssign { op: BinOp::Add, .. }));
    assert!(matches!(kinds[2], StmtKind::AugAssign { op: BinOp::Sub, .. }));
    assert!(matches!(kinds[3], StmtKind::AugAssign { op: BinOp::Mul, .. }));
    assert!(matches!(kinds[4], StmtKind::SetAttr { object, attr, .. } if object == "v" && attr == "value"));
    assert!(matches!(kinds[5], StmtKind::AugSetAttr { op: BinOp::Add, .. }));
    assert!(matches!(kinds[6], StmtKind::Pass));
    assert!(matches!(kinds[7], StmtKind::Raise { message: None, .. }));
    assert!(matches!(kinds[8], StmtKind::Raise { message: Some(_), .. }));
    assert!(matches!(kinds[9], StmtKind::Expr(_)));
    assert_eq!(s[9].py_line, 9, "a bare '|' continues the previous Python line");
}

#[test]
fn blocks_nest_by_indentation() {
    let code = "\
1| for i in range(3):
2|     if i == 0:
3|         print(\"zero\")
4|     elif i == 1:
5|         continue
6|     else:
7|         while True:
8|             break
9| loop:
   |   repeat 2:
   |     pass
   |   break
10| try:
11|     q.get_nowait()
12| except Empty:
13|     pass
14| except ValueError as e:
15|     print(e)
16| print(\"done\")";
    let s = parse(code);
    assert_eq!(s.len(), 4);
    let StmtKind::For { var, body, .. } = &s[0].kind else { panic!("{:?}", s[0]) };
    assert_eq!(var, "i");
    let StmtKind::If { branches, otherwise } = &body[0].kind else { panic!("{body:?}") };
    assert_eq!(branches.len(), 2);
    assert!(matches!(branches[1].1[0].kind, StmtKind::Continue));
    assert!(matches!(&otherwise[0].kind, StmtKind::While { body, .. } if matches!(body[0].kind, StmtKind::Break)));
    let StmtKind::Loop { body } = &s[1].kind else { panic!("{:?}", s[1]) };
    assert!(matches!(&body[0].kind, StmtKind::Repeat { body, .. } if body.len() == 1));
    assert!(matches!(body[1].kind, StmtKind::Break));
    let StmtKind::Try { body, handlers } = &s[2].kind else { panic!("{:?}", s[2]) };
    assert_eq!(body.len(), 1);
    assert_eq!(handlers.len(), 2);
    assert_eq!(handlers[1].bind.as_deref(), Some("e"));
    assert_eq!(handlers[0].error, "Empty");
    assert_eq!(s[3].py_line, 16);
}

#[test]
fn positions_are_file_positions() {
    let s = parse_script("3| x = 1\n  4| print(x)  # hi", Pos { line: 20, col: 5 }, "t.toml").expect("parses");
    assert_eq!(s[0].pos, Pos { line: 20, col: 8 });
    assert_eq!(s[1].pos, Pos { line: 21, col: 6 });
    let StmtKind::Expr(Expr { kind: ExprKind::Call { args, .. }, .. }) = &s[1].kind else { panic!() };
    assert_eq!(args[0].pos, Pos { line: 21, col: 12 });
}

#[test]
fn comments_and_blank_numbered_lines_are_skipped() {
    let s = parse("# a comment\n\n5|\n6|   # nothing\n7| pass");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].py_line, 7);
}

#[test]
fn a_line_without_a_number_is_reported_with_a_hint() {
    let d = errors("1| pass\n    print(1)");
    assert_eq!((d[0].line, d[0].col), (11, 5));
    assert_eq!(d[0].message, "statement has no Python line number");
    assert!(d[0].hint.as_deref().unwrap_or("").contains("12| "));
}

#[test]
fn line_numbers_are_checked_against_the_program() {
    let d = parse_script_for("1| pass\n24| pass\n0| pass", ORIGIN, "t", Some(23)).expect_err("past the end");
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].message, "step points past the Python program (it has 23 lines)");
    assert_eq!((d[0].line, d[0].col), (11, 1));
    assert!(d[1].message.contains("'0'"));
}

#[test]
fn indentation_errors_are_reported() {
    assert_eq!(errors("1| pass\n2|   pass")[0].message, "unexpected indent");
    assert_eq!(
        errors("1| if x:\n2|     pass\n3|   pass")[0].message,
        "unindent does not match any outer indentation level"
    );
    assert_eq!(errors("1| if x:\n2| pass")[0].message, "'if' has no indented block");
    assert_eq!(errors("1| else:\n2|   pass")[0].message, "'elif'/'else' without 'if'");
    assert_eq!(errors("1| try:\n2|   pass")[0].message, "'try' without 'except'");
    assert!(errors("1| if x: pass")[0].message.contains("same line"));
    assert!(errors("1| if x\n2|   pass")[0].message.contains("':'"));
    assert!(errors("1|\tpass")[0].message.contains("tab"));
    assert!(errors("\t1| pass")[0].message.contains("tab"));
}

#[test]
fn every_error_of_a_script_is_reported() {
    let d = errors("1| x = \n2| y = )\n3| ok = 1\n4| z = ((");
    assert_eq!(d.len(), 3);
    assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), vec![10, 11, 13]);
}

#[test]
fn bad_assignment_targets_are_refused() {
    assert!(errors("1| xs[0] = 1")[0].message.contains("assign"));
    assert!(errors("1| f(x) += 1")[0].message.contains("assign"));
}

#[test]
fn five_thousand_nested_parentheses_are_refused_without_a_panic() {
    let code = format!("1| x = {}1{}", "(".repeat(5000), ")".repeat(5000));
    let d = errors(&code);
    assert!(d[0].message.contains("nested too deeply"), "{d:?}");
}

#[test]
fn deep_unary_chains_and_nested_strings_are_bounded() {
    assert!(errors(&format!("1| x = {}1", "not ".repeat(5000)))[0].message.contains("too deeply"));
    assert!(errors(&format!("1| x = {}1", "- ".repeat(5000)))[0].message.contains("too deeply"));
    assert!(errors(&format!("1| x = {}1", "[".repeat(5000)))[0].message.contains("too deeply"));
    let mut s = String::from("1");
    for _ in 0..200 {
        s = format!("\"{{{s}}}\"");
    }
    assert!(parse_script(&format!("1| x = {s}"), ORIGIN, "t").is_err());
    assert!(parse(&format!("1| x = {}1{}", "(".repeat(60), ")".repeat(60))).len() == 1);
}

#[test]
fn deeply_nested_blocks_are_refused_without_a_panic() {
    let mut code = String::new();
    for depth in 0..2_000 {
        code.push_str(&format!("1| {}loop:\n", " ".repeat(depth)));
    }
    code.push_str(&format!("1| {}pass\n", " ".repeat(2_000)));
    let d = errors(&code);
    assert!(d.iter().any(|d| d.message.contains("nested too deeply")), "{:?}", &d[..1]);
}

#[test]
fn a_very_long_line_is_fine_but_a_very_long_chain_is_refused() {
    let code = format!("1| x = \"{}\" + [{}0]", "x".repeat(100_000), "1, ".repeat(20_000));
    assert_eq!(parse(&code).len(), 1);
    let d = errors(&format!("1| x = {}1", "1 + ".repeat(20_000)));
    assert!(d[0].message.contains("too long"), "{d:?}");
    assert_eq!(parse(&format!("1| x = {}1", "1 + ".repeat(40))).len(), 1);
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    assert_eq!(parse(""), vec![]);
    for odd in [
        "|",
        "||",
        "1|",
        "1| (",
        "1| \"",
        "1| é",
        "\u{0}\u{1}",
        "1| x.",
        "1| f(",
        "99999999999999| pass",
        "1| 1.",
        "1| '{'",
    ] {
        let _ = parse_script(odd, ORIGIN, "t");
    }
}
