//! The lanes over hand-built runs: the tree, states in words, columns by width, the selected
//! lane in view, highlights, and the marks of a deadlock or stall.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use super::*;
use crate::event::{EventKind, ObjectKind, WaitOp};
use crate::tui::widgets::cells::CHANGED_NS;
use crate::tui::widgets::fixture::{MAIN, Run, column_of, rows};
use crate::value::Value;

fn render(lanes: &Lanes, width: u16, height: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    lanes.render(buf.area, &mut buf);
    buf
}

fn lanes<'a>(world: &'a World, theme: &'a Theme, lang: Lang) -> Lanes<'a> {
    Lanes { world, theme, lang, selected: None, now_ns: world.now_ns }
}

#[test]
fn a_grandchild_is_drawn_right_after_its_parent_and_indented_under_it() {
    let mut run = Run::with_children(2);
    run.start(201, "Process-1:1", MAIN + 1);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 5));
    assert!(text[0].contains("MainProcess"), "{text:?}");
    assert!(text[1].contains("└ Process-1"), "{text:?}");
    assert!(text[2].contains("└ Process-1:1"), "{text:?}");
    assert!(text[3].contains("└ Process-2"), "{text:?}");
    let indent = |row: &str, name: &str| column_of(row, name).expect("name drawn");
    assert!(indent(&text[2], "Process-1:1") > indent(&text[1], "Process-1"), "{text:?}");
}

#[test]
fn a_blocked_lane_names_the_lock_it_waits_for_and_the_owner_holds_it() {
    let mut run = Run::with_children(2);
    run.create("lock", ObjectKind::Lock, 1, 1).acquire(101, "lock").wait(102, "lock", WaitOp::Acquire);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 80, 3));
    assert!(text[2].contains("■ blocked on Lock 'lock'"), "{text:?}");
    assert!(text[1].contains("holds lock"), "{text:?}");
}

#[test]
fn a_pool_worker_shows_the_task_it_runs() {
    let mut run = Run::with_children(1);
    run.create("po.tasks", ObjectKind::Queue, 0, 0);
    let task = Value::List(vec![
        Value::Int(0),
        Value::Int(3),
        Value::Str("worker".into()),
        Value::List(vec![Value::List(vec![Value::Int(3)])]),
    ]);
    run.ev(101, EventKind::Got { object: "po.tasks".into(), item: task });
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 100, 3));
    assert!(text[1].contains("task worker(3)"), "{text:?}");
}

#[test]
fn lanes_speak_chinese_when_asked() {
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0).wait(101, "q", WaitOp::Get);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::Zh), 60, 2));
    assert!(text[1].contains("等待从 Queue 'q' 取出"), "{text:?}");
}

#[test]
fn a_finished_child_not_yet_joined_shows_as_a_zombie_and_a_reaped_one_as_exited() {
    let mut run = Run::with_children(2);
    run.exit(101, 0).exit(102, 0).reap(MAIN, 102, 0);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 80, 3));
    assert!(text[1].contains("Z zombie (exited with 0, not yet joined)"), "{text:?}");
    assert!(text[2].contains("✓ exited (0)"), "{text:?}");
}

#[test]
fn a_child_that_died_of_an_exception_is_a_failure_not_a_success() {
    let mut run = Run::with_children(2);
    let raised = EventKind::Raised { error: "AssertionError".into(), message: "x".into(), line: 3, caught: false };
    run.ev(101, raised).exit(101, 1).reap(MAIN, 101, 1);
    run.exit(102, 3).reap(MAIN, 102, 3);
    let world = run.world();
    let theme = Theme { color: true };
    let later = Lanes { now_ns: run.now() + CHANGED_NS, ..lanes(&world, &theme, Lang::En) };
    let buf = render(&later, 80, 3);
    let text = rows(&buf);
    assert!(text[1].contains("✗ exit 1 AssertionError"), "{text:?}");
    assert!(text[2].contains("✗ exit 3") && !text[2].contains('✓'), "{text:?}");
    let x = (0..80).find(|&x| buf[(x, 1)].symbol() == "✗").expect("the failure mark");
    assert_eq!(buf[(x, 1)].fg, theme.error().fg.expect("the failure colour"));
}

