//! Playing a recording as if it were a live run: a thread hands its events on at the pace
//! they were recorded (scaled by a playback rate), and can be paused, sped up or slowed
//! down, and stepped on by hand to the next event a student would notice.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use crate::event::{Event, EventKind};

/// What the player is told.
enum Cmd {
    Pause,
    Resume,
    /// Play at this many times the recorded pace.
    Rate(f64),
    /// Hand on events up to and including the next one that is not a step marker or a
    /// kernel sample.
    Next,
}

/// A recording playing on its own thread; dropped, it stops.
pub struct Feeder {
    tx: Sender<Cmd>,
}

impl Feeder {
    /// Starts playing `events` at `rate` times their pace (paused if asked), handing each to
    /// `send`; the player ends when `send` returns false or every event went.
    pub fn spawn(
        events: Arc<Vec<Event>>,
        rate: f64,
        paused: bool,
        send: impl FnMut(Event) -> bool + Send + 'static,
    ) -> Feeder {
        let (tx, rx) = channel();
        std::thread::spawn(move || play(&events, rate, paused, &rx, send));
        Feeder { tx }
    }

    pub fn pause(&self) {
        let _ = self.tx.send(Cmd::Pause);
    }

    pub fn resume(&self) {
        let _ = self.tx.send(Cmd::Resume);
    }

    /// Plays at `rate` times the recorded pace from now on.
    pub fn set_rate(&self, rate: f64) {
        let _ = self.tx.send(Cmd::Rate(rate));
    }

    /// Steps on to the next event worth seeing (while paused).
    pub fn next(&self) {
        let _ = self.tx.send(Cmd::Next);
    }
}

/// Whether a student sees this event happen (step markers and kernel samples go unnoticed).
fn noticed(ev: &Event) -> bool {
    !ev.is_marker() && !matches!(ev.kind, EventKind::Kernel { .. })
}

fn play(events: &[Event], mut rate: f64, mut paused: bool, rx: &Receiver<Cmd>, mut send: impl FnMut(Event) -> bool) {
    let mut i = 0;
    // The wall time at which the run's time stood at `anchor_t`.
    let (mut anchor, mut anchor_t) = (Instant::now(), 0u64);
    while let Some(ev) = events.get(i) {
        let wait = if paused {
            Duration::from_secs(3600)
        } else {
            let due = ev.t_ns.saturating_sub(anchor_t) as f64 / rate.max(0.01);
            Duration::from_nanos(due as u64).saturating_sub(anchor.elapsed())
        };
        let cmd = if wait.is_zero() { Err(RecvTimeoutError::Timeout) } else { rx.recv_timeout(wait) };
        let mut step = false;
        match cmd {
            Ok(Cmd::Pause) => paused = true,
            Ok(Cmd::Resume) => paused = false,
            Ok(Cmd::Rate(r)) => rate = r,
            Ok(Cmd::Next) => step = true,
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) if paused => continue,
            Err(RecvTimeoutError::Timeout) => {
                if !send(ev.clone()) {
                    return;
                }
                i += 1;
                continue;
            }
        }
        if step {
            while let Some(ev) = events.get(i) {
                i += 1;
                if !send(ev.clone()) {
                    return;
                }
                if noticed(ev) {
                    break;
                }
            }
        }
        // Whatever changed, the pace goes on from the last event handed on.
        anchor = Instant::now();
        anchor_t = i.checked_sub(1).and_then(|j| events.get(j)).map_or(0, |e| e.t_ns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn events() -> Arc<Vec<Event>> {
        let ev = |seq, sub, kind| Event { seq, sub, t_ns: seq * 1_000, pid: 1, kind };
        Arc::new(vec![
            ev(1, 0, EventKind::Printed { text: "a".into() }),
            ev(1, 1, EventKind::AtStep { line: 3 }),
            ev(2, 0, EventKind::Printed { text: "b".into() }),
            ev(3, 0, EventKind::Printed { text: "c".into() }),
        ])
    }

    #[test]
    fn a_player_plays_everything_in_order_and_ends() {
        let (tx, rx) = channel();
        let _f = Feeder::spawn(events(), 1.0, false, move |e| tx.send(e.seq).is_ok());
        let got: Vec<u64> = rx.iter().collect();
        assert_eq!(got, vec![1, 1, 2, 3]);
    }

    #[test]
    fn a_paused_player_steps_past_markers_to_the_next_event_seen() {
        let (tx, rx) = channel();
        let f = Feeder::spawn(events(), 1.0, true, move |e| tx.send((e.seq, e.sub)).is_ok());
        f.next();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok((1, 0)));
        f.next();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok((1, 1)));
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok((2, 0)));
        assert!(rx.recv_timeout(Duration::from_millis(100)).is_err(), "nothing more while paused");
        f.resume();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok((3, 0)));
    }
}
