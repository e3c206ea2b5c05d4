//! The real binary in a real pseudo-terminal, as a student meets it: open the picker, pick the
//! lock lesson, pause, step, go back, quit; the screen says what it should and no process of
//! the run is left behind.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "support/run.rs"]
mod support;
use support::marked;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const ROWS: u16 = 30;
const COLS: u16 = 100;

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size is never 0")
}

struct Tty {
    child: Child,
    master: std::fs::File,
    screen: Arc<Mutex<vt100::Parser>>,
    mark: String,
}

impl Tty {
    #[allow(unsafe_code)]
    fn spawn(args: &[&str]) -> Tty {
        let size = nix::pty::Winsize { ws_row: ROWS, ws_col: COLS, ws_xpixel: 0, ws_ypixel: 0 };
        let pty = nix::pty::openpty(Some(&size), None).expect("openpty");
        let mark = format!("pty-{}-{}", std::process::id(), args.join("-"));
        let slave: OwnedFd = pty.slave;
        let stdio = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup slave"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_forkbook"));
        cmd.args(args)
            .env("FORKBOOK_TEST_MARK", &mark)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .stdin(stdio(&slave))
            .stdout(stdio(&slave))
            .stderr(stdio(&slave));
        // SAFETY: the hook runs between fork and exec and only makes async-signal-safe calls
        // (setsid, ioctl) that allocate nothing; they make the pty the controlling terminal of a
        // new session.
        unsafe {
            cmd.pre_exec(|| {
                nix::unistd::setsid()?;
                // nix has no safe TIOCSCTTY; the ioctl takes an integer argument and reads no memory.
                if libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("forkbook starts");
        drop(slave);
        let master = std::fs::File::from(pty.master);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(ROWS), nz(COLS), 0)));
        let mut reader = master.try_clone().expect("dup master");
        let parser = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap_or_else(|e| e.into_inner()).process(&buf[..n]);
            }
        });
        Tty { child, master, screen, mark }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap_or_else(|e| e.into_inner()).screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.contents();
            if screen.contains(text) {
                return screen;
            }
            assert!(Instant::now() < deadline, "'{text}' never appeared; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).expect("type");
        std::thread::sleep(Duration::from_millis(60));
    }

    fn leftovers(&self) -> Vec<i32> {
        marked(&self.mark)
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for pid in self.leftovers() {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
}

#[test]
fn a_student_opens_lock_steps_it_and_quits_leaving_nothing_behind() {
    let mut tty = Tty::spawn(&["--lang", "en"]);
    tty.wait_for("pick a lesson");
    tty.send("/lock");
    tty.send("\r");
    // The lesson waits for predictions: type one, then space runs it.
    tty.wait_for("Predict, then run");
    tty.send("1");
    tty.send(" ");
    let screen = tty.wait_for("MainProcess");
    assert!(screen.contains("Buying tickets"), "{screen}");
    tty.send(" ");
    tty.wait_for("paused");
    tty.send("n");
    tty.send("q");
    tty.wait_for("pick a lesson");
    tty.send("q");
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = tty.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "forkbook did not quit on q, q:\n{}", tty.contents());
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(tty.leftovers().is_empty(), "processes left: {:?}", tty.leftovers());
}

#[test]
#[allow(unsafe_code)]
fn a_tiny_terminal_asks_to_be_made_bigger() {
    let mut tty = Tty::spawn(&["run", "lock", "--lang", "en"]);
    tty.wait_for("Predict, then run");
    // Shrink the pty: the screen must say how big it has to be.
    let size = nix::pty::Winsize { ws_row: 10, ws_col: 40, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: nix has no safe TIOCSWINSZ; the ioctl reads one Winsize through the pointer, and
    // size is a live Winsize (the same layout as the kernel's struct winsize).
    let rc = unsafe { libc::ioctl(tty.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    assert_eq!(rc, 0, "resizing our own pty: {}", std::io::Error::last_os_error());
    tty.screen.lock().unwrap_or_else(|e| e.into_inner()).screen_mut().set_size(nz(10), nz(40));
    tty.wait_for("at least 80×24");
    tty.send("q");
    tty.send("q");
}
