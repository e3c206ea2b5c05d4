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
def work(i):
    print(i)
if __name__ == "__main__":
    lock = Lock()
    Process(target=work, args=(1,)).start()
'''
"#;

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
fn a_small_lesson_validates() {
    let l = with("[knobs.n]\ntype = \"int\"\ndefault = 2\nmin = 1\nmax = 5\nhelp = { en = \"n\", zh = \"n\" }\n[resources.lock]\nkind = \"Lock\"\nline = 5\n[scripts.main]\ncode = '''\n6| p = Process(target=work, args=[1])\n| p.start()\n'''\n[scripts.work]\nparams = [\"i\"]\ncode = '''\n3| with_lock = lock.acquire()\n| print(i, n)\n'''\n")
        .expect("valid");
    assert_eq!(l.knobs.len(), 1);
    assert_eq!(l.scripts["main"].body[0].pos, Pos { line: 27, col: 4 });
    assert_eq!(l.scripts["work"].params, vec!["i".to_string()]);
}

#[test]
fn every_problem_is_collected_in_file_order() {
    let p = problems("[resources.lock]\nkind = \"Lokc\"\n[scripts.main]\ncode = '''\n1| x = y\n2| break\n'''\n");
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].contains("unknown resource kind 'Lokc' — did you mean 'Lock'?"), "{p:?}");
    assert!(p[1].contains("undefined name 'y'"), "{p:?}");
    assert!(p[2].contains("'break' outside a loop"), "{p:?}");
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
    let p = problems("[resources.lock]\nkidn = \"Lock\"\n");
    assert_eq!(p, vec!["t.toml:17:1: unknown field 'kidn' — did you mean 'kind'?".to_string()]);
}

#[test]
fn basic_multiline_strings_map_positions_too() {
    let l = with("[scripts.main]\ncode = \"\"\"\n1| print(\"a\")\n2| pass\"\"\"\n").expect("valid");
    assert_eq!(l.scripts["main"].body[1].pos, Pos { line: 19, col: 4 });
}

#[test]
fn an_empty_question_and_task_report_every_missing_field() {
    let p = problems("[scripts.main]\ncode = '''\n1| pass\n'''\n[[questions]]\nid = \"q\"\n[[tasks]]\nhints = []\n");
    let want = [
        "t.toml:20:1: question 'q' has no 'answer'",
        "t.toml:20:1: question 'q' has no 'kind'",
        "t.toml:20:1: question 'q' has no 'prompt'",
        "t.toml:20:1: question 'q' has no 'explain'",
        "t.toml:22:1: task has no 'id'",
        "t.toml:22:1: task has no 'goal'",
        "t.toml:22:1: task has no 'check'",
    ];
    assert_eq!(p.len(), want.len(), "{p:?}");
    for w in want {
        assert!(p.iter().any(|d| d.starts_with(w)), "{w}: {p:?}");
    }
}

#[test]
fn answers_and_checks_accept_earliest_with_two_or_more_texts() {
    let l = with("[scripts.main]\ncode = '''\n1| pass\n'''\n[[tasks]]\nid = \"t\"\ngoal = { en = \"g\", zh = \"目标\" }\ncheck = 'earliest(\"a\", \"b\", \"c\") == \"a\"'\n")
        .expect("valid");
    assert_eq!(l.tasks[0].check.source, r#"earliest("a", "b", "c") == "a""#);
    let p = problems(
        "[scripts.main]\ncode = '''\n1| pass\n'''\n[[expect]]\nname = \"n\"\nchecks = ['earliest(\"a\") == \"a\"']\n",
    );
    assert!(p[0].contains("wrong arguments to 'earliest'"), "{p:?}");
}
