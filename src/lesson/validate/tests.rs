//! Unit tests of validation on small inline lessons; the fixture files are checked by
//! `tests/lesson_check.rs`.

use super::*;

const BASE: &str = r#"format = 1
id = "t"
chapter = 1
order = 1
concept = { en = "Lock", zh = "锁" }
title = { en = "T", zh = "标题" }
story = { en = "S", zh = "故事" }
python = '''
from multiprocessing import Process, Lock
N = 2
def work(i):
    print(i)
if __name__ == "__main__":
    lock = Lock()
    Process(target=work, args=(N,)).start()
'''
"#;

/// The knob `n` (an int from 1 to 5) that sets the program's `N`.
const KNOB_N: &str = "[knobs.n]\ntype = \"int\"\ndefault = 2\nmin = 1\nmax = 5\nhelp = { en = \"n\", zh = \"n\" }\n";

fn with(extra: &str) -> Result<Lesson, Vec<Diagnostic>> {
    validate(&format!("{BASE}{extra}"), "t.toml")
}

fn problems(extra: &str) -> Vec<String> {
    match with(extra) {
        Ok(_) => panic!("should not validate"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_small_lesson_validates_and_its_knob_sets_the_constant_named_after_it() {
    let expect = "[[expect]]\nname = \"n\"\nchecks = ['printed(f\"{n}\") == 1', 'max_holders(\"lock\") == 0']\n";
    let l = with(&format!("{KNOB_N}{expect}")).expect("valid");
    assert_eq!(l.knobs.len(), 1);
    assert_eq!(l.knobs[0].constant, "N");
    assert_eq!(l.expectations[0].checks.len(), 2);
    assert!(l.python.starts_with("from multiprocessing import Process, Lock\n"));
}

#[test]
fn every_problem_is_collected_in_file_order() {
    let bad_knob = "[knobs.m]\ntype = \"integer\"\ndefault = 1\nhelp = { en = \"m\", zh = \"m\" }\n";
    let expect = "[[expect]]\nname = \"e\"\nchecks = ['printd(\"a\") == 1', 'max_holders(\"lok\") == 0']\n";
    let p = problems(&format!("{bad_knob}{KNOB_N}{expect}"));
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].contains("unknown knob type 'integer' — did you mean 'int'?"), "{p:?}");
    assert!(p[1].contains("unknown check function 'printd'"), "{p:?}");
    assert!(p[2].contains("the program assigns no object to 'lok'"), "{p:?}");
}

#[test]
fn scripts_and_resources_of_the_old_step_language_get_one_diagnostic_each_at_their_line() {
    let p = problems("[scripts.main]\ncode = '''\n1| x = y\n2| break\n'''\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("t.toml:17:"), "{p:?}");
    assert!(p[0].contains("[scripts] is the old step language"), "{p:?}");
    assert!(p[0].ends_with("— remove [scripts]"), "{p:?}");
    let old = "[resources.lock]\nkind = \"Lokc\"\n[resources.q]\nkind = \"Queue\"\n[scripts.main]\ncode = 'pass'\n";
    let p = problems(old);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].starts_with("t.toml:17:") && p[0].contains("[resources]"), "{p:?}");
    assert!(p[1].starts_with("t.toml:21:") && p[1].contains("[scripts]"), "{p:?}");
}

#[test]
fn missing_fields_are_each_reported() {
    let d = validate("format = 1\n", "t.toml").expect_err("incomplete");
    let text: Vec<String> = d.iter().map(ToString::to_string).collect();
    for field in ["id", "chapter", "order", "concept", "title", "story", "python"] {
        assert!(text.iter().any(|t| t.contains(&format!("missing '{field}"))), "{field}: {text:?}");
    }
}

#[test]
fn unknown_fields_get_a_did_you_mean() {
    let p = problems("[knobs.n]\ntpye = \"int\"\n");
    assert_eq!(p, vec!["t.toml:18:1: unknown field 'tpye' — did you mean 'type'?".to_string()]);
}

#[test]
fn basic_multiline_strings_map_program_positions_too() {
    let src = BASE.replace("python = '''", "python = \"\"\"").replace("\n'''\n", "\n\"\"\"\n");
    let src = src.replace("    print(i)", "    print(i))");
    let d = validate(&src, "t.toml").expect_err("a syntax error");
    assert_eq!((d.len(), d[0].line), (1, 12), "{d:?}");
}

#[test]
fn an_empty_question_and_task_report_every_missing_field() {
    let p = problems("[[questions]]\nid = \"q\"\n[[tasks]]\nhints = []\n");
    let want = [
        "t.toml:17:1: question 'q' has no 'answer'",
        "t.toml:17:1: question 'q' has no 'kind'",
        "t.toml:17:1: question 'q' has no 'prompt'",
        "t.toml:17:1: question 'q' has no 'explain'",
        "t.toml:19:1: task has no 'id'",
        "t.toml:19:1: task has no 'goal'",
        "t.toml:19:1: task has no 'check'",
    ];
    assert_eq!(p.len(), want.len(), "{p:?}");
    for w in want {
        assert!(p.iter().any(|d| d.starts_with(w)), "{w}: {p:?}");
    }
}

#[test]
fn answers_and_checks_accept_earliest_with_two_or_more_texts() {
    let task = "[[tasks]]\nid = \"t\"\ngoal = { en = \"g\", zh = \"目标\" }\ncheck = 'earliest(\"a\", \"b\", \"c\") == \"a\"'\n";
    let l = with(task).expect("valid");
    assert_eq!(l.tasks[0].check.source, r#"earliest("a", "b", "c") == "a""#);
    let p = problems("[[expect]]\nname = \"n\"\nchecks = ['earliest(\"a\") == \"a\"']\n");
    assert!(p[0].contains("wrong arguments to 'earliest'"), "{p:?}");
}
