//! Merging by seq: rings interleaved, markers after their event, gaps waited for and then
//! declared lost (never looping, never growing without bound), late events dropped.

use super::*;
use crate::runtime::region::Region;
use crate::runtime::report::Reporter;
use crate::runtime::sys::{self, Forked};

fn ev(seq: u64, sub: u32, pid: i32) -> Event {
    Event { seq, sub, t_ns: seq, pid, kind: if sub > 0 { EventKind::AtStep { line: sub } } else { EventKind::Gated } }
}

fn order(events: &[Event]) -> Vec<(u64, u32)> {
    events.iter().map(|e| (e.seq, e.sub)).collect()
}

fn lost(events: &[Event]) -> Vec<(u64, u64)> {
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Lost { from, to } => Some((from, to)),
            _ => None,
        })
        .collect()
}

/// Forks a process that writes ring 1 of `region` as `work` says and is then SIGKILLed;
/// returns once it is reaped.
fn writer_killed_after(region: &Region, work: impl FnOnce(&Reporter)) {
    match sys::fork().expect("fork") {
        Forked::Child => {
            work(&Reporter::new(region, 1, 77, 0));
            let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
            sys::exit_now(0)
        }
        Forked::Parent(pid) => {
            let _ = nix::sys::wait::waitpid(nix::unistd::Pid::from_raw(pid), None);
        }
    }
}

/// Seqs 2 to MAX_HELD + 2 drained from ring 0, waiting on seq 1.
fn crowd_behind_seq_one() -> Reorder {
    let mut r = Reorder::default();
    for seq in 2..=(MAX_HELD as u64 + 2) {
        r.push_from(0, ev(seq, 0, 1));
    }
    r
}

/// Seq 1 and the crowd behind it came out, every seq once, in order, none lost.
fn assert_the_crowd_came_whole(out: &[Event]) {
    assert!(lost(out).is_empty());
    assert_eq!(out.len(), MAX_HELD + 2);
    assert!(out.windows(2).all(|w| w[0].seq + 1 == w[1].seq), "every seq once, in order");
}

#[test]
fn events_from_several_rings_come_out_in_seq_order_with_markers_after_their_event() {
    let mut r = Reorder::default();
    // Two rings drained one after the other: each in its own order, interleaved in seq.
    for e in [ev(2, 0, 20), ev(2, 1, 20), ev(4, 0, 20), ev(1, 0, 10), ev(3, 0, 10), ev(1, 1, 10), ev(3, 1, 10)] {
        r.push(e);
    }
    let out = r.ready(false, Instant::now());
    assert_eq!(order(&out), vec![(1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1), (4, 0)]);
}

#[test]
fn a_gap_waits_while_the_rings_were_drained_too_recently_to_tell() {
    let mut r = Reorder::default();
    r.push(ev(2, 0, 1));
    assert!(r.ready(false, Instant::now()).is_empty());
    // Drained long ago (before the gap opened): no news about the gap yet.
    assert!(r.ready(false, Instant::now() - Duration::from_secs(5)).is_empty());
    r.push(ev(1, 0, 2));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(1, 0), (2, 0)]);
}

#[test]
fn a_seq_whose_writer_died_before_publishing_is_declared_lost_after_the_patience() {
    let mut r = Reorder::default();
    r.push(ev(1, 0, 1));
    r.push(ev(3, 0, 1));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(1, 0)]);
    let later = Instant::now() + GAP_PATIENCE + Duration::from_millis(1);
    assert!(r.ready(false, later).is_empty(), "no writer claims it: one more drain decides");
    let out = r.ready(false, later + Duration::from_millis(1));
    assert_eq!(lost(&out), vec![(2, 2)]);
    assert_eq!(order(&out), vec![(2, 0), (3, 0)]);
    // It arrives after all: dropped, the trace already said it was lost.
    r.push(ev(2, 0, 5));
    r.push(ev(4, 0, 1));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(4, 0)]);
}

#[test]
fn a_marker_waiting_on_a_seq_that_never_arrives_ends_with_one_lost_line_even_at_the_end() {
    // Issue 16: a process SIGKILLed between taking seq 2 and writing it; its child's first
    // step marker carries seq 2. At the end (flush) this used to loop for ever, growing.
    let mut r = Reorder::default();
    r.push(ev(1, 0, 1));
    r.push(ev(2, 1, 9));
    r.push(ev(2, 2, 9));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let out = r.ready(true, Instant::now());
        let _ = tx.send(out);
    });
    let out = rx.recv_timeout(Duration::from_secs(10)).expect("ready() ends");
    assert_eq!(lost(&out), vec![(2, 2)]);
    assert_eq!(order(&out), vec![(1, 0), (2, 0), (2, 1), (2, 2)]);
}

