//! A pipe as the trace shows it: a poll that has to wait is a timed wait to receive that gives
//! up when it runs out, and the message sent later is received in order.

/// A child that polls an empty pipe: the first poll runs out long before the main process
/// sends, the second sees the message.
const POLLER: &str = "\
from multiprocessing import Process, Pipe
import time


def child(r):
    print('poll', r.poll(0.5))
    print('poll', r.poll(5))
    print('got', r.recv())


if __name__ == '__main__':
    r, w = Pipe(False)
    p = Process(target=child, args=(r,))
    p.start()
    time.sleep(2)
    w.send('late')
    p.join()
";

#[test]
fn a_poll_that_waits_is_shown_as_a_timed_wait_and_gives_up_when_it_runs_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let program = dir.path().join("poller.py");
    std::fs::write(&program, POLLER).expect("program written");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .arg("run")
        .arg(&program)
        .args(["--headless", "--json", "--speed", "2"])
        .output()
        .expect("forkbook runs");
    let events: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let kinds: Vec<String> = events
        .iter()
        .filter(|e| e["object"] == "pipe" || e["kind"] == "printed")
        .map(|e| match e["kind"].as_str() {
            Some("printed") => format!("printed {}", e["text"].as_str().unwrap_or_default()),
            Some("waiting") => format!("waiting {} timed {}", e["op"], e["timed"]),
            Some("gave_up") => format!("gave_up {}", e["why"]),
            other => other.unwrap_or_default().to_string(),
        })
        .collect();
    let expected = [
        "created",
        "waiting \"recv\" timed true",
        "gave_up \"timed_out\"",
        "printed poll False",
        "waiting \"recv\" timed true",
        "sent",
        "printed poll True",
        "received",
        "printed got late",
        "audited",
    ];
    assert_eq!(kinds, expected, "{}", String::from_utf8_lossy(&out.stdout));
}
