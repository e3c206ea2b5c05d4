//! The kernel's view of a process, read from `/proc/<pid>/stat` and `/proc/<pid>/wchan`: the
//! state letter (R, S, D, Z, T), the wait channel, and a zombie's raw wait status. The viewer
//! turns samples into `Kernel` events, which `trace` folds like any other.

use std::fs;

/// The fields of `/proc/<pid>/stat` after the command name, which may itself hold spaces and
/// parentheses, so the split is at the *last* `)`. Index 0 is field 3 (the state).
fn stat_fields(pid: i32) -> Option<Vec<String>> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().map(str::to_string).collect())
}

/// The state letter and wait channel of `pid` (`""` when it waits on nothing), or `None` when
/// there is no such process.
pub fn sample(pid: i32) -> Option<(char, String)> {
    let state = stat_fields(pid)?.first()?.chars().next()?;
    let wchan = fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
    let wchan = wchan.trim();
    let wchan = if wchan == "0" { "" } else { wchan };
    Some((state, wchan.to_string()))
}

/// Whether process `pid` exists and has not ended (a zombie has).
pub fn is_live(pid: i32) -> bool {
    stat_fields(pid).and_then(|f| f.first().cloned()).is_some_and(|state| !matches!(state.as_str(), "Z" | "X"))
}

/// Whether a process of process group `pgid` still runs (a zombie has ended): read from every
/// `/proc/<pid>/stat`, so that a stopped program's processes can be seen to be gone.
pub fn group_has_live(pgid: i32) -> bool {
    let Ok(entries) = fs::read_dir("/proc") else { return false };
    entries.flatten().filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<i32>().ok())).any(|pid| {
        // Fields after the name: state, ppid, pgrp.
        stat_fields(pid).is_some_and(|f| f.len() > 2 && f[0] != "Z" && f[2] == pgid.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Child, Command};
    use std::time::{Duration, Instant};

    /// Kills and reaps the child however the test ends.
    struct Reap(Child);

    impl Drop for Reap {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    #[test]
    fn this_process_is_running_or_sleeping() {
        let (state, _) = sample(std::process::id() as i32).expect("own /proc entry");
        assert!(matches!(state, 'R' | 'S'), "state {state}");
    }

    #[test]
    fn no_such_process_gives_none() {
        assert_eq!(sample(i32::MAX), None);
    }

    #[test]
    fn a_killed_child_is_a_zombie_until_reaped() {
        let mut child = Reap(Command::new("sleep").arg("30").spawn().expect("spawn sleep"));
        let pid = child.0.id() as i32;
        child.0.kill().expect("kill sleep");
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = None;
        while Instant::now() < deadline {
            seen = sample(pid);
            if matches!(seen, Some(('Z', _))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(seen, Some(('Z', String::new())));
        child.0.wait().expect("reap");
        assert_eq!(sample(pid), None);
    }

    #[test]
    fn a_group_is_live_while_a_member_runs_and_not_once_it_is_a_zombie() {
        use std::os::unix::process::CommandExt;
        let mut child = Reap(Command::new("sleep").arg("30").process_group(0).spawn().expect("spawn sleep"));
        let group = child.0.id() as i32;
        assert!(group_has_live(group));
        child.0.kill().expect("kill sleep");
        let deadline = Instant::now() + Duration::from_secs(5);
        while group_has_live(group) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        // Not reaped yet: a zombie, which runs no more.
        assert!(!group_has_live(group));
    }
}
