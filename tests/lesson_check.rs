//! Lesson loading end to end: the template, every built-in lesson and every valid fixture
//! load; every invalid fixture fails at the expected `line:col` with the expected message;
//! hostile inputs (empty, binary, deep nesting, huge lines) are refused without a panic.

use std::path::{Path, PathBuf};

use forkbook::lesson::{self, Diagnostic, builtin};

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture dir exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The problems of lesson text that must not validate.
fn problems(src: &str) -> Vec<Diagnostic> {
    match lesson::from_str(src, "t.toml") {
        Ok(_) => panic!("should not validate"),
        Err(d) => {
            assert!(!d.is_empty(), "an error comes with at least one diagnostic");
            d
        }
    }
}

#[test]
fn the_template_validates() {
    match lesson::load(Path::new("lessons/TEMPLATE.toml")) {
        Ok(l) => {
            assert_eq!(l.id, "template");
            assert_eq!(l.knobs.len(), 2);
            assert!(l.python.contains("__main__"), "the template has its Python program");
            assert_eq!(l.expectations.len(), 2);
        }
        Err(d) => panic!("{}", show(&d)),
    }
}

#[test]
fn every_built_in_lesson_validates_and_its_id_is_its_file_name() {
    for (id, src) in builtin::all() {
        match lesson::from_str(src, &format!("builtin:{id}")) {
            Ok(l) => assert_eq!(l.id, *id, "lessons/{id}.toml has id '{}'", l.id),
            Err(d) => panic!("{}", show(&d)),
        }
        assert!(lesson::resolve(id).is_ok());
    }
}

#[test]
fn every_valid_fixture_loads() {
    let files = toml_files("tests/lessons/valid");
    assert!(files.len() >= 2);
    for f in files {
        if let Err(d) = lesson::load(&f) {
            panic!("{}", show(&d));
        }
    }
}

/// (fixture name, line, col, message substring) for every invalid fixture.
const INVALID: &[(&str, u32, u32, &str)] = &[
    ("bad_schedule", 32, 12, "schedule entry 1 'Process-1@x': the line must be a positive number"),
    ("bad_toml", 8, 1, "missing comma"),
    ("check_calls_a_method", 37, 4, "checks cannot call methods ('lock.locked()')"),
    ("check_not_an_expression", 38, 37, "invalid syntax"),
    ("check_plain_string_with_knob", 38, 12, "'{children}' in a plain string is not replaced by the knob's value"),
    ("check_unknown_knob_after_escapes", 42, 38, "'childen' is not a knob"),
    ("check_unknown_program_object", 39, 20, "the program assigns no object to 'lok'"),
    ("choice_without_options", 46, 8, "choice question 'first_line' has no 'options'"),
    ("duplicate_question_id", 63, 6, "id 'lines' is already used by the question at line 36"),
    ("empty_text", 8, 57, "text empty in Chinese ('zh')"),
    ("expect_set_out_of_range", 33, 17, "value '30' is out of range for knob 'slots'"),
    ("expect_set_unknown_knob", 33, 9, "unknown knob 'slot'"),
    ("knob_default_out_of_range", 26, 11, "value '9' is out of range"),
    ("knob_min_above_max", 27, 7, "min 6 above max 5"),
    ("knob_sets_no_constant", 24, 1, "knob 'slots' sets no module constant 'SLOTS' of the program"),
    ("missing_chinese", 6, 11, "text missing in Chinese ('zh')"),
    ("note_line_outside_the_program", 36, 8, "note line '40' is not a line of the program"),
    ("note_missing_chinese", 35, 1, "text missing in Chinese ('zh')"),
    ("note_twice_for_a_line", 41, 8, "a second note for line 5"),
    ("number_answer_is_truth", 39, 11, "the answer of number question 'lines' is true or false, not a number"),
    ("number_question_with_options", 39, 11, "'options' does not apply to a number question"),
    ("old_resources", 35, 2, "[resources] is the old step language"),
    ("old_scripts", 35, 2, "[scripts] is the old step language: forkbook runs the lesson's Python program itself"),
    ("option_never_matches", 49, 15, "option value '2' can never equal the answer, which is a printed text"),
    ("option_value_twice", 58, 62, "option value 'true' is listed twice"),
    ("program_bad_indent", 20, 1, "unexpected indent"),
    ("program_outside_the_subset", 14, 5, "'yield' is not supported by forkbook (generators)"),
    ("program_unterminated_string", 14, 11, "unterminated string literal (detected at line 14)"),
    ("prompt_missing_chinese", 37, 10, "text missing in Chinese ('zh')"),
    ("too_many_hints", 72, 5, "more than 5 hints"),
    ("unknown_answer_function", 39, 11, "unknown check function 'prnted'"),
    ("unknown_check_function", 33, 12, "unknown check function 'printd'"),
    ("unknown_field", 38, 1, "unknown field 'kidn'"),
    ("unknown_knob_type", 25, 8, "unknown knob type 'integer'"),
    ("unknown_question_kind", 38, 8, "unknown question kind 'numbr'"),
    ("unsupported_format", 2, 10, "unsupported format '2'"),
    ("wrong_type", 4, 11, "wrong type: string \"one\" where an integer belongs"),
];

