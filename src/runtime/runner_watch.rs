//! The viewer's watch on its runner: a runner that dies by a signal (`kill -9` of it) ends the
//! run at once. The watch kills the lesson's process group itself, so the event pipe closes,
//! and the run ends as failed with "runner died" instead of a quiet "finished". It only peeks
//! at the runner's status (`WNOWAIT`): the event reader still reaps it.

use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
use nix::unistd::Pid;

use super::region::Region;
use super::sys;
use crate::event::RunOutcome;

/// How often the watch looks whether the run is over (it then stops watching).
const LOOK_EVERY: Duration = Duration::from_millis(200);

/// Watches `runner` from a thread of its own until `over` is set; on the runner's death by
/// a signal, records the run's outcome (unless one was set already) and kills every lesson
/// process. A pidfd that cannot be opened (an old kernel) leaves the watch out.
pub fn spawn(runner: i32, region: Arc<Region>, outcome: Arc<Mutex<Option<RunOutcome>>>, over: Arc<AtomicBool>) {
    let Ok(pidfd) = sys::pidfd_open(runner) else { return };
    let watch = move || {
        while !over.load(Ordering::SeqCst) {
            if !sys::poll_readable(pidfd.as_raw_fd(), Some(LOOK_EVERY)) {
                continue;
            }
            if let Some(outcome_now) = death(&pidfd) {
                if let Ok(mut o) = outcome.lock() {
                    o.get_or_insert(outcome_now);
                }
                kill_lesson(&region);
            }
            return;
        }
    };
    // Without the thread the lesson still dies with its runner (its death signals); only the
    // early notice is lost.
    let _ = std::thread::Builder::new().name("forkbook-runner-watch".into()).spawn(watch);
}

/// The run's outcome when `runner` (already exited or about to) was killed by a signal; waits
/// up to a second for it to become waitable, since the event pipe closes a moment before.
pub fn died(runner: i32) -> Option<RunOutcome> {
    let pidfd = sys::pidfd_open(runner).ok()?;
    sys::poll_readable(pidfd.as_raw_fd(), Some(Duration::from_secs(1)));
    death(&pidfd)
}

/// "runner died" when the process behind `pidfd` ended by a signal; looks without reaping.
fn death(pidfd: &OwnedFd) -> Option<RunOutcome> {
    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT | WaitPidFlag::WNOHANG;
    match waitid(Id::PIDFd(pidfd.as_fd()), flags) {
        Ok(WaitStatus::Signaled(_, signal, _)) => Some(runner_died(signal)),
        _ => None,
    }
}

/// The outcome of a run whose runner was killed by `signal`.
fn runner_died(signal: Signal) -> RunOutcome {
    RunOutcome::RunnerDied { signal: signal.as_str().to_string() }
}

/// Kills the lesson's process group: every lesson process is in the main process's group.
fn kill_lesson(region: &Region) {
    let main = region.gate(0).pid.load(Ordering::SeqCst);
    if main > 0 {
        let _ = killpg(Pid::from_raw(main), Signal::SIGKILL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::sys::signal::kill;

    #[test]
    fn a_runner_killed_by_a_signal_is_reported_as_died_and_a_clean_exit_is_not() {
        let mut killed = std::process::Command::new("sleep").arg("30").spawn().expect("sleep starts");
        let clean = std::process::Command::new("true").spawn().expect("true starts");
        let _ = kill(Pid::from_raw(killed.id() as i32), Signal::SIGKILL);
        let verdict = died(killed.id() as i32);
        let clean_verdict = died(clean.id() as i32);
        let _ = killed.wait();
        let mut clean = clean;
        let _ = clean.wait();
        assert_eq!(verdict, Some(RunOutcome::RunnerDied { signal: "SIGKILL".into() }));
        assert_eq!(clean_verdict, None);
    }
}
