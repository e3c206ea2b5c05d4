//! Parsing checks: the tree each construct becomes, positions in the file, and the problems
//! of constructs a check cannot use.

use super::*;

/// Parses `text` as if it started at line 3, column 11 of the file.
fn parsed(text: &str) -> (Option<Expr>, Vec<String>) {
    let at = |offset: usize| Pos { line: 3, col: 11 + text[..offset].chars().count() as u32 };
    let (expr, problems) = parse(text, "t.toml", &at);
    (expr, problems.iter().map(ToString::to_string).collect())
}

fn tree(text: &str) -> ExprKind {
    match parsed(text) {
        (Some(e), p) if p.is_empty() => e.kind,
        other => panic!("{text}: {other:?}"),
    }
}

fn problems(text: &str) -> Vec<String> {
    let p = parsed(text).1;
    assert!(!p.is_empty(), "{text} should have problems");
    p
}

fn text(s: &str) -> ExprKind {
    ExprKind::Const(Value::Str(s.into()))
}

#[test]
fn literals_names_and_calls_become_their_nodes() {
    assert_eq!(tree("None"), ExprKind::Const(Value::None));
    assert_eq!(tree("True"), ExprKind::Const(Value::Bool(true)));
    assert_eq!(tree("-9223372036854775808"), ExprKind::Const(Value::Int(i64::MIN)));
    assert_eq!(tree("0.5"), ExprKind::Const(Value::Float(0.5)));
    assert_eq!(tree("'a' \"b\""), text("ab"));
    assert_eq!(tree("tickets"), ExprKind::Name("tickets".into()));
    let ExprKind::Call { func, args } = tree("printed(\"购票成功\")") else { panic!("a call") };
    assert_eq!((func.as_str(), args[0].kind.clone()), ("printed", text("购票成功")));
}

#[test]
fn a_plain_string_is_plain_and_an_f_string_has_fields() {
    assert_eq!(tree("\"剩余票数{tickets}\""), text("剩余票数{tickets}"));
    let ExprKind::FString(parts) = tree("f\"剩余票数{tickets!r:>3}{{\"") else { panic!("an f-string") };
    assert_eq!(parts[0], FPart::Lit("剩余票数".into()));
    let FPart::Field { expr, repr, spec } = &parts[1] else { panic!("a field") };
    assert_eq!((&expr.kind, *repr, spec.as_str()), (&ExprKind::Name("tickets".into()), true, ">3"));
    assert_eq!(parts[2], FPart::Lit("{".into()));
}

#[test]
fn comparisons_chain_and_operators_keep_python_precedence() {
    let ExprKind::Compare { rest, .. } = tree("0 <= x < 3 not in y") else { panic!("a comparison") };
    assert_eq!(rest.iter().map(|(op, _)| *op).collect::<Vec<_>>(), [CmpOp::Le, CmpOp::Lt, CmpOp::NotIn]);
    let ExprKind::Binary { op, right, .. } = tree("1 + 2 * 3") else { panic!("a sum") };
    assert_eq!(op, value::BinOp::Add);
    assert!(matches!(right.kind, ExprKind::Binary { op: value::BinOp::Mul, .. }));
    assert!(matches!(tree("7 // 2"), ExprKind::Binary { op: value::BinOp::FloorDiv, .. }));
    assert!(matches!(tree("a and b or c"), ExprKind::BoolOp { op: BoolOp::Or, .. }));
    assert!(matches!(tree("items(\"q\")[-1]"), ExprKind::Subscript { .. }));
    assert!(matches!(tree("exitcode(\"Process-1\") is None"), ExprKind::Compare { .. }));
}

#[test]
fn nodes_know_their_column_in_the_file() {
    let (Some(e), _) = parsed("printed(\"购票\") > tikets") else { panic!("parses") };
    let ExprKind::Compare { left, rest } = e.kind else { panic!("a comparison") };
    assert_eq!(left.pos, Pos { line: 3, col: 11 });
    assert_eq!(rest[0].1.pos, Pos { line: 3, col: 27 });
}

