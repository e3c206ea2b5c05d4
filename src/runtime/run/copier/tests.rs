//! The copier on its own: every published word of every ring in use reaches the reader, and
//! the pass taken after every writer is gone is the last and holds everything.

use std::sync::mpsc::sync_channel;

use super::*;
use crate::event::{Event, EventKind};
use crate::runtime::run::reorder::Reorder;

fn event(seq: u64, pid: i32, kind: EventKind) -> Event {
    Event { seq, sub: 0, t_ns: seq * 10, pid, kind }
}

/// A copier of `region` whose liveness pipe has `live` writers, and the reader's ends.
fn copier(region: &Arc<Region>, live: bool) -> (Copier, Receiver<Pass>, Option<OwnedFd>) {
    let (read_end, write_end) = sys::pipe().expect("a pipe");
    let (tx, passes) = sync_channel(64);
    let (_spent_tx, spent) = sync_channel(64);
    let copier = Copier {
        pipe: read_end,
        region: region.clone(),
        tx,
        spent,
        shared: Arc::new(Shared::default()),
        dropped: Arc::new(AtomicBool::new(false)),
        scheduled: false,
    };
    (copier, passes, live.then_some(write_end))
}

/// Writes `events` into ring `i` of `region` and publishes them.
fn publish(region: &Region, i: usize, events: &[Event]) {
    let writer = ring::Writer::new(region.ring(i), &region.header().doorbell);
    for ev in events {
        writer.write(ev).expect("fits");
    }
    writer.publish();
}

/// What the reader makes of `passes`: the events, in seq order.
fn framed(passes: impl IntoIterator<Item = Pass>) -> Vec<Event> {
    let mut reorder = Reorder::default();
    for pass in passes {
        for chunk in pass.chunks {
            reorder.accept(chunk);
        }
    }
    reorder.ready(true, Instant::now())
}

#[test]
fn a_pass_copies_every_ring_in_use_and_the_reader_frames_the_events_back_in_order() {
    let region = Arc::new(Region::create(1.0, 4).expect("a region"));
    region.header().next_slot.store(2, Ordering::SeqCst);
    let first = [event(1, 10, EventKind::Gated), event(3, 10, EventKind::Printed { text: "字 three".into() })];
    let second =
        [event(2, 11, EventKind::AtStep { line: 7 }), event(4, 11, EventKind::Acquired { object: "lock".into() })];
    publish(&region, 0, &first);
    publish(&region, 1, &second);
    let (copier, _, _live) = copier(&region, true);
    let mut chunks = Vec::new();
    let words = copier.copy(&mut chunks);
    assert_eq!(
        chunks.iter().map(|c| c.pos).collect::<Vec<_>>(),
        vec![0, 1],
        "one chunk a ring, the empty runner's none"
    );
    assert_eq!(words, chunks.iter().map(|c| c.words.len()).sum::<usize>());
    assert!(region.rings_in_use().all(|r| !ring::has_records(r)), "the rings' room is freed");
    let got = framed([Pass { drained: Instant::now(), chunks, last: false }]);
    assert_eq!(got, vec![first[0].clone(), second[0].clone(), first[1].clone(), second[1].clone()]);
}

#[test]
fn once_every_writer_is_gone_the_copier_sends_a_last_pass_with_everything_and_ends() {
    let region = Arc::new(Region::create(1.0, 4).expect("a region"));
    region.header().next_slot.store(1, Ordering::SeqCst);
    let written: Vec<Event> = (1..=500).map(|seq| event(seq, 10, EventKind::AtStep { line: seq as u32 })).collect();
    publish(&region, 0, &written);
    // No live writer: the liveness pipe's write end is closed before the copier runs.
    let (copier, passes, live) = copier(&region, false);
    assert!(live.is_none());
    copier.run();
    let passes: Vec<Pass> = passes.try_iter().collect();
    assert!(passes.last().is_some_and(|p| p.last), "the copier's last pass says so");
    assert_eq!(passes.iter().filter(|p| p.last).count(), 1);
    assert_eq!(framed(passes), written, "every event, in order");
}
