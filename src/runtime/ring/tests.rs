//! The rings on their own: records across wraparounds, publication, a full ring holding its
//! writer until drained, a killed writer's records, the doorbell (asleep and dozing).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::*;
use crate::event::{Variable, VariableName, WaitOp};
use crate::runtime::region::Region;
use crate::value::Value;

fn event(seq: u64, kind: EventKind) -> Event {
    Event { seq, sub: (seq % 3) as u32, t_ns: seq * 7, pid: 4242, kind }
}

/// A mix of every compact form and a JSON one, with strings of every length.
fn kinds(i: u64) -> EventKind {
    let s = "x".repeat((i % 70) as usize);
    match i % 9 {
        0 => EventKind::AtStep { line: i as u32 },
        1 => EventKind::Acquired { object: format!("lock{s}").into() },
        2 => EventKind::Put {
            object: "q".into(),
            item: Value::Tuple(vec![Value::Int(-(i as i64)), Value::Str(s), Value::Float(0.5), Value::None]),
        },
        3 => EventKind::Printed { text: format!("字 {i} {s}") },
        4 => EventKind::Variables {
            frame: Some("work".into()),
            set: vec![Variable { local: true, name: "_".into(), value: i.to_string() }],
            gone: vec![VariableName { local: false, name: s.into() }],
        },
        5 => EventKind::Waiting { object: "sem".into(), op: WaitOp::Acquire, timed: i.is_multiple_of(2) },
        6 => EventKind::ValueWritten { object: "v".into(), index: Some(3), value: Value::Bool(true) },
        7 => EventKind::Reaped { child: -5, exitcode: -9 },
        _ => EventKind::Started { name: s, ppid: 1, script: "run".into(), daemon: false, slot: 2 },
    }
}

fn drain_all(reader: &mut Reader, ring: &Ring) -> Vec<Event> {
    let mut got = Vec::new();
    reader.drain(ring, |e| got.push(e));
    got
}

#[test]
fn records_come_back_exactly_as_written_across_many_wraparounds() {
    let region = Region::create(1.0, 4).expect("a region");
    let ring = region.ring(0);
    let writer = Writer::new(ring, &region.header().doorbell);
    let mut reader = Reader::default();
    let mut sent = Vec::new();
    let mut got = Vec::new();
    for i in 0..20_000 {
        let ev = event(i, kinds(i));
        writer.write(&ev).expect("fits");
        sent.push(ev);
        if i % 700 == 0 {
            writer.publish();
            got.extend(drain_all(&mut reader, ring));
        }
    }
    writer.publish();
    got.extend(drain_all(&mut reader, ring));
    assert!(ring.producer.head.load(Ordering::SeqCst) > 4 * RING_WORDS as u64, "the test wrapped several times");
    assert_eq!(got.len(), sent.len());
    assert!(got == sent, "a record changed on the way");
}

#[test]
fn unpublished_records_stay_invisible_until_published() {
    let region = Region::create(1.0, 4).expect("a region");
    let writer = Writer::new(region.ring(1), &region.header().doorbell);
    let mut reader = Reader::default();
    writer.write(&event(1, EventKind::Gated)).expect("fits");
    assert!(drain_all(&mut reader, region.ring(1)).is_empty());
    writer.publish();
    assert_eq!(drain_all(&mut reader, region.ring(1)).len(), 1);
}

#[test]
fn a_full_ring_blocks_its_writer_until_the_reader_drains_and_nothing_is_dropped() {
    let region = Region::create(1.0, 4).expect("a region");
    let total = 3 * RING_WORDS as u64 / HEADER_WORDS as u64;
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let writer = Writer::new(region.ring(2), &region.header().doorbell);
            for i in 1..=total {
                writer.write(&event(i, EventKind::Gated)).expect("fits");
                writer.publish();
            }
            finished.store(true, Ordering::SeqCst);
        });
        let ring = region.ring(2);
        let deadline = Instant::now() + Duration::from_secs(10);
        while ring.producer.waiting.load(Ordering::SeqCst) == 0 {
            assert!(Instant::now() < deadline, "the writer never filled its ring");
            std::thread::yield_now();
        }
        assert!(!finished.load(Ordering::SeqCst), "a writer with a full ring went on");
        let mut reader = Reader::default();
        let mut got = Vec::new();
        while got.len() < total as usize {
            assert!(Instant::now() < deadline, "only {} of {total} records arrived", got.len());
            reader.drain(ring, |e| got.push(e.seq));
        }
        assert_eq!(got, (1..=total).collect::<Vec<_>>());
    });
    assert!(finished.load(Ordering::SeqCst));
}

#[test]
fn what_a_killed_writer_published_is_still_read() {
    use crate::runtime::sys::{self, Forked};
    let region = Region::create(1.0, 4).expect("a region");
    match sys::fork().expect("fork") {
        Forked::Child => {
            let writer = Writer::new(region.ring(3), &region.header().doorbell);
            for i in 1..=100 {
                let _ = writer.write(&event(i, EventKind::Printed { text: format!("line {i}") }));
            }
            writer.publish();
            // Written, never published: the record its death tears.
            let _ = writer.write(&event(101, EventKind::Printed { text: "torn".into() }));
            let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
            sys::exit_now(0)
        }
        Forked::Parent(pid) => {
            let status = nix::sys::wait::waitpid(nix::unistd::Pid::from_raw(pid), None).expect("reaps the writer");
            assert!(
                matches!(status, nix::sys::wait::WaitStatus::Signaled(_, nix::sys::signal::Signal::SIGKILL, _)),
                "{status:?}"
            );
            let mut reader = Reader::default();
            let got = drain_all(&mut reader, region.ring(3));
            assert_eq!(got.len(), 100);
            assert_eq!(got[99].kind, EventKind::Printed { text: "line 100".into() });
        }
    }
}

