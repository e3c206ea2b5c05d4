//! The runtime's one unsafe fence. Process-shared semaphores and futexes in a shared mapping,
//! fork, raw descriptor I/O and signal set-up cannot be written without `unsafe` or raw system
//! calls, so they all live here, behind safe types and functions: the rest of the crate denies
//! `unsafe_code`, and a reviewer has one place to check. nix's safe calls are used wherever
//! they fit; raw libc remains for `sem_t`, futexes, fork, mmap, I/O on the plain descriptor
//! numbers that reporters and pipe ends keep, and the few calls nix only offers as `unsafe`.
//! Every `unsafe` block carries a `// SAFETY:` line saying why it holds.
#![allow(unsafe_code)]

mod alloc;
mod clock;
mod fd;
mod futex;
mod mapping;
mod process;
mod sem;
mod signal;

pub use alloc::{cap_memory, memory_check_due, over_memory_budget};
pub use clock::{StampClock, counter_is_the_clock, cpu_ns, monotonic_ns};
pub use fd::{
    adopt_fd, install_fds, pipe, pipe_size, poll_in_or_out, poll_many, poll_readable, poll_slice, poll_writable,
    read_exact, set_pipe_size, socketpair, unread_bytes, write_all,
};
pub use futex::{futex_wait, futex_wake_all};
pub use mapping::Mapping;
pub use process::{
    Forked, batch_thread, become_subreaper, die_with_parent, die_with_parent_or_runner, exit_now, fork,
    install_lifeline, lower_thread_priority, own_process_group, pidfd_open, set_comm, spawn_with_hook,
};
pub use sem::{Sem, SemWait};
pub use signal::{
    block_signals, catch_stop_signals, hold_signal, ignore_hold_signal, read_signal, request_stop,
    reset_signals_in_child, send_hold_signal, signalfd, stop_requested,
};
