//! The only place with `unsafe` and raw system calls: process-shared semaphores and futexes
//! in a shared memory mapping, fork, pidfds, raw fd I/O and signal set-up. Everything above
//! this module speaks in safe types. Each `unsafe` block says why it holds.
#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// A POSIX semaphore that lives in shared memory (`sem_init` with pshared = 1), so every
/// forked process waits on the same kernel futex, exactly as CPython's SemLock does.
#[repr(C)]
pub struct Sem(UnsafeCell<MaybeUninit<libc::sem_t>>);

// SAFETY: sem_t is designed for concurrent use from many threads and processes.
unsafe impl Sync for Sem {}

/// How a blocking semaphore wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SemWait {
    Acquired,
    TimedOut,
}

impl Sem {
    fn raw(&self) -> *mut libc::sem_t {
        self.0.get().cast()
    }

    /// Initialises the semaphore; must happen before any process uses it.
    pub fn init(&self, value: u32) -> Result<()> {
        // SAFETY: the pointer is valid for the region's lifetime; pshared=1 because the page is
        // MAP_SHARED; no process uses the slot before it is initialised (slots are handed out once).
        let rc = unsafe { libc::sem_init(self.raw(), 1, value) };
        if rc != 0 {
            bail!("sem_init: {}", std::io::Error::last_os_error());
        }
        Ok(())
    }

    /// `sem_trywait`: true when a unit was taken.
    pub fn try_wait(&self) -> bool {
        // SAFETY: initialised semaphore in a live shared mapping.
        unsafe { libc::sem_trywait(self.raw()) == 0 }
    }

    /// Blocks until a unit is taken or the timeout passes (retrying on EINTR, like CPython).
    pub fn wait(&self, timeout: Option<Duration>) -> SemWait {
        let deadline = timeout.map(realtime_deadline);
        loop {
            // SAFETY: initialised semaphore; the deadline is a valid timespec.
            let rc = unsafe {
                match &deadline {
                    None => libc::sem_wait(self.raw()),
                    Some(ts) => libc::sem_timedwait(self.raw(), ts),
                }
            };
            if rc == 0 {
                return SemWait::Acquired;
            }
            match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::EINTR) => continue,
                _ => return SemWait::TimedOut,
            }
        }
    }

    /// `sem_post`.
    pub fn post(&self) {
        // SAFETY: initialised semaphore in a live shared mapping.
        unsafe {
            libc::sem_post(self.raw());
        }
    }

    /// `sem_getvalue` (glibc reports 0, never negative, while there are waiters).
    pub fn value(&self) -> i64 {
        let mut v: libc::c_int = 0;
        // SAFETY: initialised semaphore; v is a valid out-pointer.
        unsafe {
            libc::sem_getvalue(self.raw(), &mut v);
        }
        i64::from(v)
    }
}

fn realtime_deadline(d: Duration) -> libc::timespec {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: valid out-pointer.
    unsafe {
        libc::clock_gettime(libc::CLOCK_REALTIME, &mut now);
    }
    let total = now.tv_nsec as u128 + d.as_nanos();
    libc::timespec {
        tv_sec: now.tv_sec + (total / 1_000_000_000) as libc::time_t,
        tv_nsec: (total % 1_000_000_000) as libc::c_long,
    }
}

/// Sleeps in the kernel while `word` still equals `expected` (a shared, non-private futex),
/// or until the timeout; spurious wake-ups are the caller's to handle.
pub fn futex_wait(word: &AtomicU32, expected: u32, timeout: Option<Duration>) {
    let ts = timeout
        .map(|d| libc::timespec { tv_sec: d.as_secs() as libc::time_t, tv_nsec: d.subsec_nanos() as libc::c_long });
    let ts_ptr = ts.as_ref().map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: word points into a live shared mapping; FUTEX_WAIT without PRIVATE works across processes.
    unsafe {
        libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAIT, expected, ts_ptr);
    }
}

/// Wakes every process sleeping on `word`.
pub fn futex_wake_all(word: &AtomicU32) {
    // SAFETY: as futex_wait.
    unsafe {
        libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, i32::MAX);
    }
}

