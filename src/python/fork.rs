//! What an interpreter does in a freshly forked child before running anything: CPython
//! reseeds `random` in every child (`os.register_at_fork`), so siblings draw different
//! numbers; the host's seed for the child decides the new stream.

use super::Interpreter;

impl Interpreter {
    /// Call in the child right after `fork()`.
    pub fn after_fork(&mut self) {
        self.random = None;
    }
}