#[test]
fn the_doorbell_wakes_a_sleeping_viewer_and_is_left_alone_while_it_is_awake() {
    let region = Region::create(1.0, 4).expect("a region");
    let bell = &region.header().doorbell;
    let writer = Writer::new(region.ring(0), bell);
    writer.write(&event(1, EventKind::Gated)).expect("fits");
    writer.publish();
    assert_eq!(bell.load(Ordering::SeqCst), 0, "nobody asleep, nothing rung");
    std::thread::scope(|scope| {
        let started = Instant::now();
        let sleeper = scope.spawn(|| {
            sleep_on_bell(bell, || false, Duration::from_secs(20));
        });
        while bell.load(Ordering::SeqCst) == 0 {
            assert!(started.elapsed() < Duration::from_secs(10), "the viewer never slept");
            std::thread::yield_now();
        }
        writer.write(&event(2, EventKind::Gated)).expect("fits");
        writer.publish();
        sleeper.join().expect("the sleeper returns");
        assert!(started.elapsed() < Duration::from_secs(10), "the bell did not wake the viewer");
    });
}

#[test]
fn a_dozing_viewer_is_rung_only_once_a_ring_is_half_full() {
    let region = Region::create(1.0, 4).expect("a region");
    let bell = &region.header().doorbell;
    let writer = Writer::new(region.ring(0), bell);
    bell.store(DOZING, Ordering::SeqCst);
    writer.write(&event(1, EventKind::Gated)).expect("fits");
    writer.publish();
    assert_eq!(bell.load(Ordering::SeqCst), DOZING, "one record does not ring a dozing viewer");
    // A record without payload is a header alone: half the ring is this many of them.
    let half = (RING_WORDS / 2).div_ceil(HEADER_WORDS) as u64;
    let mut seq = 2;
    while bell.load(Ordering::SeqCst) == DOZING {
        assert!(seq <= half, "half the ring written and still not rung");
        writer.write(&event(seq, EventKind::Gated)).expect("fits");
        writer.publish();
        seq += 1;
    }
    assert_eq!(bell.load(Ordering::SeqCst), AWAKE, "rung");
    assert_eq!(seq - 1, half, "rung by the record that filled half the ring");
}

#[test]
fn a_taken_seq_stays_claimed_until_its_record_is_published_and_the_oldest_claim_is_kept() {
    let region = Region::create(1.0, 2).expect("a region");
    let ring = region.ring(0);
    let counter = AtomicU64::new(10);
    let w = Writer::new(ring, &region.header().doorbell);
    let me = std::process::id() as i32;
    assert_eq!(claimant(ring, 1, u64::MAX - 1), None, "nothing taken, nothing claimed");
    let first = w.take_seq(&counter);
    assert_eq!(first, 11);
    let second = w.take_seq(&counter);
    assert_eq!(claimant(ring, 11, 11), Some(me));
    assert_eq!(claimant(ring, 12, 12), None, "the earlier seq is the one a gap waits on first");
    let record = |seq| Event { seq, sub: 0, t_ns: 0, pid: me, kind: EventKind::Gated };
    w.write(&record(second)).expect("written");
    w.publish();
    assert_eq!(claimant(ring, 11, 11), Some(me), "another seq's record does not withdraw the claim");
    w.write(&Event { sub: 1, ..record(first) }).expect("written");
    w.publish();
    assert_eq!(claimant(ring, 11, 11), Some(me), "a step marker after the seq is not its record");
    w.write(&record(first)).expect("written");
    assert_eq!(claimant(ring, 11, 11), Some(me), "written but not published: still claimed");
    w.publish();
    assert_eq!(claimant(ring, 1, u64::MAX - 1), None);
    let third = w.take_seq(&counter);
    assert_eq!(claimant(ring, third, third), Some(me), "a fresh claim after the last was withdrawn");
}

#[test]
fn a_record_that_does_not_fit_before_the_rings_end_starts_again_at_its_start() {
    let region = Region::create(1.0, 4).expect("a region");
    let writer = Writer::new(region.ring(0), &region.header().doorbell);
    let mut reader = Reader::default();
    let (mut sent, mut got) = (Vec::new(), Vec::new());
    // Two words left before the end (too few for a padding header), then four (a padding
    // header and one word), each time before a record of five words.
    for left in [2, 4] {
        loop {
            let to_end = RING_WORDS - (writer.head.get() % RING_WORDS as u64) as usize;
            if to_end == left {
                break;
            }
            // A header alone (3 words) or with a line (4), so that the end comes out exact.
            let kind = if (to_end - left).is_multiple_of(3) { EventKind::Gated } else { EventKind::AtStep { line: 7 } };
            sent.push(event(sent.len() as u64 + 1, kind));
            writer.write(sent.last().expect("just pushed")).expect("fits");
            writer.publish();
            reader.drain(region.ring(0), |e| got.push(e));
        }
        sent.push(event(sent.len() as u64 + 1, EventKind::Printed { text: "0123456789".into() }));
        writer.write(sent.last().expect("just pushed")).expect("fits");
        writer.publish();
        reader.drain(region.ring(0), |e| got.push(e));
        assert_eq!(writer.head.get() % RING_WORDS as u64, 5, "the record of five words starts at the ring's start");
    }
    assert_eq!(got, sent, "every record, in order, across both ends");
}
