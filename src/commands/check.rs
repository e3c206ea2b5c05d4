//! `forkbook check FILE...`: validates lesson files (directories: every .toml inside) and
//! prints every problem as `file:line:col: message — hint`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use forkbook::lesson;

/// Checks every file; exit 1 when any has a problem.
pub fn check(paths: &[PathBuf]) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files);
    }
    let mut bad = 0;
    for f in &files {
        match lesson::load(f) {
            Ok(l) => println!("ok    {} ({})", f.display(), l.id),
            Err(diags) => {
                bad += 1;
                super::report(&diags);
            }
        }
    }
    if files.is_empty() {
        eprintln!(
            "forkbook: no lesson files found in {}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
        return ExitCode::from(super::FAILED);
    }
    if bad > 0 {
        eprintln!("{bad} of {} lesson file(s) have problems", files.len());
        return ExitCode::from(super::FAILED);
    }
    ExitCode::SUCCESS
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(p).map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        entries.sort();
        out.extend(entries.into_iter().filter(|e| e.extension().is_some_and(|x| x == "toml")));
    } else {
        out.push(p.to_path_buf());
    }
}
