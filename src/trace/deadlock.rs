//! Runs that can no longer move, read from the `World` alone: a wait-for *cycle* (each process
//! waits for a lock, semaphore or child that only another stuck process can give) and a
//! *stall* (every live process waits and nobody alive can wake any of them). Pure like the
//! fold: the front end keeps the clock and asks `verdict` whether to end the run, and how.

mod words;

use std::collections::BTreeSet;
use std::time::Duration;

pub use words::{cycle_text, stall_text};

use crate::event::{ObjectKind, RunOutcome, WaitLink, WaitOp};

use super::objects::ObjState;
use super::process::{Proc, ProcState};
use super::world::World;

/// How long a stall must last, with no new event, before the run is called stuck: long
/// enough for a wake-up already on its way to arrive.
pub const STALL_QUIET: Duration = Duration::from_secs(1);

/// Whether to end the run now, and with which outcome: `Deadlocked` as soon as a cycle
/// formed, `Stuck` once a stall held for `STALL_QUIET` (`quiet_for`: the wall time since the
/// front end last received an event). `None` while the run can still move or is over. One
/// place for this decision, so every front end ends such runs alike.
pub fn verdict(world: &World, quiet_for: Duration) -> Option<RunOutcome> {
    if world.ended.is_some() {
        return None;
    }
    if let Some(cycle) = find_cycle(world) {
        return Some(RunOutcome::Deadlocked { cycle });
    }
    if quiet_for < STALL_QUIET {
        return None;
    }
    find_stall(world).map(|waits| RunOutcome::Stuck { waits })
}

/// The process is waiting on an object (not at its gate, not sleeping, not a zombie): what on.
fn blocked(p: &Proc) -> Option<(&str, WaitOp)> {
    match &p.state {
        ProcState::Blocked { object, op } if !p.gated && !p.timed_wait => Some((object, *op)),
        _ => None,
    }
}

fn link(world: &World, p: &Proc, object: &str, op: WaitOp) -> WaitLink {
    let kind =
        world.object(object).map(|o| o.kind).filter(|k| matches!(k, ObjectKind::Condition | ObjectKind::Barrier));
    WaitLink { pid: p.pid, name: p.name.clone(), op, object: object.to_string(), kind }
}

/// Who alone can end `p`'s wait when that wait is an edge of the wait-for graph: a lock's
/// owner, every holder of a semaphore with nothing left, the child it joins. `None` when the
/// wait is no such edge, or the fold says it is about to end anyway.
fn givers(world: &World, p: &Proc) -> Option<Vec<i32>> {
    let (object, op) = blocked(p)?;
    if op == WaitOp::Join {
        let child = world.proc_by_name(object)?;
        return child.state.is_alive().then(|| vec![child.pid]);
    }
    if op != WaitOp::Acquire {
        return None;
    }
    let obj = world.object(object)?;
    match &obj.state {
        // An RLock its owner takes again does not block; anyone else's owner is an edge.
        ObjState::Lock { owner: Some(o), .. } if !(*o == p.pid && obj.kind == ObjectKind::RLock) => Some(vec![*o]),
        // A Condition's lock is re-entrant for its owner (an RLock unless the program gave one).
        ObjState::Condition { owner: Some(o), .. } if *o != p.pid => Some(vec![*o]),
        ObjState::Semaphore { value, holders, .. } if *value <= 0 && !holders.is_empty() => {
            let distinct: BTreeSet<i32> = holders.iter().copied().collect();
            Some(distinct.into_iter().collect())
        }
        _ => None,
    }
}

