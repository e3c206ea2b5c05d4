//! Recordings (`.fbrec`, docs/recording.md): one run's event stream saved with everything
//! needed to show it again without processes — the lesson's text, the program run, knobs,
//! seed, schedule and speed. `file` writes and reads the format; `schedule` turns a
//! recording's step order into a `Schedule`, so `run --schedule-from` can replay a race on
//! real processes.

mod feed;
mod file;
mod schedule;

pub use feed::Feeder;
pub use file::{FORMAT, Header, MAGIC, Recorder, Recording, default_name};
pub use schedule::{schedule_of, schedule_text};
