//! Files the lesson program writes are shown as they really are at each moment: a real run
//! of the lock lesson, through the binary's `--json` stream, shows `db.txt` truncated by
//! `open(…, 'w')` before `json.dump` fills it, as CPython does, and ending as the real file.

use std::process::Command;

use serde_json::Value;

#[test]
fn the_lock_lesson_shows_db_txt_go_from_one_ticket_through_empty_to_none() {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", "lock", "--headless", "--json", "--speed", "20"])
        .env("LANG", "C")
        .output()
        .expect("forkbook runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let events: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e.get("kind").is_some())
        .collect();
    let contents: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "file_changed" && e["object"] == "db.txt")
        .map(|e| e["content"].as_str().expect("content is text"))
        .collect();
    let expected = [r#"{"count": 1}"#, "", r#"{"count": 0}"#];
    assert!(
        contents.windows(3).any(|w| w == expected),
        "db.txt should go from {{\"count\": 1}} through empty to {{\"count\": 0}}: {contents:?}"
    );
    assert_eq!(contents.last(), Some(&r#"{"count": 0}"#), "{contents:?}");
    assert!(!stdout.contains(r#""kind":"created","object":"db.txt""#), "a file needs no created event");
    let audited = events.iter().find(|e| e["kind"] == "audited" && e["object"] == "db.txt").expect("db.txt audited");
    assert_eq!(audited["audit"]["content"], r#"{"count": 0}"#);
    let verdict: Value = serde_json::from_str(stdout.lines().last().expect("a verdict")).expect("JSON");
    assert_eq!(verdict["verdict"]["mismatches"], serde_json::json!([]), "the screen showed the real file");
}
