//! `Condition.wait_for(predicate, timeout=None)`: the one method of a shared object that
//! calls back into the program, so the host runs it, with CPython's loop: the predicate
//! first, then a wait and the predicate again until it holds or the time is up.

use std::time::Instant;

use crate::python::{Args, Exc, Interpreter, Obj};
use crate::runtime::objects::condition::Condition;

use super::ProcessHost;

impl ProcessHost<'_, '_> {
    /// Returns the predicate's last result.
    pub(super) fn condition_wait_for(
        &mut self,
        interp: &mut Interpreter,
        cond: &Condition,
        args: Args,
    ) -> Result<Obj, Exc> {
        let [predicate, timeout] = args.bind("wait_for", ["predicate", "timeout"], 1)?;
        let predicate = predicate.unwrap_or(Obj::None);
        let timeout_ms = match timeout {
            None | Some(Obj::None) => None,
            Some(t) => match super::mp::arg_value(interp, &t, true)? {
                crate::value::Value::Int(ms) => Some(ms),
                _ => None,
            },
        };
        let deadline = self.ctx.timeout(timeout_ms).map(|d| Instant::now() + d);
        let mut result = interp.call(self, &predicate, Args::none())?;
        while !interp.truthy(self, &result)? {
            let left_ms = match deadline {
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    Some(self.ctx.lesson_ms(left.as_millis() as u64).max(1))
                }
                None => None,
            };
            cond.wait(self.ctx, left_ms)?;
            result = interp.call(self, &predicate, Args::none())?;
        }
        Ok(result)
    }
}