#[test]
fn a_killed_child_shows_its_exit_code_beside_the_signal_name() {
    let mut run = Run::with_children(1);
    run.reap(MAIN, 101, -15);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 2));
    assert!(text[1].contains("✗ killed: -15 SIGTERM"), "{text:?}");
}

#[test]
fn a_joining_parent_names_the_child_it_joins() {
    let mut run = Run::with_children(2);
    run.wait(MAIN, "Process-2", WaitOp::Join);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 3));
    assert!(text[0].contains("joining Process-2"), "{text:?}");
}

#[test]
fn a_lane_held_at_its_gate_is_held_not_running() {
    let mut run = Run::with_children(1);
    run.ev(101, EventKind::AtStep { line: 7 }).ev(101, EventKind::Gated);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 2));
    assert!(text[1].contains("‖ held at its gate"), "{text:?}");
    assert!(!text[1].contains("running"), "{text:?}");
    assert!(text[0].contains("▶ running") && !text[0].contains('‖'), "{text:?}");
    let zh = rows(&render(&lanes(&world, &theme, Lang::Zh), 60, 2));
    assert!(zh[1].contains("‖ 停在闸门前"), "{zh:?}");
}

#[test]
fn pool_workers_keep_their_numbers_when_the_lanes_are_narrow() {
    let mut run = Run::with_children(0);
    for i in 1..=3 {
        run.start(MAIN + i, &format!("ForkPoolWorker-{i}"), MAIN);
    }
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 40, 4));
    for i in 1..=3 {
        assert!(text[i].contains(&format!("Worker-{i} ")), "{text:?}");
    }
}

#[test]
fn forty_columns_show_name_and_state_and_wide_lanes_add_pid_line_and_kernel() {
    let mut run = Run::with_children(1);
    run.ev(101, EventKind::AtStep { line: 17 });
    run.ev(101, EventKind::Kernel { state: 'S', wchan: "pipe_read".into() });
    let world = run.world();
    let theme = Theme::plain();
    let narrow = rows(&render(&lanes(&world, &theme, Lang::En), 40, 2));
    assert!(narrow[1].contains("Process-1") && narrow[1].contains("▶ running"), "{narrow:?}");
    assert!(!narrow[1].contains("101"), "{narrow:?}");
    let wide = rows(&render(&lanes(&world, &theme, Lang::En), 100, 2));
    for part in ["101", "L17", "▶ running", "kernel S pipe_read"] {
        assert!(wide[1].contains(part), "{part} in {wide:?}");
    }
}

#[test]
fn the_state_column_lines_up_across_lanes_with_chinese_names() {
    let mut run = Run::with_children(0);
    run.start(101, "生产者", MAIN).start(102, "Process-2", MAIN);
    let world = run.world();
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 3));
    let cols: Vec<Option<usize>> = text.iter().map(|r| column_of(r, "▶")).collect();
    assert!(cols[0].is_some() && cols.iter().all(|c| *c == cols[0]), "{text:?}");
}

#[test]
fn the_selected_lane_stays_in_view_and_lane_at_agrees_with_the_drawing() {
    let run = Run::with_children(9);
    let world = run.world();
    let theme = Theme::plain();
    let lanes = Lanes { selected: Some(8), ..lanes(&world, &theme, Lang::En) };
    let area = Rect::new(0, 0, 60, 4);
    let buf = render(&lanes, area.width, area.height);
    let text = rows(&buf);
    assert!(text[3].contains("Process-8"), "{text:?}");
    assert!(buf[(10, 3)].modifier.contains(Modifier::REVERSED));
    assert_eq!(lane_at(area, &lanes, 3), Some(8));
    assert_eq!(lane_at(area, &lanes, 0), Some(5));
    assert_eq!(lane_at(area, &lanes, 4), None);
}

#[test]
fn a_state_that_changed_a_moment_ago_is_highlighted_and_fades_later() {
    let mut run = Run::with_children(1);
    run.wait(101, "Process-9", WaitOp::Join);
    let world = run.world();
    let theme = Theme::plain();
    let state_x = |buf: &Buffer| (0..60).find(|&x| buf[(x, 1)].symbol() == "■").expect("state drawn");
    let now = Lanes { now_ns: run.now(), ..lanes(&world, &theme, Lang::En) };
    let buf = render(&now, 60, 2);
    assert!(buf[(state_x(&buf), 1)].modifier.contains(Modifier::REVERSED));
    let later = Lanes { now_ns: run.now() + CHANGED_NS, ..lanes(&world, &theme, Lang::En) };
    let buf = render(&later, 60, 2);
    assert!(!buf[(state_x(&buf), 1)].modifier.contains(Modifier::REVERSED));
}

