//! The input thread: reads the terminal and sends keys, clicks and resizes to the loop. It
//! reads in short polls, so the loop can hold it while another program (the student's editor)
//! has the terminal: a held thread reads nothing, and the keys typed go to that program.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crossterm::event::Event as TermEvent;

use super::Msg;

/// The longest the thread waits for input before it looks whether it is held.
const POLL: Duration = Duration::from_millis(50);

/// The running input thread.
pub struct Input {
    held: Arc<AtomicBool>,
    /// Taken by the thread while it polls or reads the terminal.
    reading: Arc<Mutex<()>>,
}

/// While alive, the input thread reads nothing.
pub struct Held<'a> {
    held: &'a AtomicBool,
    _reading: MutexGuard<'a, ()>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.held.store(false, Ordering::SeqCst);
    }
}

impl Input {
    /// Starts the thread; it stops when the loop's end of `tx` is gone or reading fails.
    pub fn spawn(tx: Sender<Msg>) -> Input {
        let input = Input { held: Arc::new(AtomicBool::new(false)), reading: Arc::new(Mutex::new(())) };
        let (held, reading) = (Arc::clone(&input.held), Arc::clone(&input.reading));
        std::thread::spawn(move || {
            loop {
                if held.load(Ordering::SeqCst) {
                    std::thread::sleep(POLL);
                    continue;
                }
                let _reading = reading.lock().unwrap_or_else(PoisonError::into_inner);
                // Held between the look above and taking the lock: read nothing.
                if held.load(Ordering::SeqCst) {
                    continue;
                }
                let msg = match crossterm::event::poll(POLL)
                    .and_then(|ready| ready.then(crossterm::event::read).transpose())
                {
                    Ok(None) => continue,
                    Ok(Some(TermEvent::Key(k))) => Msg::Key(k),
                    Ok(Some(TermEvent::Mouse(m))) => Msg::Mouse(m),
                    Ok(Some(TermEvent::Resize(..))) => Msg::Resize,
                    Ok(Some(_)) => continue,
                    Err(e) => Msg::Failed(format!("reading the terminal: {e}")),
                };
                let failed = matches!(msg, Msg::Failed(_));
                if tx.send(msg).is_err() || failed {
                    return;
                }
            }
        });
        input
    }

    /// Stops the thread reading until the returned guard is dropped; waits for a poll under
    /// way to end (at most `POLL`).
    pub fn hold(&self) -> Held<'_> {
        self.held.store(true, Ordering::SeqCst);
        let reading = self.reading.lock().unwrap_or_else(PoisonError::into_inner);
        Held { held: &self.held, _reading: reading }
    }
}