#[test]
fn every_invalid_fixture_fails_at_its_line_and_column() {
    let files = toml_files("tests/lessons/invalid");
    let names: Vec<String> = files.iter().filter_map(|f| f.file_stem()?.to_str().map(str::to_string)).collect();
    let listed: Vec<&str> = INVALID.iter().map(|(n, ..)| *n).collect();
    assert_eq!(names, listed, "every fixture has one row in INVALID, in file name order");
    for (name, line, col, message) in INVALID {
        let path = format!("tests/lessons/invalid/{name}.toml");
        let diags = match lesson::load(Path::new(&path)) {
            Ok(_) => panic!("{path} should not validate"),
            Err(d) => d,
        };
        assert_eq!(diags.len(), 1, "{path} has exactly one problem:\n{}", show(&diags));
        let d = &diags[0];
        assert_eq!(d.file, path);
        assert!(d.message.contains(message), "{path}: '{}' lacks '{message}'", d.message);
        assert_eq!((d.line, d.col), (*line, *col), "{path}: {d}");
    }
}

#[test]
fn a_workbook_fixture_loads_its_questions_and_tasks() {
    use forkbook::lesson::QuestionKind;
    use forkbook::value::Value;
    let l = lesson::load(Path::new("tests/lessons/valid/workbook.toml")).expect("valid");
    let ids: Vec<&str> = l.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["lines", "first_line", "prints_at_all"]);

    let lines = &l.questions[0];
    assert_eq!(lines.kind, QuestionKind::Number);
    assert_eq!(lines.prompt.zh, "子进程打印几行？");
    assert_eq!(lines.answer.source, r#"printed("child 1")"#);
    assert_eq!(lines.explain.en, "One print, one line: look at the output.");
    assert_eq!(lines.hints.len(), 1);
    assert_eq!(lines.hints[0].zh, "数一数 print。");

    let QuestionKind::Choice { options } = &l.questions[1].kind else { panic!("a choice question") };
    let values: Vec<&Value> = options.iter().map(|o| &o.value).collect();
    assert_eq!(values, [&Value::Str("child 1".into()), &Value::Str("main".into())]);
    assert_eq!(l.questions[1].answer.source, r#"earliest("child 1", "main")"#);
    assert!(l.questions[1].hints.is_empty());

    let QuestionKind::Choice { options } = &l.questions[2].kind else { panic!("a choice question") };
    assert_eq!(options[0].value, Value::Bool(true));
    assert_eq!(options[1].value, Value::Bool(false));
    assert_eq!((options[1].label.en.as_str(), options[1].label.zh.as_str()), ("No", "不会"));

    assert_eq!(l.tasks.len(), 1);
    let task = &l.tasks[0];
    assert_eq!(task.id, "lock_held");
    assert!(task.goal.en.starts_with("Have the lock held once"));
    assert_eq!(task.check.source, r#"max_holders("lock") == slots - 1"#);
    assert_eq!(task.hints.iter().map(|h| h.zh.as_str()).collect::<Vec<_>>(), ["直接运行。", "按 r。"]);
}

#[test]
fn hints_suggest_the_likely_fix() {
    let load =
        |name: &str| lesson::load(Path::new(&format!("tests/lessons/invalid/{name}.toml"))).expect_err("invalid");
    let hint = |name: &str| load(name)[0].hint.clone().unwrap_or_default();
    assert_eq!(hint("unknown_field"), "did you mean 'kind'?");
    assert_eq!(hint("unknown_knob_type"), "did you mean 'int'?");
    assert_eq!(hint("unknown_question_kind"), "did you mean 'number'?");
    assert_eq!(hint("unknown_answer_function"), "did you mean 'printed'?");
    assert_eq!(hint("duplicate_question_id"), "give each question and task its own id");
    assert_eq!(hint("check_unknown_knob_after_escapes"), "did you mean 'children'?");
    assert_eq!(hint("check_unknown_program_object"), "did you mean 'lock'?");
    assert_eq!(hint("check_plain_string_with_knob"), "make it an f-string: f\"child {children}\"");
    assert_eq!(hint("knob_sets_no_constant"), "add `SLOTS = 2` at the top of the program, or set constant = \"NAME\"");
    assert_eq!(hint("old_resources"), "remove [resources]");
    assert_eq!(
        load("old_scripts")[0].to_string(),
        "tests/lessons/invalid/old_scripts.toml:35:2: [scripts] is the old step language: forkbook runs the lesson's \
         Python program itself — remove [scripts]"
    );
}

#[test]
fn all_problems_of_a_file_are_reported_together() {
    let src = std::fs::read_to_string("tests/lessons/valid/minimal.toml").expect("fixture");
    let broken = src
        .replace("concept = { en = \"Lock\", zh = \"互斥锁\" }", "concept = { en = \"Lock\" }")
        .replace("    print(\"child\", i)", "    print(\"child\", i))")
        .replace("type = \"int\"", "type = \"integer\"")
        .replace("printed(\"child 1\") == 1", "printd(\"child 1\") == 1");
    let d = problems(&broken);
    assert_eq!(d.len(), 4, "{}", show(&d));
    let lines: Vec<u32> = d.iter().map(|d| d.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "diagnostics come in file order");
}

#[test]
fn an_empty_file_is_refused_without_a_panic() {
    for src in ["", "   \n\n", "# only a comment\n"] {
        let d = problems(src);
        assert!(d[0].line >= 1);
    }
}

#[test]
fn binary_and_non_utf8_files_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("binary.toml");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    std::fs::write(&path, &bytes).expect("write");
    let d = lesson::load(&path).expect_err("binary");
    assert!(d[0].message.contains("not UTF-8"), "{}", show(&d));
    std::fs::write(&path, b"format = 1\nid = \"\xff\xfe\"\n").expect("write");
    assert!(lesson::load(&path).is_err());
    let text_binary: String = (1..128u8).map(char::from).cycle().take(5000).collect();
    problems(&text_binary);
    problems("\u{0}\u{0}\u{0}");
}

#[test]
fn twenty_thousand_open_brackets_are_refused_at_the_offending_bracket() {
    let src = format!("format = 1\nx = {}", "[".repeat(20_000));
    let d = problems(&src);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].line, d[0].col), (2, 5 + 100));
    assert!(d[0].message.contains("nested more than 100 levels"));
    problems(&format!("x = {}", "{a = ".repeat(20_000)));
    problems(&format!("{} = 1", vec!["a"; 20_000].join(".")));
    problems(&format!("[{}]", vec!["a"; 20_000].join(".")));
}