#[test]
fn the_same_marker_without_flush_is_handed_out_once_the_patience_is_over() {
    let mut r = Reorder::default();
    r.push(ev(1, 0, 1));
    r.push(ev(2, 1, 9));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(1, 0)]);
    assert!(r.ready(false, Instant::now() + GAP_PATIENCE * 2).is_empty());
    let out = r.ready(false, Instant::now() + GAP_PATIENCE * 3);
    assert_eq!(lost(&out), vec![(2, 2)]);
    assert_eq!(order(&out), vec![(2, 0), (2, 1)]);
    assert!(r.ready(false, Instant::now() + GAP_PATIENCE * 4).is_empty(), "nothing more, nothing repeated");
}

#[test]
fn too_many_events_behind_an_unclaimed_gap_declare_it_lost_after_one_more_drain() {
    let mut r = Reorder::default();
    for seq in 2..=(MAX_HELD as u64 + 2) {
        r.push(ev(seq, 0, 1));
    }
    assert!(r.ready(false, Instant::now()).is_empty(), "drained before the claims were looked at");
    let out = r.ready(false, Instant::now());
    assert_eq!(lost(&out), vec![(1, 1)]);
    assert_eq!(out.len(), MAX_HELD + 2);
}

#[test]
fn a_record_published_just_after_its_ring_was_drained_is_not_lost_in_a_crowd() {
    // Its writer published seq 1 and withdrew its claim after the reader drained its ring but
    // before it drained the others, which held over MAX_HELD later events.
    let mut r = crowd_behind_seq_one();
    assert!(r.ready(false, Instant::now()).is_empty());
    r.push_from(1, ev(1, 0, 2));
    let out = r.ready(false, Instant::now());
    assert_the_crowd_came_whole(&out);
}

#[test]
fn a_process_killed_between_taking_a_seq_and_writing_leaves_one_lost_seq_and_the_rest_in_order() {
    let region = Region::create(1.0, 4).expect("a region");
    writer_killed_after(&region, |rep| {
        rep.emit(EventKind::Printed { text: "before".into() });
        let _taken = rep.stamp();
        // A step marker follows the seq just taken; the event itself is never written.
        rep.mark(EventKind::AtStep { line: 9 }, true);
    });
    let other = Reporter::new(&region, 0, 5, 0);
    other.emit(EventKind::Printed { text: "after".into() });
    let mut reorder = Reorder::default();
    let mut rings = ring::Reader::default();
    for i in [0, 1] {
        rings.drain(region.ring(i), |e| reorder.push(e));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(reorder.ready(true, Instant::now()));
    });
    let out = rx.recv_timeout(Duration::from_secs(10)).expect("the reader is not frozen by the lost seq");
    assert_eq!(lost(&out), vec![(2, 2)]);
    assert_eq!(order(&out), vec![(1, 0), (2, 0), (2, 1), (3, 0)]);
}

#[test]
fn the_merge_of_ring_fronts_gives_the_same_order_as_the_slow_path_around_gaps_and_late_events() {
    let mut r = Reorder::default();
    // Ring 0 has 1, 3, 6; ring 1 has 2 and its marker, 4; seq 5 is not published yet.
    for e in [ev(1, 0, 1), ev(3, 0, 1), ev(6, 0, 1)] {
        r.push_from(0, e);
    }
    for e in [ev(2, 0, 2), ev(2, 1, 2), ev(4, 0, 2)] {
        r.push_from(1, e);
    }
    let out = r.ready(false, Instant::now());
    assert_eq!(order(&out), vec![(1, 0), (2, 0), (2, 1), (3, 0), (4, 0)]);
    // Seq 5 arrives in a third ring, with a later one behind it.
    r.push_from(2, ev(5, 0, 3));
    r.push_from(2, ev(7, 0, 3));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(5, 0), (6, 0), (7, 0)]);
    // A gap declared lost, then its event arriving late through the merge: dropped.
    r.push_from(0, ev(9, 0, 1));
    let out = r.ready(true, Instant::now());
    assert_eq!(lost(&out), vec![(8, 8)]);
    r.push_from(1, ev(8, 0, 2));
    r.push_from(1, ev(10, 0, 2));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(10, 0)]);
}

#[test]
fn events_waiting_for_another_ring_stay_in_their_queue_across_passes_not_in_the_map() {
    let mut r = Reorder::default();
    r.push_from(0, ev(3, 0, 1));
    r.push_from(0, ev(3, 1, 1));
    r.push_from(0, ev(4, 0, 1));
    assert!(r.ready(false, Instant::now()).is_empty());
    assert!(r.pending.is_empty(), "in order within their ring: they wait in its queue");
    r.push_from(1, ev(1, 0, 2));
    r.push_from(1, ev(2, 0, 2));
    r.push_from(0, ev(5, 0, 1));
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(1, 0), (2, 0), (3, 0), (3, 1), (4, 0), (5, 0)]);
    // One out of its ring's order goes to the map and still comes out in its turn.
    r.push_from(0, ev(7, 0, 1));
    r.push_from(0, ev(6, 0, 1));
    assert_eq!(r.pending.len(), 1);
    assert_eq!(order(&r.ready(false, Instant::now())), vec![(6, 0), (7, 0)]);
    assert_eq!(r.fresh_len, 0);
}

