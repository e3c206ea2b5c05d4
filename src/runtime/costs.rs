//! What CPython's `multiprocessing` spends where forkbook spends less. Races that timing
//! decides (how many buyers read the ticket count before the first one writes it back,
//! whether a daemon is terminated before its error shows) come out as under CPython only if
//! forkbook is as slow as CPython where CPython is slow:
//!
//! - `Process.start()` costs the parent about 0.6 ms of CPU, most of it before the child
//!   exists (pipes, flushing, and the fork of a large interpreter itself), the rest after;
//! - the first `start()` of a program imports `multiprocessing.popen_fork` (0.25 ms), and
//!   `multiprocessing.util` with `subprocess` (1.6 ms more) unless making a lock, queue,
//!   value, pipe, pool or manager imported them before;
//! - a new child spends about 1 ms of CPU in its bootstrap before the first line of its
//!   target, so on an idle machine that line runs 1.5 ms after `start()` was called (and a
//!   loop starting children takes about 1.3 ms a child, the children's bootstraps competing
//!   with the parent on a 2-core machine);
//! - under the spawn start method `start()` costs the parent about 0.25 ms of CPU, and it waits
//!   until the child has reached its `exec` (CPython uses vfork); the new interpreter runs
//!   about 33 ms before the main module runs again, and about 1 ms after it before the target;
//! - a new connection to a `Manager()`'s server (a process's first request, and each proxy
//!   a forked child inherits, which its bootstrap increfs over a connection of its own)
//!   costs the client about 0.17 ms of CPU and the server 0.27 ms (a thread for the
//!   connection, the authentication challenge both ways), one connection after another;
//! - a manager's server takes about 8 ms to end after it answered `shutdown()` (its
//!   interpreter tears down), and its clients' connections stay open until it has;
//! - the main process's interpreter takes about 0.3 ms from the end of the main module to
//!   its `_exit_function`'s SIGTERM of daemon children (a daemon has that long to print);
//! - a child's uncaught exception takes about 8 ms of CPU to show: its bootstrap imports
//!   `traceback` and reads the source first, so a `terminate()` in that time leaves exit
//!   code -15 and no error at all;
//! - a child takes about 0.65 ms of CPU to end after its target returns, so children that
//!   end compete with the ones still starting, as in CPython;
//! - library calls forkbook does natively cost what CPython's do (`costs/library.rs`): the
//!   sum of a range, `open()`, `json.load` and `json.dump`, and more the first time a forked
//!   child makes them.
//!
//! They are CPU time, so they are spent spinning: on a busy machine they stretch as
//! CPython's do. They are never scaled by the lesson's speed. `--fast` skips them.
//! (CPython 3.11, fork start method, a 2-core machine: docs/benchmarks.md.)

use super::sys;

mod library;

pub use library::LibraryCosts;

/// CPU time `Process.start()` costs the parent before the fork, counted from its call.
pub const START_BEFORE_FORK_CPU_NS: u64 = 450_000;

/// CPU time `Process.start()` costs the parent after the fork.
pub const START_AFTER_FORK_CPU_NS: u64 = 150_000;

/// CPU time `Process.start()` costs the parent under the spawn start method, all of it: the
/// new interpreter does the rest (ten starts in a loop took 2.3-2.9 ms of the parent's CPU,
/// the first one's imports included).
pub const SPAWN_START_CPU_NS: u64 = 200_000;

/// CPU time a spawned child spends up to its `execve` of the new interpreter, while its
/// parent waits (CPython starts it with vfork: an idle machine's `start()` took 0.4-0.5 ms,
/// 0.25 ms of it the parent's CPU).
pub const SPAWN_EXEC_CPU_NS: u64 = 200_000;

/// CPU time the first `start()` spends importing `multiprocessing.popen_fork` (a first
/// `start()` took 0.71 ms, the next 0.47, when a `Queue()` had been made before).
pub const POPEN_FORK_IMPORT_CPU_NS: u64 = 250_000;

/// CPU time the first `start()` spends importing `multiprocessing.util` (with `subprocess`
/// and `locale`) when no multiprocessing object imported it before (a first `start()` then
/// took 2.1-2.7 ms, median 2.3, on an idle machine).
pub const UTIL_IMPORT_CPU_NS: u64 = 1_600_000;

/// The modules CPython imports only on the way to its first fork: what a process's next
/// `start()` still has to import. The main process begins with neither; a child inherits
/// both, imported by its parent before the fork.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LazyImports {
    util: bool,
    popen_fork: bool,
}

impl LazyImports {
    /// Both imported: a child's.
    pub const DONE: LazyImports = LazyImports { util: true, popen_fork: true };

    /// A multiprocessing object was made: its module imported `multiprocessing.util`.
    pub fn object_made(&mut self) {
        self.util = true;
    }

