//! Descriptors: pipes and socketpairs for queues and the event stream, whole-message reads and
//! writes that survive EINTR and short transfers, readiness polls, and the fixed descriptor
//! numbers a runner inherits. Raw-fd calls take `RawFd` because reporters and pipe ends keep
//! plain numbers; the kernel checks them, so a stale number fails with EBADF, never with UB.

use std::io;
use std::os::fd::{BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

use anyhow::{Context, Result};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

/// A close-on-exec pipe: forked lesson processes keep both ends (they never exec), while the
/// runner gets only the ends `install_fds` puts in place.
pub fn pipe() -> Result<(OwnedFd, OwnedFd)> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).context("pipe2")
}

/// Asks the kernel for a pipe buffer of `bytes`; fails when the system's `pipe-max-size` is
/// lower.
pub fn set_pipe_size(fd: BorrowedFd<'_>, bytes: i32) -> io::Result<()> {
    nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETPIPE_SZ(bytes))?;
    Ok(())
}

/// A connected pair of stream sockets (a duplex `Pipe()`).
pub fn socketpair() -> Result<(OwnedFd, OwnedFd)> {
    use nix::sys::socket::{AddressFamily, SockFlag, SockType, socketpair};
    socketpair(AddressFamily::Unix, SockType::Stream, None, SockFlag::SOCK_CLOEXEC).context("socketpair")
}

/// Writes the whole buffer with a single `write(2)` where possible (atomic for ≤ PIPE_BUF on
/// pipes), looping on EINTR and short writes.
pub fn write_all(fd: RawFd, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        // SAFETY: the kernel reads at most buf.len() bytes from buf, which is live for the call.
        let n = unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) };
        if n < 0 {
            let e = io::Error::last_os_error();
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
pub fn read_exact(fd: RawFd, buf: &mut [u8]) -> io::Result<bool> {
    let mut got = 0;
    while got < buf.len() {
        let rest = &mut buf[got..];
        // SAFETY: the kernel writes at most rest.len() bytes into rest, which is live and
        // exclusively borrowed for the call.
        let n = unsafe { libc::read(fd, rest.as_mut_ptr().cast(), rest.len()) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(e);
        }
        if n == 0 {
            if got == 0 {
                return Ok(false);
            }
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "torn frame"));
        }
        got += n as usize;
    }
    Ok(true)
}

/// Waits until `fd` is readable (or hung up); `None` waits forever. True when readable,
/// false on timeout (or when the kernel cannot poll at all, which the next read reports).
pub fn poll_readable(fd: RawFd, timeout: Option<Duration>) -> bool {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let ms = timeout.map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32);
    loop {
        // SAFETY: one pollfd, live and exclusively borrowed for the call; the kernel reports a
        // closed fd as POLLNVAL instead of failing.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        if rc < 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        return rc > 0;
    }
}

/// Waits without timeout until any of `fds` is readable, hung up or in error (retrying on
/// EINTR); which of them are.
pub fn poll_many<const N: usize>(fds: [BorrowedFd<'_>; N]) -> io::Result<[bool; N]> {
    let mut polled = fds.map(|fd| PollFd::new(fd, PollFlags::POLLIN));
    loop {
        match poll(&mut polled, PollTimeout::NONE) {
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
            // Flags nix does not know (None) still mean something happened.
            Ok(_) => return Ok(std::array::from_fn(|i| polled[i].revents().is_none_or(|r| !r.is_empty()))),
        }
    }
}

/// The capacity of pipe `fd`'s buffer, in bytes.
pub fn pipe_size(fd: BorrowedFd<'_>) -> io::Result<usize> {
    Ok(nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_GETPIPE_SZ)? as usize)
}

/// Unread bytes in a pipe or socket (`FIONREAD`).
pub fn unread_bytes(fd: RawFd) -> io::Result<usize> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one c_int through the pointer, and n is a live c_int.
    if unsafe { libc::ioctl(fd, libc::FIONREAD, &mut n) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n.max(0) as usize)
}

