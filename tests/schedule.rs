//! A schedule goes on past a process that died while held: the main process kills a child that
//! waits at its first gate, and the schedule's next entry names that child. Nobody can reap it
//! (its parent is held too), so only the kernel's `Z` says it is gone; the run must finish,
//! not wait for its time limit.

use std::process::Command;

const PROGRAM: &str = "\
from multiprocessing import Process
import time
def f():
    time.sleep(10)
if __name__ == '__main__':
    p = Process(target=f)
    p.start()
    p.kill()
    print('killed')
    p.join()
    print(p.exitcode)
";

#[test]
fn an_entry_naming_a_process_killed_while_held_is_passed_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let program = dir.path().join("kill_held.py");
    std::fs::write(&program, PROGRAM).expect("program written");
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .arg("run")
        .arg(&program)
        .args(["--headless", "--max-time", "30", "--schedule", "MainProcess@9,Process-1@4"])
        .env("LANG", "C")
        .output()
        .expect("forkbook runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("outcome: finished"), "{stdout}");
    assert!(stdout.contains("print  killed") && stdout.contains("print  -9"), "{stdout}");
}
