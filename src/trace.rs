//! The trace: `World`, a pure fold of the event stream into processes and objects, plus the
//! two things built on it — checking a lesson's expectations (`check`) and comparing the fold
//! with the real objects (`audit`). Nothing here does I/O: the kernel's view arrives as
//! `Kernel` events that the runtime samples from `/proc`. `deadlock` tells from the fold when a
//! run can no longer move.

pub mod audit;
pub mod check;
pub mod deadlock;
pub mod describe;
pub mod history;
pub mod objects;
pub mod process;
pub mod tree;
pub mod variables;
pub mod world;

pub use check::eval_check;
pub use objects::{Obj, ObjState, file_line, kind_name};
pub use process::{Kernel, Phase, Proc, ProcState};
pub use world::{OutputLine, World};
