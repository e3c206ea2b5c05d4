//! `forkbook check FILE...`: validates lesson files (folders: every .toml inside) and prints
//! every problem as `file:line:col: message — hint`, a lesson id used twice included (among
//! the files checked together and the built-in lessons). `--watch` checks again on each save.

use std::path::PathBuf;
use std::process::ExitCode;

use forkbook::lesson::{self, Diagnostics, folders};
use forkbook::text::terminal_safe;
use forkbook::watch::Watch;

/// Checks every file; exit 1 when any has a problem.
pub fn check(paths: &[PathBuf]) -> ExitCode {
    let (lines, problems) = check_all(paths);
    for line in &lines {
        println!("{}", terminal_safe(line));
    }
    super::report(&problems);
    if !problems.is_empty() {
        let files: std::collections::BTreeSet<&str> = problems.iter().map(|d| d.file.as_str()).collect();
        eprintln!("{} file(s) have problems, {} in all", files.len(), problems.len());
        return ExitCode::from(super::FAILED);
    }
    ExitCode::SUCCESS
}

/// `ok` lines of the good files, and every problem of the others.
fn check_all(paths: &[PathBuf]) -> (Vec<String>, Diagnostics) {
    let (files, mut problems) = folders::expand(paths);
    if files.is_empty() && problems.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        problems.push(lesson::Diagnostic::without_position(
            &names.join(", "),
            "no lesson files found".into(),
            Some("lesson files end in .toml; `forkbook new ID` writes one".into()),
        ));
    }
    let mut ids = folders::Ids::with_builtins();
    let mut ok = Vec::new();
    for f in &files {
        match lesson::load(f).and_then(|l| ids.take(&l).map(|_| l).map_err(|d| vec![d])) {
            Ok(l) => ok.push(format!("ok    {} ({})", f.display(), l.id)),
            Err(diags) => problems.extend(diags),
        }
    }
    (ok, problems)
}

/// `--watch`: checks, then checks again whenever one of the files (or a file of the folders)
/// is saved, until Ctrl-C; each round is headed by the time and the file that changed.
pub fn watch(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let watch = Watch::start(paths)?;
    check(paths);
    println!(
        "{}",
        watch_line("watching", &paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "))
    );
    for changed in watch.changes() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let name = changed
            .iter()
            .map(|p| p.strip_prefix(&cwd).unwrap_or(p).display().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        println!("\n{}", terminal_safe(&watch_line("changed", &name)));
        check(paths);
    }
    Ok(ExitCode::SUCCESS)
}

/// `── 13:05:09 UTC changed lesson.toml ──` (no time zone database is read).
fn watch_line(what: &str, name: &str) -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
    format!("── {h:02}:{m:02}:{s:02} UTC {what} {name} ── (Ctrl-C ends)")
}