#[test]
fn checks_nested_or_chained_past_the_limits_are_refused_at_their_line() {
    let src = std::fs::read_to_string("tests/lessons/valid/program_checks.toml").expect("fixture");
    let original = "'printed_containing(\"child\") == children'";
    assert!(src.contains(original));
    let deep = format!("'{}1{} == children'", "(".repeat(5000), ")".repeat(5000));
    let d = problems(&src.replace(original, &deep));
    assert_eq!((d.len(), d[0].line), (1, 38), "{}", show(&d));
    assert!(d[0].message.contains("nested too deeply"), "{}", show(&d));
    let chain = format!("'{}1 == children'", "not ".repeat(5000));
    assert!(problems(&src.replace(original, &chain))[0].message.contains("too long"));
}

#[test]
fn a_program_lesson_keeps_its_checks_as_written() {
    let l = lesson::load(Path::new("tests/lessons/valid/program_checks.toml")).expect("valid");
    let sources: Vec<&str> = l.expectations[0].checks.iter().map(|c| c.source.as_str()).collect();
    assert_eq!(sources[1], r#"printed(f"child {children - 1}") == 1"#);
    assert_eq!(sources[5], r#"max_waiters("lock") >= 0 and f'{children:>2}'[-1] == "2""#);
}

#[test]
fn very_long_lines_are_handled() {
    let src = std::fs::read_to_string("tests/lessons/valid/minimal.toml").expect("fixture");
    let long_story = src.replace("A child takes a lock and prints.", &"long ".repeat(200_000));
    assert!(lesson::from_str(&long_story, "t.toml").is_ok());
    let long_line = src.replace("    print(\"child\", i)", &format!("    print(\"{}\")", "x".repeat(200_000)));
    assert!(long_line.len() > 200_000 && lesson::from_str(&long_line, "t.toml").is_ok());
    problems(&format!("x = \"{}", "y".repeat(1_000_000)));
}

#[test]
fn resolve_finds_files_and_explains_unknown_ids() {
    assert!(lesson::resolve("tests/lessons/valid/minimal.toml").is_ok());
    let d = lesson::resolve("no_such_lesson_id").expect_err("unknown");
    assert!(d[0].message.contains("no built-in lesson 'no_such_lesson_id'"));
}

#[test]
fn knob_values_apply_set_arguments() {
    let l = lesson::load(Path::new("tests/lessons/valid/many_kinds.toml")).expect("valid");
    let set = lesson::knobs::parse_set("items=7").expect("name=value");
    let values = l.knob_values(&[set]).expect("in range");
    assert_eq!(values["items"], forkbook::value::Value::Int(7));
    let bad = l.knob_values(&[("items".into(), "70".into())]).expect_err("out of range");
    assert!(bad[0].to_string().contains("from 0 to 20"));
    assert_eq!(l.expectations[0].set["fast"], forkbook::value::Value::Bool(true));
}