#[test]
fn methods_attributes_and_other_python_are_refused_where_they_stand() {
    assert_eq!(
        problems("q.qsize() == 0"),
        ["t.toml:3:11: checks cannot call methods ('q.qsize()') — check functions: printed, printed_containing, \
          first, last, first_containing, last_containing, earliest, len, exitcode, raised, zombie_ms, max_holders, \
          max_waiters, processes, items, duration_ms, audit_ok, deadlocked, stuck"]
    );
    assert!(problems("1 + p.exitcode")[0].starts_with("t.toml:3:15: checks cannot read attributes ('p.exitcode')"));
    assert!(problems("[x for x in y]")[0].contains("a comprehension cannot be used in a check"));
    assert!(problems("2 ** 3")[0].contains("operator '**' cannot be used"));
    assert!(problems("items(\"q\")[1:]")[0].contains("a slice cannot be used"));
    assert!(problems("printed(\"x\", end=\"\")")[0].contains("'printed' takes no keyword argument 'end'"));
    assert!(problems("f\"{x=}\"")[0].contains("'=' in an f-string field"));
    assert!(problems("x is 3")[0].contains("'x is 3' compares with None, True or False only"));
    assert!(problems("99999999999999999999")[0].contains("beyond forkbook's 64-bit ints"));
    // The rest of the tree is still there to check.
    let (Some(e), p) = parsed("q.qsize() == tikets") else { panic!("parses") };
    assert_eq!(p.len(), 1);
    let ExprKind::Compare { rest, .. } = e.kind else { panic!("a comparison") };
    assert_eq!(rest[0].1.kind, ExprKind::Name("tikets".into()));
}

#[test]
fn syntax_errors_and_absurd_nesting_give_no_tree() {
    let (e, p) = parsed("printed(\"x\" > 1");
    assert!(e.is_none());
    assert!(p[0].starts_with("t.toml:3:") && p[0].contains("invalid syntax"), "{p:?}");
    let (e, p) = parsed("a b");
    assert!(e.is_none() && p[0].contains("invalid syntax"), "{p:?}");
    let (e, p) = parsed(&format!("{}1{}", "(".repeat(5000), ")".repeat(5000)));
    assert!(e.is_none() && p[0].contains("nested too deeply"), "{p:?}");
    let (e, p) = parsed(&format!("{}1", "not ".repeat(5000)));
    assert!(e.is_none() && p[0].contains("too long"), "{p:?}");
    assert!(parsed("1 ==\n 1").1[0].contains("must fit on one line"));
}

#[test]
fn the_deepest_checks_the_guard_lets_through_parse_on_a_small_stack() {
    let (depth, ops) = (nesting::MAX_DEPTH, nesting::MAX_OPERATORS);
    let brackets = |open: &str, close: &str| format!("{}1{}", open.repeat(depth), close.repeat(depth));
    let mut f_strings = "x".to_string();
    for _ in 0..depth / 2 {
        f_strings = format!("f'{{{f_strings}}}'");
    }
    let worst = [
        format!("{}{}", "-".repeat(ops - depth), brackets("(", ")")),
        format!("{}{}", "not ".repeat(ops - depth), brackets("len(", ")")),
        format!("{}{}", "1 + ".repeat(ops - depth), brackets("[", "]")),
        format!("{}1", "1 if 1 else ".repeat(ops / 2 - 1)),
        format!("x{}", "[0]".repeat(depth)),
        f_strings,
    ];
    for check in worst {
        assert_eq!(nesting::check(&check), Ok(()), "{check}");
        let worker = std::thread::Builder::new().stack_size(512 * 1024);
        let handle = worker.spawn(move || parsed(&check).1.len()).expect("thread");
        assert!(handle.join().is_ok(), "no overflow");
    }
}