/// A shared, writable mapping of a memfd; every forked process sees the same bytes.
pub struct Mapping {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the mapping only holds atomics and semaphores, which are safe to share.
unsafe impl Send for Mapping {}
unsafe impl Sync for Mapping {}

impl Mapping {
    /// Creates a zeroed memfd of `len` bytes (nothing appears in /dev/shm; the kernel frees it
    /// with the last mapping, even after SIGKILL) and maps it.
    pub fn create(len: usize) -> Result<(OwnedFd, Mapping)> {
        // SAFETY: valid NUL-terminated name.
        let fd = unsafe { libc::memfd_create(c"forkbook-region".as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            bail!("memfd_create: {}", std::io::Error::last_os_error());
        }
        // SAFETY: fd was just returned to us and is owned by nobody else.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        // SAFETY: valid fd.
        if unsafe { libc::ftruncate(fd.as_raw_fd(), len as libc::off_t) } != 0 {
            bail!("ftruncate: {}", std::io::Error::last_os_error());
        }
        let map = Mapping::map(fd.as_raw_fd(), len)?;
        Ok((fd, map))
    }

    /// Maps an existing region fd (the runner's view of the viewer's region).
    pub fn map(fd: RawFd, len: usize) -> Result<Mapping> {
        // SAFETY: a fresh shared mapping of a valid fd; the kernel picks the address.
        let ptr = unsafe {
            libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_SHARED, fd, 0)
        };
        if ptr == libc::MAP_FAILED {
            bail!("mmap: {}", std::io::Error::last_os_error());
        }
        Ok(Mapping { ptr: ptr.cast(), len })
    }

    /// A typed view of the start of the mapping.
    pub fn get<T: RegionLayout>(&self) -> &T {
        assert!(std::mem::size_of::<T>() <= self.len, "region layout larger than the mapping");
        // SAFETY: the mapping is large enough (checked), page-aligned, zero-initialised, and T is
        // a RegionLayout: made only of atomics and Sems, for which all-zero bytes are valid.
        unsafe { &*self.ptr.cast::<T>() }
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: ptr/len came from mmap and nothing borrows the mapping past its owner.
        unsafe {
            libc::munmap(self.ptr.cast(), self.len);
        }
    }
}

/// Marker for types that may live in the shared region: all fields atomics or `Sem`s, valid
/// when zeroed, `repr(C)`.
///
/// # Safety
/// Implementors must be valid for the all-zero bit pattern and safe to share across processes.
pub unsafe trait RegionLayout: Sync {}

/// CLOCK_MONOTONIC in nanoseconds (comparable across processes).
pub fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: valid out-pointer.
    unsafe {
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts);
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// The result of fork.
pub enum Forked {
    Child,
    Parent(i32),
}

/// `fork()`. Only called from single-threaded processes (the runner and lesson processes).
pub fn fork() -> Result<Forked> {
    // SAFETY: callers are single-threaded lesson processes or the runner, so the child may run
    // ordinary Rust code (no lock can be held by a vanished thread).
    match unsafe { libc::fork() } {
        -1 => bail!("fork: {}", std::io::Error::last_os_error()),
        0 => Ok(Forked::Child),
        pid => Ok(Forked::Parent(pid)),
    }
}

/// Ends this process at once with `code`, running no destructors or atexit handlers (as
/// CPython's forked children do with `os._exit`).
pub fn exit_now(code: i32) -> ! {
    // SAFETY: _exit is always safe to call.
    unsafe { libc::_exit(code) }
}

/// Writes the whole buffer with a single `write(2)` where possible (atomic for ≤ PIPE_BUF on
/// pipes), looping on EINTR and short writes.
pub fn write_all(fd: RawFd, mut buf: &[u8]) -> std::io::Result<()> {
    while !buf.is_empty() {
        // SAFETY: buf is a valid slice for the call.
        let n = unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(e);
        }
        buf = &buf[n as usize..];
    }
    Ok(())
}

