//! `forkbook schema`: prints the JSON Schema of lesson files, generated from the types that
//! parse them (`lesson::raw`), for editors: with `#:schema ./lesson.schema.json` as a lesson's
//! first line, taplo and Even Better TOML complete and check its fields.

use std::io::Write;
use std::process::ExitCode;

/// Prints the schema (a closed pipe, as in `forkbook schema | head`, is no error).
pub fn schema() -> ExitCode {
    let _ = writeln!(std::io::stdout(), "{}", forkbook::lesson::schema::json());
    ExitCode::SUCCESS
}
