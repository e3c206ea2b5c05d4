//! Which expectations a run is graded by: only those written for every one of its knobs, its
//! schedule and its pinned seed.

use super::applies;
use crate::lesson::schedule::Schedule;
use crate::lesson::{self, Lesson};
use crate::runtime::Settings;

fn lesson(id: &str) -> Lesson {
    lesson::resolve(id).unwrap_or_else(|_| panic!("built-in lesson {id}"))
}

/// A run of `l` with `set` over its defaults and an optional schedule.
fn run(l: &Lesson, set: &[(&str, &str)], schedule: Option<&str>) -> Settings {
    let overrides: Vec<(String, String)> = set.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Settings {
        knobs: l.knob_values(&overrides).expect("valid knobs"),
        schedule: schedule.map(|s| Schedule::parse(s).expect("valid schedule")),
        ..Settings::default()
    }
}

fn names<'a>(l: &'a Lesson, settings: &Settings) -> Vec<&'a str> {
    l.expectations.iter().filter(|e| applies(l, e, settings)).map(|e| e.name.as_str()).collect()
}

#[test]
fn an_expectation_does_not_apply_to_a_run_that_changes_a_knob_it_leaves_at_its_default() {
    let l = lesson("daemon");
    // Written for daemon=true with grandchild at its default (false): not for grandchild=true.
    assert!(names(&l, &run(&l, &[("grandchild", "true")], None)).is_empty());
    let plain = names(&l, &run(&l, &[], None));
    assert_eq!(plain, vec!["the daemon is terminated when the main code ends: no end123"]);
}

#[test]
fn an_expectation_with_a_schedule_applies_only_to_runs_with_that_schedule() {
    let l = lesson("daemon");
    let knobs = [("grandchild", "true")];
    assert_eq!(names(&l, &run(&l, &knobs, Some("MainProcess@28,Process-1@14"))).len(), 1);
    assert!(names(&l, &run(&l, &knobs, Some("Process-1@14"))).is_empty());
    // And one written for a free run does not grade a scheduled one.
    assert!(names(&l, &run(&l, &[], Some("MainProcess@28"))).is_empty());
}

#[test]
fn the_lock_expectation_for_six_buyers_does_not_grade_a_lock_per_process_run() {
    let l = lesson("lock");
    let knobs = [("buyers", "6"), ("tickets", "2")];
    assert_eq!(names(&l, &run(&l, &knobs, None)).len(), 1);
    assert!(names(&l, &run(&l, &[("lock_per_process", "true"), ("buyers", "6"), ("tickets", "2")], None)).is_empty());
}

#[test]
fn an_expectation_that_pins_a_seed_applies_only_to_runs_with_that_seed() {
    let l = lesson("crawler");
    let mut settings = run(&l, &[], None);
    settings.seed = 1;
    assert_eq!(names(&l, &settings).len(), 1);
    settings.seed = 2;
    assert!(names(&l, &settings).is_empty());
}