#[test]
fn runs_of_one_ring_interleave_with_the_others_in_seq_order_whatever_the_split() {
    // Four writers take seqs in turns of random length, each event followed by markers; the
    // rings are drained in random slices (an event with its markers). Whatever the split, the
    // events come out sorted by (seq, sub) with nothing lost or repeated.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut rand = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut rings: Vec<Vec<Event>> = vec![Vec::new(); 4];
    let mut seq = 0;
    while seq < 2000 {
        let w = rand(4) as usize;
        for _ in 0..=rand(6) {
            seq += 1;
            rings[w].push(ev(seq, 0, w as i32 + 1));
            for sub in 1..=rand(3) as u32 {
                rings[w].push(ev(seq, sub, w as i32 + 1));
            }
        }
    }
    let mut expected: Vec<(u64, u32)> = rings.iter().flatten().map(|e| (e.seq, e.sub)).collect();
    expected.sort_unstable();
    let mut r = Reorder::default();
    let mut out = Vec::new();
    let mut at = [0usize; 4];
    while at.iter().zip(&rings).any(|(a, ring)| *a < ring.len()) {
        for (w, ring) in rings.iter().enumerate() {
            // A slice ends before an event, never between an event and its markers.
            let mut take = (rand(40) as usize).min(ring.len() - at[w]);
            while at[w] + take < ring.len() && ring[at[w] + take].sub > 0 {
                take += 1;
            }
            for e in &ring[at[w]..at[w] + take] {
                r.push_from(w, e.clone());
            }
            at[w] += take;
        }
        out.extend(r.ready(false, Instant::now()));
    }
    out.extend(r.ready(true, Instant::now()));
    assert_eq!(order(&out), expected);
    assert!(lost(&out).is_empty());
}

#[test]
fn a_gap_a_live_writer_claims_outwaits_the_patience_and_the_crowd_and_then_comes_in_order() {
    let mut r = crowd_behind_seq_one();
    let later = Instant::now() + GAP_PATIENCE * 4;
    let claims_one = |from: u64, to: u64| (from..=to).contains(&1);
    let mut out = Vec::new();
    while r.ready_into(false, later, &mut out, usize::MAX, &claims_one) {}
    assert!(out.is_empty(), "nothing handed out, nothing declared lost: {:?}", lost(&out));
    r.push_from(1, ev(1, 0, 2));
    while r.ready_into(false, later, &mut out, usize::MAX, &claims_one) {}
    assert_the_crowd_came_whole(&out);
}

#[test]
fn a_seq_claimed_by_a_writer_that_died_is_declared_lost_after_the_patience() {
    let region = Region::create(1.0, 4).expect("a region");
    writer_killed_after(&region, |rep| {
        let _taken = rep.stamp();
    });
    let rings = || [region.ring(0), region.ring(1)];
    assert!(!claimed_by_live(rings(), 1, 1), "the claim of a dead writer does not hold the gap");
    let live = Reporter::new(&region, 0, 5, 0);
    let held = live.stamp();
    assert!(claimed_by_live(rings(), 2, 2), "this process lives and has not published seq 2");
    live.emit_at(held, 5, EventKind::Printed { text: "after".into() });
    assert!(!claimed_by_live(rings(), 1, 2), "published: the claim is withdrawn");
    let mut r = Reorder::default();
    copy_into(&mut r, 0, region.ring(0));
    copy_into(&mut r, 1, region.ring(1));
    let claimed = |from, to| claimed_by_live(rings(), from, to);
    let mut out = Vec::new();
    while r.ready_into(false, Instant::now(), &mut out, usize::MAX, &claimed) {}
    assert!(out.is_empty(), "drained too recently to tell");
    while r.ready_into(false, Instant::now() + GAP_PATIENCE * 2, &mut out, usize::MAX, &claimed) {}
    assert!(out.is_empty(), "no live writer claims it: one more drain decides");
    while r.ready_into(false, Instant::now() + GAP_PATIENCE * 3, &mut out, usize::MAX, &claimed) {}
    assert_eq!(lost(&out), vec![(1, 1)]);
    assert_eq!(order(&out), vec![(1, 0), (2, 0)]);
}

/// Copies `ring` as the copier does and hands its words to `r` at position `pos`.
fn copy_into(r: &mut Reorder, pos: usize, ring: &ring::Ring) {
    let mut words = Vec::new();
    let start = ring::Reader::take_words(ring, &mut words);
    r.accept(Chunk { pos, words, start });
}
