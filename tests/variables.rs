//! Each process's own variables travel in the `--json` stream and fold into the `World`: a
//! real forked child starts from its parent's values, its change to a global stays its own,
//! and the parent still holds the old value (CPython's memory isolation under fork).

use std::process::Command;

use forkbook::event::{Event, EventKind};
use forkbook::trace::World;

const PROGRAM: &str = "\
from multiprocessing import Process
count = 0
items = []

def work():
    global count
    count += 1
    items.append('child')
    print('child', count, items)

if __name__ == '__main__':
    p = Process(target=work)
    p.start()
    p.join()
    print('parent', count, items)
";

#[test]
fn a_child_changes_its_own_copy_of_a_global_and_the_parent_keeps_its_own() {
    let dir = std::env::temp_dir().join(format!("forkbook-variables-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("isolation.py");
    std::fs::write(&file, PROGRAM).expect("program written");
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", file.to_str().expect("utf-8 path"), "--headless", "--json"])
        .env("LANG", "C")
        .output()
        .expect("forkbook runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events: Vec<Event> =
        String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let world = World::from_events(&events);
    let [main, child] = [0, 1].map(|i| &world.processes[i]);
    assert_eq!((main.name.as_str(), child.name.as_str()), ("MainProcess", "Process-1"));
    assert_eq!(child.variables.get("count"), Some("1"));
    assert_eq!(child.variables.get("items"), Some("['child']"));
    assert_eq!(main.variables.get("count"), Some("0"), "the parent never sees the child's change");
    assert_eq!(main.variables.get("items"), Some("[]"));
    // The child's first report lists what it inherited: count was 0 when it was forked.
    let first = events.iter().find_map(|e| match &e.kind {
        EventKind::Variables { set, .. } if e.pid == child.pid => Some(set),
        _ => None,
    });
    let inherited = first.expect("the child reported variables").iter().find(|v| v.name == "count");
    assert_eq!(inherited.map(|v| (v.local, v.value.as_str())), Some((false, "0")));
    let printed: Vec<&str> = world.output.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(printed, ["child 1 ['child']", "parent 0 []"]);
}
