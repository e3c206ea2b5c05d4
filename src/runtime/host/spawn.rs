//! The spawn start method's preparation of a child: the main module runs again in the child's
//! fresh interpreter (as `__mp_main__`), and starting a process meanwhile is refused with
//! CPython's bootstrapping error.

use super::ProcessHost;
use crate::python::{Exit, Interpreter};

/// CPython's refusal to start a process while a spawned child re-runs the main module
/// (`multiprocessing/spawn.py`), word for word.
pub(super) const BOOTSTRAPPING: &str = "
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The \"freeze_support()\" line can be omitted if the program
        is not going to be frozen to produce an executable.

        To fix this issue, refer to the \"Safe importing of main module\"
        section in https://docs.python.org/3/library/multiprocessing.html
        ";

impl ProcessHost<'_, '_> {
    /// A spawned child's preparation: the module runs again in its fresh interpreter (as
    /// `__mp_main__`), during which starting a process is refused. Returns the child's exit
    /// when that failed.
    pub(super) fn rerun_module(&mut self, interp: &mut Interpreter) -> Option<Exit> {
        self.bootstrapping = true;
        let exit = interp.run_main(self);
        self.bootstrapping = false;
        (exit.code != 0 || exit.error.is_some()).then_some(exit)
    }
}