/// In a `pre_exec` hook: puts each fd at its fixed target number, open across exec. Copies
/// go high first so that no target overwrites a source. Only async-signal-safe calls, no
/// allocation. (nix's safe dup2 needs an owned target, and these targets are plain numbers.)
pub fn install_fds(fds: &[(RawFd, RawFd)]) -> io::Result<()> {
    let mut high = [0 as RawFd; 8];
    for (i, (fd, _)) in fds.iter().enumerate().take(8) {
        // SAFETY: fcntl(F_DUPFD_CLOEXEC) only reads integers; the kernel checks the fd.
        high[i] = unsafe { libc::fcntl(*fd, libc::F_DUPFD_CLOEXEC, 64) };
        if high[i] < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    for (i, (_, target)) in fds.iter().enumerate().take(8) {
        // SAFETY: dup2 only reads integers; replacing the target is the point (this process is
        // about to exec and owns nothing at those numbers), and it clears CLOEXEC on the copy.
        if unsafe { libc::dup2(high[i], *target) } < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Takes ownership of a descriptor inherited at a fixed number.
pub fn adopt_fd(fd: RawFd) -> OwnedFd {
    // SAFETY: the runner is started with exactly these descriptors open and owned by nobody else,
    // and each is adopted once.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// Waits until any of `fds` is readable, hung up or in error, or `timeout` passes (`None`:
/// no timeout; EINTR is retried); which of them are (all false on timeout).
pub fn poll_slice(fds: &[BorrowedFd<'_>], timeout: Option<Duration>) -> io::Result<Vec<bool>> {
    let mut polled: Vec<PollFd> = fds.iter().map(|fd| PollFd::new(*fd, PollFlags::POLLIN)).collect();
    let timeout = match timeout {
        None => PollTimeout::NONE,
        Some(d) => PollTimeout::try_from(d.as_millis().min(i32::MAX as u128) as i32).unwrap_or(PollTimeout::MAX),
    };
    loop {
        match poll(&mut polled, timeout) {
            Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
            Ok(_) => return Ok(polled.iter().map(|p| p.revents().is_none_or(|r| !r.is_empty())).collect()),
        }
    }
}

/// Whether a write of up to PIPE_BUF bytes to `fd` would not block now.
pub fn poll_writable(fd: BorrowedFd<'_>) -> bool {
    let mut polled = [PollFd::new(fd, PollFlags::POLLOUT)];
    loop {
        match poll(&mut polled, PollTimeout::ZERO) {
            Err(nix::errno::Errno::EINTR) => continue,
            Err(_) => return true,
            Ok(n) => return n > 0,
        }
    }
}

/// Waits until `readable` has something to read or `writable` has room for a small write
/// (PIPE_BUF), or `timeout` passes; false on timeout.
pub fn poll_in_or_out(readable: BorrowedFd<'_>, writable: BorrowedFd<'_>, timeout: Duration) -> bool {
    let mut polled = [PollFd::new(readable, PollFlags::POLLIN), PollFd::new(writable, PollFlags::POLLOUT)];
    let timeout = PollTimeout::try_from(timeout.as_millis().min(i32::MAX as u128) as i32).unwrap_or(PollTimeout::MAX);
    loop {
        match poll(&mut polled, timeout) {
            Err(nix::errno::Errno::EINTR) => continue,
            Err(_) => return true,
            Ok(n) => return n > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::{AsFd, AsRawFd};

    #[test]
    fn poll_many_tells_which_descriptor_is_ready() {
        let (quiet_r, _quiet_w) = pipe().expect("pipe");
        let (busy_r, busy_w) = pipe().expect("pipe");
        write_all(busy_w.as_raw_fd(), b"x").expect("write");
        assert_eq!(poll_many([quiet_r.as_fd(), busy_r.as_fd()]).expect("poll"), [false, true]);
        assert_eq!(unread_bytes(busy_r.as_raw_fd()).expect("FIONREAD"), 1);
    }

    #[test]
    fn a_hung_up_pipe_counts_as_ready() {
        let (r, w) = pipe().expect("pipe");
        drop(w);
        assert_eq!(poll_many([r.as_fd()]).expect("poll"), [true]);
        assert!(poll_readable(r.as_raw_fd(), Some(Duration::ZERO)));
    }
}
