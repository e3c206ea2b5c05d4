//! A Rust panic in a lesson process is forkbook's fault, never the lesson's: it must not end
//! the process unseen. A panic hook (installed right after fork, inherited by later forks)
//! remembers where the panic happened; `guarded` catches the unwinding around a process's
//! program, reports an `InternalError` event and gives the distinctive exit code.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

use super::report::Reporter;
use crate::event::EventKind;

/// The exit code of a lesson process that died of an internal error (sysexits' EX_SOFTWARE),
/// apart from Python's 0 and 1 and Rust's own 101.
pub const EXIT_CODE: i32 = 70;

thread_local! {
    /// The last panic's message and location, left by the hook for `guarded` to report.
    static LAST: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Installs the hook that remembers each panic's message and location. The default hook still
/// runs after it, so the runner's log keeps Rust's own line.
pub fn install_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let location = info.location().map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
        let message = payload_text(info.payload());
        LAST.with(|last| *last.borrow_mut() = Some((message, location)));
        default(info);
    }));
}

/// Runs `body` (a process's program, returning its exit code); should it panic, reports the
/// panic through `rep` and returns `EXIT_CODE` instead.
pub fn guarded(rep: &Reporter, body: impl FnOnce() -> i32) -> i32 {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(code) => code,
        Err(payload) => {
            let (message, location) = LAST
                .with(|last| last.borrow_mut().take())
                .unwrap_or_else(|| (payload_text(payload.as_ref()), String::new()));
            report(rep, message, location);
            EXIT_CODE
        }
    }
}

/// Reports an internal error of this process: the panic's message and where in forkbook's
/// source it happened (empty when unknown).
pub fn report(rep: &Reporter, message: String, location: String) {
    rep.emit(EventKind::InternalError { message, location });
}

/// For a lesson process reaped with `exitcode`, what crashed it when that can only be
/// forkbook itself: a lesson can send only SIGTERM and SIGKILL (and the student SIGKILL), so
/// SIGABRT (a failed allocation, a panic while panicking, a stack overflow), SIGSEGV, SIGBUS,
/// SIGILL or SIGFPE is a native crash of forkbook that no panic hook sees.
pub fn native_crash(exitcode: i32) -> Option<String> {
    use nix::sys::signal::Signal;
    let signal = Signal::try_from(-exitcode).ok()?;
    let native = [Signal::SIGABRT, Signal::SIGSEGV, Signal::SIGBUS, Signal::SIGILL, Signal::SIGFPE];
    native.contains(&signal).then(|| format!("the process crashed with {}", signal.as_str()))
}

/// A panic payload as text: `panic!` gives a `&str` or a `String`; anything else is unnamed.
fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Event;
    use crate::runtime::region::Region;
    use crate::runtime::ring;

    fn read_events(region: &Region) -> Vec<Event> {
        let mut events = Vec::new();
        ring::Reader::default().drain(region.ring(0), |e| events.push(e));
        events
    }

    #[test]
    fn a_reported_internal_error_reaches_its_ring_with_its_message_and_location() {
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 0, 42, 0);
        report(&rep, "index out of bounds".into(), "src/python/value.rs:7".into());
        drop(rep);
        let events = read_events(&region);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].pid, 42);
        assert_eq!(
            events[0].kind,
            EventKind::InternalError {
                message: "index out of bounds".into(),
                location: "src/python/value.rs:7".into()
            }
        );
    }

    #[test]
    fn only_signals_no_lesson_can_send_count_as_native_crashes() {
        assert_eq!(native_crash(-6).as_deref(), Some("the process crashed with SIGABRT"));
        assert_eq!(native_crash(-11).as_deref(), Some("the process crashed with SIGSEGV"));
        for code in [0, 1, EXIT_CODE, -9, -15, -999] {
            assert_eq!(native_crash(code), None, "{code}");
        }
    }

    #[test]
    fn a_panic_inside_guarded_is_reported_with_its_location_and_gives_the_distinctive_code() {
        install_hook();
        let region = Region::create(1.0, 4).expect("a region");
        let rep = Reporter::new(&region, 0, 7, 0);
        let code = guarded(&rep, || panic!("attempt to divide by zero"));
        let fine = guarded(&rep, || 3);
        drop(rep);
        assert_eq!((code, fine), (EXIT_CODE, 3));
        let events = read_events(&region);
        assert_eq!(events.len(), 1, "{events:?}");
        let EventKind::InternalError { message, location } = &events[0].kind else { panic!("{events:?}") };
        assert_eq!(message, "attempt to divide by zero");
        assert!(location.starts_with("src/runtime/crash.rs:"), "{location}");
    }
}
