//! A queue's `close()`, `join_thread()` and `cancel_join_thread()`, which manage CPython's
//! feeder thread in the process that calls them: after `close()` this process's `put` and
//! `get` raise ValueError (its feeder still writes what it holds); `join_thread()` waits until
//! the feeder has written everything; `cancel_join_thread()` lets the process end without
//! waiting, so what the feeder still holds then is lost. Each process closes its own copy:
//! a forked child starts with the queue open, as CPython resets it after a fork.

use std::rc::Rc;

use super::ProcessHost;
use super::repr::address;
use crate::python::{Exc, ExcKind, Obj};
use crate::runtime::objects::queue::Queue;

/// The methods this file answers.
pub(super) const METHODS: [&str; 3] = ["close", "join_thread", "cancel_join_thread"];

impl ProcessHost<'_, '_> {
    /// `method` of queue `q` (handle `i`) when closing decides it: one of `METHODS`, or a
    /// `put`/`get` refused because this process closed the queue. `None`: the queue answers.
    pub(super) fn queue_close_method(&mut self, q: &Rc<Queue>, i: usize, method: &str) -> Result<Option<Obj>, Exc> {
        if !q.is_fed() {
            return Ok(None);
        }
        let closed = self.closed_queues.contains(&q.name);
        let repr = || {
            let class = if q.joinable { "JoinableQueue" } else { "Queue" };
            format!("<multiprocessing.queues.{class} object at {}>", address(i))
        };
        match method {
            "close" => {
                if !closed {
                    self.closed_queues.push(q.name.clone());
                }
            }
            "join_thread" if !closed => {
                return Err(Exc::new(ExcKind::AssertionError, format!("Queue {} not closed", repr())));
            }
            "join_thread" => {
                self.ctx.feeder.run_all(self.ctx);
            }
            "cancel_join_thread" => self.ctx.feeder.cancel_join(&q.name),
            "put" | "put_nowait" | "get" | "get_nowait" if closed => {
                return Err(Exc::value_error(format!("Queue {} is closed", repr())));
            }
            _ => return Ok(None),
        }
        Ok(Some(Obj::None))
    }
}
