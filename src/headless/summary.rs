//! The end-of-run summary of the headless runner: every process with its final state and
//! exitcode, every object with its state, what was printed and lost, whether the real objects
//! matched the fold, and how the run ended.

use crate::event::ObjectKind;
use crate::text::{Lang, terminal_safe};
use crate::trace::describe::{self, counter};
use crate::trace::{Obj, ObjState, World};

use super::{count, file_text, items_text};

fn names(world: &World, pids: &[i32], lang: Lang) -> String {
    let names: Vec<String> = pids.iter().map(|&p| format!("{} ({p})", world.name_of(p))).collect();
    names.join(lang.t("punct.list"))
}

/// An object's state in words, with who waits on it (the summary's and the exported snapshot's).
pub fn object_text(world: &World, obj: &Obj, lang: Lang) -> String {
    let mut text = match &obj.state {
        ObjState::Lock { owner: None, .. } => lang.t("objects.free").to_string(),
        ObjState::Lock { owner: Some(o), depth, .. } => {
            let mut held = lang.t_with("headless.summary.held_by", &[("names", &names(world, &[*o], lang))]);
            if obj.kind == ObjectKind::RLock {
                held.push_str(&lang.t_with("objects.depth", &[("depth", depth)]));
            }
            held
        }
        ObjState::Semaphore { value, max, holders, .. } if holders.is_empty() => counter(*value, *max, lang),
        ObjState::Semaphore { value, max, holders, .. } => lang.t_with(
            "headless.summary.counter_held_by",
            &[("counter", &counter(*value, *max, lang)), ("names", &names(world, holders, lang))],
        ),
        ObjState::Event { set, .. } => lang.t(if *set { "objects.set" } else { "objects.clear" }).to_string(),
        ObjState::Queue { items, maxsize, unfinished, .. } => {
            let mut t = items_text(items);
            if *maxsize > 0 {
                t.push_str(&lang.t_with("headless.summary.maxsize", &[("maxsize", maxsize)]));
            }
            if let Some(n) = unfinished {
                t.push_str(&lang.t_with("objects.unfinished", &[("n", n)]));
            }
            t
        }
        ObjState::Pipe { outbox, .. } => {
            let parts: Vec<String> = outbox
                .iter()
                .filter(|(_, q)| !q.is_empty())
                .map(|(end, q)| lang.t_with("headless.summary.sent_from", &[("items", &items_text(q)), ("end", end)]))
                .collect();
            if parts.is_empty() {
                lang.t("headless.summary.pipe_empty").to_string()
            } else {
                parts.join(lang.t("punct.list"))
            }
        }
        ObjState::Value { value } => lang.t_with("headless.value", &[("value", &value.repr())]),
        ObjState::File { content, cut } => file_text(content, *cut, lang),
        ObjState::Condition { owner: None, .. } => lang.t("objects.free").to_string(),
        ObjState::Condition { owner: Some(o), .. } => {
            lang.t_with("headless.summary.held_by", &[("names", &names(world, &[*o], lang))])
        }
        ObjState::Barrier { parties, waiters } => {
            lang.t_with("objects.barrier", &[("n", &waiters.len()), ("parties", parties)])
        }
        ObjState::Other { .. } => lang.t("objects.not_followed").to_string(),
    };
    let waiters = obj.waiters();
    if !waiters.is_empty() {
        text.push_str(&lang.t_with("headless.summary.waiting", &[("names", &names(world, &waiters, lang))]));
    }
    text
}

/// A process name is padded to the longest one, up to this many columns.
const NAME_COLUMN_MAX: usize = 40;

/// A multi-line summary of the world at the end of a run in `lang` (each line ends in `\n`);
/// the control characters of names and texts in it are shown as escapes (`\x1b`).
pub fn final_state(world: &World, lang: Lang) -> String {
    let mut out = String::new();
    for line in summary_lines(world, lang) {
        out.push_str(&terminal_safe(&line));
        out.push('\n');
    }
    out
}

/// The summary's lines, as written (before escaping).
fn summary_lines(world: &World, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    out.push(lang.t_with("headless.summary.lesson", &[("lesson", &world.lesson)]));
    out.push(lang.t("headless.summary.processes").into());
    let width = world.processes.iter().map(|p| p.name.chars().count()).max().unwrap_or(0).min(NAME_COLUMN_MAX);
    for p in &world.processes {
        let exitcode = p.exitcode.map_or_else(|| "None".to_string(), |c| c.to_string());
        let state = describe::process(world, p, lang);
        let args: [(&str, &dyn std::fmt::Display); 4] =
            [("pid", &p.pid), ("parent", &p.ppid), ("state", &state), ("exitcode", &exitcode)];
        let daemon = if p.daemon { lang.t("headless.summary.daemon") } else { "" };
        out.push(format!("  {:<width$}  {}{daemon}", p.name, lang.t_with("headless.summary.process", &args)));
    }
    if !world.objects.is_empty() {
        out.push(lang.t("headless.summary.objects").into());
    }
    for obj in &world.objects {
        out.push(format!("  {}: {}", obj.label(), object_text(world, obj, lang)));
    }
    let errors = world.output.iter().filter(|l| l.is_error).count();
    let lines = count(world.output.len() - errors, "headless.summary.line", "headless.summary.lines", lang);
    let errors = count(errors, "headless.summary.error", "headless.summary.errors", lang);
    out.push(lang.t_with("headless.summary.output", &[("lines", &lines), ("errors", &errors)]));
    if world.lost.is_empty() {
        out.push(lang.t("headless.summary.lost_none").into());
    } else {
        let ranges: Vec<String> = world.lost.iter().map(|(a, b)| format!("{a}..={b}")).collect();
        out.push(lang.t_with("headless.summary.lost", &[("ranges", &ranges.join(", "))]));
    }
    let mismatches = world.audit_mismatches();
    if world.audits.is_empty() {
        out.push(lang.t("headless.summary.audit_none").into());
    } else if mismatches.is_empty() {
        out.push(lang.t("headless.summary.audit_match").into());
    } else {
        out.push(lang.t("headless.summary.audit_differ").into());
        for m in &mismatches {
            out.push(format!("  - {m}"));
        }
    }
    for note in &world.anomalies {
        out.push(lang.t_with("headless.summary.anomaly", &[("note", note)]));
    }
    let outcome =
        world.ended.as_ref().map_or_else(|| lang.t("outcome.running").to_string(), |o| describe::outcome(o, lang));
    out.push(lang.t_with("headless.summary.outcome", &[("outcome", &outcome)]));
    out
}