/// Reads exactly `buf.len()` bytes; `Ok(false)` at end of file before the first byte.
pub fn read_exact(fd: RawFd, buf: &mut [u8]) -> std::io::Result<bool> {
    let mut got = 0;
    while got < buf.len() {
        // SAFETY: the destination range is within buf.
        let n = unsafe { libc::read(fd, buf[got..].as_mut_ptr().cast(), buf.len() - got) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(e);
        }
        if n == 0 {
            if got == 0 {
                return Ok(false);
            }
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "torn frame"));
        }
        got += n as usize;
    }
    Ok(true)
}

/// Waits until `fd` is readable (or hung up); `None` waits forever. True when readable.
pub fn poll_readable(fd: RawFd, timeout: Option<Duration>) -> bool {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let ms = timeout.map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32);
    loop {
        // SAFETY: one valid pollfd.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return rc > 0;
    }
}

/// Polls several descriptors without timeout, retrying on EINTR; true when any is ready.
pub fn poll_many(fds: &mut [libc::pollfd]) -> bool {
    loop {
        // SAFETY: a valid slice of pollfds.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if rc < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return rc > 0;
    }
}

/// Unread bytes in a pipe or socket (`FIONREAD`).
pub fn unread_bytes(fd: RawFd) -> usize {
    let mut n: libc::c_int = 0;
    // SAFETY: valid out-pointer for FIONREAD.
    unsafe {
        libc::ioctl(fd, libc::FIONREAD, &mut n);
    }
    n.max(0) as usize
}

/// A pipe whose ends survive fork (no CLOEXEC needed: lesson processes never exec).
pub fn pipe() -> Result<(OwnedFd, OwnedFd)> {
    let (r, w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).context("pipe2")?;
    Ok((r, w))
}

/// Grows a pipe's buffer (so writers rarely block on a slow reader).
pub fn set_pipe_size(fd: BorrowedFd<'_>, bytes: i32) {
    let _ = nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETPIPE_SZ(bytes));
}

/// A connected pair of stream sockets (a duplex `Pipe()`).
pub fn socketpair() -> Result<(OwnedFd, OwnedFd)> {
    use nix::sys::socket::{AddressFamily, SockFlag, SockType, socketpair};
    socketpair(AddressFamily::Unix, SockType::Stream, None, SockFlag::SOCK_CLOEXEC).context("socketpair")
}