/// Process-1 and Process-2 each hold one lock and wait for the other's; the run ended so.
fn deadlocked() -> (Run, World) {
    let mut run = Run::with_children(2);
    run.create("a", ObjectKind::Lock, 1, 1).create("b", ObjectKind::Lock, 1, 1);
    run.acquire(101, "a").acquire(102, "b").wait(101, "b", WaitOp::Acquire).wait(102, "a", WaitOp::Acquire);
    run.wait(MAIN, "Process-1", WaitOp::Join);
    let cycle = crate::trace::deadlock::find_cycle(&run.world()).expect("a cycle");
    run.ev(99, EventKind::RunEnded { outcome: crate::event::RunOutcome::Deadlocked { cycle } });
    let world = run.world();
    (run, world)
}

#[test]
fn after_a_deadlock_the_lanes_in_the_cycle_are_marked_and_the_others_are_not() {
    let (run, world) = deadlocked();
    let theme = Theme { color: true };
    let lanes = Lanes { now_ns: run.now() + CHANGED_NS, ..lanes(&world, &theme, Lang::En) };
    let buf = render(&lanes, 80, 3);
    let text = rows(&buf);
    assert!(text[0].starts_with("▌   MainProcess"), "{text:?}");
    assert!(text[1].starts_with("▌ ↻ └ Process-1"), "{text:?}");
    assert!(text[2].starts_with("▌ ↻ └ Process-2"), "{text:?}");
    assert_eq!(buf[(2, 1)].fg, theme.error().fg.expect("the error colour"));
    let names: Vec<Option<usize>> = text.iter().map(|r| column_of(r, "Process")).collect();
    assert!(names.iter().all(|c| c.is_some()), "{text:?}");
}

#[test]
fn a_stall_marks_its_lanes_with_the_stall_mark_and_a_finished_run_marks_none() {
    let mut run = Run::with_children(1);
    run.create("q", ObjectKind::Queue, 0, 0).wait(101, "q", WaitOp::Get).wait(MAIN, "Process-1", WaitOp::Join);
    let waits = crate::trace::deadlock::find_stall(&run.world()).expect("a stall");
    let mut finished = Run::with_children(1);
    finished.exit(101, 0).reap(MAIN, 101, 0);
    finished.ev(99, EventKind::RunEnded { outcome: crate::event::RunOutcome::Finished });
    run.ev(99, EventKind::RunEnded { outcome: crate::event::RunOutcome::Stuck { waits } });
    let (world, done) = (run.world(), finished.world());
    let theme = Theme::plain();
    let text = rows(&render(&lanes(&world, &theme, Lang::En), 80, 2));
    assert!(text[0].starts_with("▌ ⊘ MainProcess") && text[1].starts_with("▌ ⊘ └ Process-1"), "{text:?}");
    let text = rows(&render(&lanes(&done, &theme, Lang::En), 80, 2));
    assert!(text[0].starts_with("▌ MainProcess"), "{text:?}");
}

#[test]
fn tiny_and_empty_areas_do_not_panic() {
    let run = Run::with_children(3);
    let world = run.world();
    let theme = Theme::from_env();
    let zh = Lanes { selected: Some(2), ..lanes(&world, &theme, Lang::Zh) };
    for (w, h) in [(0, 0), (1, 1), (0, 5), (5, 0), (2, 1), (3, 2)] {
        render(&zh, w, h);
        assert_eq!(lane_at(Rect::new(0, 0, w, h), &zh, 0).is_some(), w > 0 && h > 0);
    }
    render(&lanes(&World::default(), &theme, Lang::En), 1, 1);
    let (_, stuck) = deadlocked();
    for (w, h) in [(0, 0), (1, 1), (2, 1), (4, 2)] {
        render(&lanes(&stuck, &theme, Lang::En), w, h);
    }
}