/// A wait-for cycle, in order: each link's process waits for what the next link's process
/// holds (the last link's, for what the first holds). Found in the largest set of blocked
/// processes whose every giver is in the set too — nobody outside it can end their waits —
/// starting from the earliest started process whose cycle can be told from a thing it holds.
pub fn find_cycle(world: &World) -> Option<Vec<WaitLink>> {
    let mut edges: Vec<(&Proc, Vec<i32>)> =
        world.processes.iter().filter_map(|p| Some((p, givers(world, p)?))).collect();
    loop {
        let stuck: BTreeSet<i32> = edges.iter().map(|(p, _)| p.pid).collect();
        let before = edges.len();
        edges.retain(|(_, givers)| givers.iter().all(|g| stuck.contains(g)));
        if edges.len() == before {
            break;
        }
    }
    let next = |pid: i32| edges.iter().find(|(p, _)| p.pid == pid).and_then(|(_, g)| g.first().copied());
    // Every member's givers are members, so walking from any member must come back round.
    let mut walk: Vec<i32> = vec![edges.first()?.0.pid];
    loop {
        let to = next(*walk.last()?)?;
        if let Some(at) = walk.iter().position(|&pid| pid == to) {
            walk.drain(..at);
            break;
        }
        walk.push(to);
    }
    let links: Vec<WaitLink> = walk
        .iter()
        .filter_map(|&pid| {
            let p = world.proc_by_pid(pid)?;
            let (object, op) = blocked(p)?;
            Some(link(world, p, object, op))
        })
        .collect();
    Some(rotated(world, links))
}

/// The cycle starting at the earliest started member that holds what the one before it waits
/// for (a join's child holds nothing to name), so the text can open with "holds …".
fn rotated(world: &World, mut links: Vec<WaitLink>) -> Vec<WaitLink> {
    let n = links.len();
    let order = |pid: i32| world.processes.iter().position(|p| p.pid == pid).unwrap_or(usize::MAX);
    let start = (0..n)
        .filter(|&i| links[(i + n - 1) % n].op != WaitOp::Join)
        .min_by_key(|&i| order(links[i].pid))
        .or_else(|| (0..n).min_by_key(|&i| order(links[i].pid)))
        .unwrap_or(0);
    links.rotate_left(start);
    links
}

/// Whether the fold shows that `p`'s wait is about to end by itself: the lock is free, the
/// queue has an item, the flag is set, the child already ended…
fn ending_anyway(world: &World, object: &str, op: WaitOp, pid: i32) -> bool {
    if op == WaitOp::Join {
        return world.proc_by_name(object).is_none_or(|child| !child.state.is_alive());
    }
    let Some(obj) = world.object(object) else {
        return false;
    };
    match (&obj.state, op) {
        (ObjState::Lock { owner, .. }, _) => owner.is_none() || (*owner == Some(pid) && obj.kind == ObjectKind::RLock),
        (ObjState::Semaphore { value, .. }, _) => *value > 0,
        (ObjState::Event { set, .. }, _) => *set,
        (ObjState::Queue { items, maxsize, .. }, WaitOp::Put) => *maxsize <= 0 || (items.len() as i64) < *maxsize,
        // Only a reader makes room in the pipe, and in a stall none is left.
        (ObjState::Queue { .. }, WaitOp::Feed) => false,
        (ObjState::Queue { unfinished, .. }, WaitOp::QueueJoin) => unfinished.unwrap_or(0) <= 0,
        (ObjState::Queue { items, .. }, _) => !items.is_empty(),
        (ObjState::Pipe { outbox, .. }, _) => outbox.values().any(|q| !q.is_empty()),
        (ObjState::Condition { owner, .. }, WaitOp::Acquire) => owner.is_none() || *owner == Some(pid),
        // Asleep in wait(): only another process's notify wakes it.
        (ObjState::Condition { .. }, _) => false,
        (ObjState::Barrier { parties, waiters }, _) => waiters.len() as i64 >= *parties,
        (ObjState::Value { .. } | ObjState::File { .. } | ObjState::Other { .. }, _) => true,
    }
}

/// A stall: every live lesson process is blocked, and none of their waits can end by itself —
/// so nobody alive is left to wake any of them. One link per live process, in start order.
/// (Zombies do not count: they run no more code.)
pub fn find_stall(world: &World) -> Option<Vec<WaitLink>> {
    // A manager's server waits for requests by design: it can only be woken by the others.
    let serving = |p: &Proc| matches!(p.state, ProcState::Blocked { op: WaitOp::Serve, .. });
    let live: Vec<&Proc> = world.processes.iter().filter(|p| p.state.is_alive() && !serving(p)).collect();
    if live.is_empty() {
        return None;
    }
    live.into_iter()
        .map(|p| {
            let (object, op) = blocked(p)?;
            (!ending_anyway(world, object, op, p.pid)).then(|| link(world, p, object, op))
        })
        .collect()
}

#[cfg(test)]
mod tests;