/// A pidfd: readable once the process has exited, immune to pid reuse.
pub fn pidfd_open(pid: i32) -> Option<OwnedFd> {
    // SAFETY: plain syscall with integer arguments.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd < 0 {
        return None;
    }
    // SAFETY: the kernel just gave us this fd.
    Some(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// In a `pre_exec` hook: puts each fd at its fixed target number, open across exec. Copies
/// go high first so that no target overwrites a source. Only async-signal-safe calls.
pub fn install_fds(fds: &[(RawFd, RawFd)]) -> std::io::Result<()> {
    let mut high = [0 as RawFd; 8];
    for (i, (fd, _)) in fds.iter().enumerate().take(8) {
        // SAFETY: fcntl/dup2 on descriptors that are open in this process.
        high[i] = unsafe { libc::fcntl(*fd, libc::F_DUPFD_CLOEXEC, 64) };
        if high[i] < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    for (i, (_, target)) in fds.iter().enumerate().take(8) {
        // SAFETY: as above; dup2 clears CLOEXEC on the new descriptor.
        if unsafe { libc::dup2(high[i], *target) } < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Own process group (a runner, a lesson's main process), so a group kill reaches exactly the
/// lesson. Async-signal-safe.
pub fn own_process_group() {
    // SAFETY: setpgid with integer arguments.
    unsafe {
        libc::setpgid(0, 0);
    }
}

/// Takes ownership of a descriptor inherited at a fixed number.
pub fn adopt_fd(fd: RawFd) -> OwnedFd {
    // SAFETY: the runner is started with exactly these descriptors open and owned by nobody else.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// Sets this process's comm (what `ps -o comm` shows; 15 bytes at most).
pub fn set_comm(name: &str) {
    let mut bytes: Vec<u8> = name.bytes().filter(|b| *b != 0).take(15).collect();
    bytes.push(0);
    // SAFETY: a NUL-terminated buffer that outlives the call.
    unsafe {
        libc::prctl(libc::PR_SET_NAME, bytes.as_ptr());
    }
}

/// In a freshly forked lesson process: unblock every signal and restore default actions for
/// the ones the runner handles, so `terminate()` (SIGTERM) really kills it.
pub fn reset_signals_in_child() {
    // SAFETY: sigprocmask/signal with valid arguments.
    unsafe {
        let mut empty: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut empty);
        libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
        for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP, libc::SIGCHLD] {
            libc::signal(sig, libc::SIG_DFL);
        }
    }
}

/// Dies with `sig` when the parent process goes away (the runner's lifeline to the main
/// lesson process); returns false when the parent is already gone.
pub fn die_with_parent(sig: i32, expected_parent: i32) -> bool {
    // SAFETY: prctl with integer arguments; getppid is always safe.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, sig as libc::c_ulong);
        libc::getppid() == expected_parent
    }
}

/// Becomes a subreaper: orphaned descendants are re-parented here instead of to init.
pub fn become_subreaper() {
    // SAFETY: prctl with integer arguments.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1 as libc::c_ulong);
    }
}

/// Blocks these signals in the calling thread (before creating a signalfd for them).
pub fn block_signals(sigs: &[i32]) {
    // SAFETY: a zeroed sigset filled through libc's own helpers.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in sigs {
            libc::sigaddset(&mut set, *s);
        }
        libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// A signalfd for the given (already blocked) signals.
pub fn signalfd(sigs: &[i32]) -> Result<OwnedFd> {
    // SAFETY: as block_signals; signalfd(-1, …) creates a new fd that we own.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in sigs {
            libc::sigaddset(&mut set, *s);
        }
        let fd = libc::signalfd(-1, &set, libc::SFD_CLOEXEC | libc::SFD_NONBLOCK);
        if fd < 0 {
            bail!("signalfd: {}", std::io::Error::last_os_error());
        }
        Ok(OwnedFd::from_raw_fd(fd))
    }
}

/// Reads one pending signal number from a signalfd, if any.
pub fn read_signal(fd: RawFd) -> Option<i32> {
    let mut info = MaybeUninit::<libc::signalfd_siginfo>::zeroed();
    let size = std::mem::size_of::<libc::signalfd_siginfo>();
    // SAFETY: reading at most size bytes into a properly sized buffer.
    let n = unsafe { libc::read(fd, info.as_mut_ptr().cast(), size) };
    if n as usize != size {
        return None;
    }
    // SAFETY: the kernel filled the whole struct.
    Some(unsafe { info.assume_init() }.ssi_signo as i32)
}

static STOP_REQUESTED: AtomicBool = AtomicBool::new(false);

extern "C" fn note_stop(_sig: libc::c_int) {
    STOP_REQUESTED.store(true, Ordering::SeqCst);
}

/// Catches SIGINT, SIGTERM and SIGHUP in a front end so it can stop the run cleanly;
/// `stop_requested()` tells whether one arrived.
pub fn catch_stop_signals() {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(sig, note_stop as *const () as libc::sighandler_t);
        }
    }
}

/// Whether a stop signal arrived since `catch_stop_signals`.
pub fn stop_requested() -> bool {
    STOP_REQUESTED.load(Ordering::SeqCst)
}

/// Spawns `cmd` running `hook` in the child between fork and exec.
pub fn spawn_with_hook(
    cmd: &mut std::process::Command,
    hook: impl FnMut() -> std::io::Result<()> + Send + Sync + 'static,
) -> std::io::Result<std::process::Child> {
    use std::os::unix::process::CommandExt;
    // SAFETY: callers pass hooks that only make async-signal-safe calls (dup2, fcntl, setpgid,
    // prctl, getppid) and allocate nothing.
    unsafe {
        cmd.pre_exec(hook);
    }
    cmd.spawn()
}
