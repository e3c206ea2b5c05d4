//! forkbook's entry point: the hidden runner role first (before clap, so it never shows in
//! help), then the command line, dispatch, and one error reporter (`forkbook: <chain>`).
//! Exit codes: 0 success, 1 a check or expectation failed, 2 usage errors, 3 runner failure.
//!
//! Module map: `lesson` (TOML → Lesson), `python` (the program's interpreter), `runtime`
//! (real processes running it → events), `trace` (World, the fold), `headless` (text/JSON
//! output), `commands` (what each subcommand does).

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(forkbook::runtime::runner::ROLE_ARG) {
        let Some(dir) = args.get(2) else { return ExitCode::from(2) };
        return ExitCode::from(forkbook::runtime::runner::main(std::path::Path::new(dir)) as u8);
    }
    let cli = cli::Cli::parse();
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("forkbook: {e:#}");
            ExitCode::from(2)
        }
    }
}
