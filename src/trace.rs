//! The trace: `World`, a pure fold of the event stream into processes and objects, plus the
//! two things built on it — checking a lesson's expectations (`check`) and comparing the fold
//! with the real objects (`audit`). `proc_sample` is the one file here that reads the system:
//! it samples `/proc/<pid>` so the viewer can report the kernel's view as `Kernel` events.

pub mod audit;
pub mod check;
pub mod objects;
pub mod proc_sample;
pub mod process;
pub mod world;

pub use check::eval_check;
pub use objects::{Obj, ObjState, kind_name};
pub use process::{Kernel, Proc, ProcState};
pub use world::{OutputLine, World};