    /// `start()` imports what is missing: the CPU time that costs.
    pub fn start(&mut self) -> u64 {
        let ns =
            if self.util { 0 } else { UTIL_IMPORT_CPU_NS } + if self.popen_fork { 0 } else { POPEN_FORK_IMPORT_CPU_NS };
        *self = LazyImports::DONE;
        ns
    }
}

/// CPU time a new child spends before the first line of its target.
pub const BOOTSTRAP_CPU_NS: u64 = 1_000_000;

/// CPU time a child started with the spawn start method spends before its main module runs
/// again: a new interpreter starts and imports `multiprocessing` (the module's first line ran
/// 34-38 ms after `start()` on an idle machine, 2026-12-01; forkbook's own start adds 1-2 ms).
pub const SPAWN_BOOTSTRAP_CPU_NS: u64 = 33_000_000;

/// CPU time a spawned child spends after its main module ran again and before the first line
/// of its target: it unpickles its `Process` (rebuilding the locks it holds by name) and runs
/// the bootstrap (0.8-2.4 ms measured).
pub const SPAWN_AFTER_MODULE_CPU_NS: u64 = 1_000_000;

/// CPU time a process spends opening a connection to a manager's server (connect, and the
/// HMAC challenge both ways): an incref over a fresh connection, `d._incref()` 500 times,
/// took 380-460 µs each, 150-190 µs of them the client's CPU.
pub const MANAGER_CONNECT_CPU_NS: u64 = 170_000;

/// CPU time a manager's server spends on each connection it accepts (CPython starts a thread
/// for it and runs the challenge both ways): 240-300 µs a connection in the same measure.
pub const MANAGER_ACCEPT_CPU_NS: u64 = 270_000;

/// CPU time a manager's server spends ending after it answered a shutdown request
/// (`m.shutdown()` takes 7-24 ms in CPython, 10 ms typically).
pub const MANAGER_SHUTDOWN_CPU_NS: u64 = 8_000_000;

/// CPU time the main process spends from the end of its main module to terminating its
/// daemon children (interpreter finalization up to `multiprocessing.util._exit_function`:
/// 0.25-0.38 ms measured, also on a loaded machine).
pub const MAIN_EXIT_CPU_NS: u64 = 300_000;

/// CPU time a child's uncaught exception takes to be printed, from its raise.
pub const CHILD_TRACEBACK_CPU_NS: u64 = 8_000_000;

/// CPU time a child spends ending after its target returned: `_exit_function` runs its
/// finalizers, the streams are flushed, and `os._exit` tears down an address space it shares
/// copy-on-write with its parent (0.6-1.3 ms, median 0.75, for an empty target, from
/// `wait4`'s usage less the CPU time at the target's end; forkbook's own ending: 0.1 ms).
pub const CHILD_EXIT_CPU_NS: u64 = 650_000;

/// Spins until this thread has used `ns` of CPU time since `since_cpu_ns` (a
/// `sys::cpu_ns` reading). Each reading enters the kernel, which ends a used-up time slice
/// there and then (every 0.7 ms while others wait), where CPython's own code runs on until
/// the scheduler's tick. A spin on the wall clock brings the stock race nearer CPython's but
/// takes the daemon's first line away from it, with or without a reading here and there
/// (docs/benchmarks.md, "The costs' spin and the scheduler").
pub fn spend_since(since_cpu_ns: u64, ns: u64) {
    let until = since_cpu_ns.saturating_add(ns);
    while sys::cpu_ns() < until {
        std::hint::spin_loop();
    }
}

/// Spins for `ns` of this thread's CPU time.
pub fn spend(ns: u64) {
    spend_since(sys::cpu_ns(), ns);
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_first_start_imports_and_an_object_made_before_leaves_less_to_import() {
        let mut bare = super::LazyImports::default();
        assert_eq!(bare.start(), super::UTIL_IMPORT_CPU_NS + super::POPEN_FORK_IMPORT_CPU_NS);
        assert_eq!(bare.start(), 0);
        let mut with_queue = super::LazyImports::default();
        with_queue.object_made();
        assert_eq!(with_queue.start(), super::POPEN_FORK_IMPORT_CPU_NS);
        assert_eq!(super::LazyImports::DONE.clone().start(), 0);
    }

    use super::*;

    #[test]
    fn spending_uses_the_cpu_time_asked_for() {
        let before = sys::cpu_ns();
        spend(2_000_000);
        assert!(sys::cpu_ns() - before >= 2_000_000);
        // A budget already used up costs nothing more.
        let now = sys::cpu_ns();
        spend_since(now - 2_000_000, 1_000_000);
        assert!(sys::cpu_ns() - now < 1_000_000);
    }
}
