//! Whole-app snapshots: the real `App` driven by keys and by recorded events (no processes:
//! `World` is a pure fold), drawn on ratatui's TestBackend at 80×24 and 160×48. The recorded
//! runs in tests/fixtures were made with pinned schedules, their pids and times normalised.

use forkbook::event::Event;
use std::sync::Arc;

use forkbook::lesson::{Lesson, builtin};
use forkbook::text::Lang;
use forkbook::tui::app::{Action, App, Mode};
use forkbook::tui::keys::Place;
use forkbook::tui::screens::overlay::help_rows;
use forkbook::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn catalog() -> Vec<Arc<Lesson>> {
    builtin::catalog().expect("built-in lessons load").into_iter().map(Arc::new).collect()
}

fn events(fixture: &str) -> Vec<Event> {
    let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .expect("fixture")
        .lines()
        .map(|l| serde_json::from_str(l).expect("an event"))
        .collect()
}

/// Opens `id` with `overrides` and folds in the fixture's events until `stop` says so.
fn app_mid_run(id: &str, overrides: &[(&str, &str)], fixture: &str, stop: impl Fn(&Event) -> bool) -> App {
    let mut app = App::new(catalog(), Lang::En, Theme::plain());
    let lesson = app.catalog.iter().find(|l| l.id == id).expect("built-in lesson").clone();
    let texts: Vec<(String, String)> = overrides.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let knobs = lesson.knob_values(&texts).expect("valid knobs");
    let _ = app.open(lesson, knobs, 1.0);
    // A lesson with questions waits for predictions; space starts its run.
    if app.view().is_some_and(|v| v.mode == Mode::Ready) {
        let _ = app.update(Action::TogglePause);
    }
    let run = app.run_id().expect("a run");
    for ev in events(fixture) {
        app.on_event(run, ev.clone());
        if stop(&ev) {
            break;
        }
    }
    app
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|f| {
            forkbook::tui::draw(f, app);
        })
        .expect("draws");
    terminal.backend().to_string()
}

fn lock_oversold_mid_run() -> App {
    // Stop once the third buyer, too, stands before line 17 with count = 1 read.
    let gated_at_17 = std::cell::Cell::new(0);
    app_mid_run("lock", &[("use_lock", "false"), ("buyers", "3"), ("tickets", "1")], "lock_oversold.jsonl", |ev| {
        if matches!(ev.kind, forkbook::event::EventKind::AtStep { line: 17 }) {
            gated_at_17.set(gated_at_17.get() + 1);
        }
        gated_at_17.get() == 3
    })
}

#[test]
fn picker_at_80x24() {
    let app = App::new(catalog(), Lang::En, Theme::plain());
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn picker_in_chinese_at_160x48() {
    let mut app = App::new(catalog(), Lang::Zh, Theme::plain());
    let _ = app.update(Action::PickerMove(2));
    insta::assert_snapshot!(screen(&app, 160, 48));
}

#[test]
fn lock_without_the_lock_mid_race_at_80x24() {
    let app = lock_oversold_mid_run();
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Process-3"), "{shown}");
    let footer = shown.lines().last().unwrap_or_default();
    assert!(footer.contains("? help") && footer.contains("q back"), "{footer}");
    insta::assert_snapshot!(shown);
}

#[test]
fn lock_without_the_lock_mid_race_at_160x48() {
    insta::assert_snapshot!(screen(&lock_oversold_mid_run(), 160, 48));
}

#[test]
fn a_buyer_shows_its_own_copy_of_the_count_beside_its_line() {
    let mut app = lock_oversold_mid_run();
    let _ = app.update(Action::SelectLane(3));
    let shown = screen(&app, 120, 40);
    // Process-3 stands before line 17 having read 1 into its own `dic`; the variables
    // pane names the function it runs, marks what its last statement set, and keeps the
    // globals apart.
    assert!(shown.contains("variables · Process-3 in get()"), "{shown}");
    assert!(shown.contains("dic = {'count': 1}"), "{shown}");
    assert!(shown.contains("── globals ──") && shown.contains("USE_LOCK = False"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn lock_run_to_the_end_shows_three_sales_of_one_ticket() {
    let app =
        app_mid_run("lock", &[("use_lock", "false"), ("buyers", "3"), ("tickets", "1")], "lock_oversold.jsonl", |_| {
            false
        });
    assert_eq!(app.view().expect("lesson open").world().printed_count("购票成功"), 3);
    insta::assert_snapshot!(screen(&app, 160, 48));
}

#[test]
fn semaphore_with_five_inside_and_eight_waiting_at_160x48() {
    let waiting = std::cell::Cell::new(0);
    let app = app_mid_run("semaphore", &[], "semaphore_full.jsonl", |ev| {
        if matches!(ev.kind, forkbook::event::EventKind::Waiting { .. }) && ev.pid != 101 {
            waiting.set(waiting.get() + 1);
        }
        waiting.get() == 8
    });
    let view = app.view().expect("lesson open");
    let sem = view.world().object("sem").expect("the semaphore");
    assert_eq!((sem.holders().len(), sem.waiters().len()), (5, 8));
    insta::assert_snapshot!(screen(&app, 160, 48));
}

#[test]
fn knob_editor_and_help_overlays() {
    let mut app = lock_oversold_mid_run();
    let _ = app.update(Action::OpenKnobs);
    let _ = app.update(Action::KnobMove(2));
    insta::assert_snapshot!("knobs", screen(&app, 100, 30));
    let _ = app.update(Action::CloseOverlay);
    let _ = app.update(Action::ToggleHelp);
    insta::assert_snapshot!("help", screen(&app, 100, 30));
}

#[test]
fn a_terminal_below_80x24_says_how_big_it_must_be() {
    let app = lock_oversold_mid_run();
    let shown = screen(&app, 60, 20);
    assert!(shown.contains("at least 80×24"), "{shown}");
    // Nothing panics at 1×1.
    let _ = screen(&app, 1, 1);
}

/// The lock lesson opened with the lock off, three buyers and one ticket, waiting for predictions.
fn lock_without_the_lock(lang: Lang) -> App {
    let mut app = App::new(catalog(), lang, Theme::plain());
    let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let overrides = vec![
        ("use_lock".to_string(), "false".to_string()),
        ("buyers".into(), "3".into()),
        ("tickets".into(), "1".into()),
    ];
    let knobs = lesson.knob_values(&overrides).expect("valid knobs");
    let _ = app.open(lesson, knobs, 1.0);
    app
}

#[test]
fn the_workbook_before_and_after_a_run() {
    let mut app = lock_without_the_lock(Lang::En);
    let _ = app.update(Action::AnswerDigit(Some('3')));
    insta::assert_snapshot!("workbook_before", screen(&app, 120, 40));
    let _ = app.update(Action::TogglePause);
    let run = app.run_id().expect("a run");
    let mut recorded = Vec::new();
    for ev in events("lock_oversold.jsonl") {
        recorded.extend(app.on_event(run, ev.clone()));
    }
    assert!(
        recorded.iter().any(|e| matches!(e, forkbook::tui::app::Effect::Record { answers, .. } if answers.iter().any(|(_, p, right)| p == "3" && *right))),
        "the prediction 3 is checked right against the run and recorded"
    );
    insta::assert_snapshot!("workbook_after", screen(&app, 120, 40));
}

#[test]
fn the_picker_marks_finished_lessons() {
    let mut app = App::new(catalog(), Lang::En, Theme::plain());
    let daemon = app.catalog.iter().find(|l| l.id == "daemon").expect("daemon").clone();
    app.progress.record_run("daemon");
    for q in &daemon.questions {
        app.progress.record_answer("daemon", &q.id, "x", true);
    }
    for t in &daemon.tasks {
        app.progress.record_task("daemon", &t.id);
    }
    app.progress.record_task(
        "lock",
        app.catalog.iter().find(|l| l.id == "lock").and_then(|l| l.tasks.first()).map_or("", |t| &t.id),
    );
    let shown = screen(&app, 100, 30);
    let daemon_row = shown.lines().find(|l| l.contains("Daemons die")).expect("daemon row");
    assert!(daemon_row.contains('✓'), "{shown}");
    insta::assert_snapshot!(shown);
}

/// The last line of the help box: the keys that work inside it. It is drawn last, so when it
/// shows, nothing above it was cut.
fn help_box_keys(lang: Lang, picker: bool) -> String {
    let (close, page) = (lang.t("keys.hint.close"), lang.t("keys.hint.help_page"));
    match picker {
        true => format!("l 中文/English · ? {page} · q {} · {close}", lang.t("keys.hint.quit")),
        false => format!("l 中文/English · ? {page} · {close}"),
    }
}

#[test]
fn the_help_lists_every_key_of_its_screen_uncut_at_80x24_and_120x40() {
    for lang in [Lang::En, Lang::Zh] {
        let mut lesson = lock_oversold_mid_run();
        let mut picker = App::new(catalog(), lang, Theme::plain());
        lesson.lang = lang;
        for app in [&mut lesson, &mut picker] {
            let _ = app.update(Action::ToggleHelp);
        }
        for (app, is_picker) in [(&lesson, false), (&picker, true)] {
            let rows = help_rows(Place::of(app), lang);
            assert!(rows.len() > 10, "{rows:?}");
            for (width, height) in [(80, 24), (120, 40)] {
                let shown = screen(app, width, height);
                for (keys, text) in &rows {
                    assert!(
                        shown.lines().any(|l| l.contains(&format!("{keys}  ")) && l.contains(text)),
                        "{keys} {text} at {width}x{height}:\n{shown}"
                    );
                }
                assert!(shown.contains(&help_box_keys(lang, is_picker)), "{width}x{height}:\n{shown}");
            }
        }
    }
}

#[test]
fn at_80_columns_the_footer_keeps_help_and_quit_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        let mut lesson = lock_oversold_mid_run();
        lesson.lang = lang;
        let picker = App::new(catalog(), lang, Theme::plain());
        for (app, q) in [(&lesson, "keys.hint.back"), (&picker, "keys.hint.quit")] {
            let shown = screen(app, 80, 24);
            let footer = shown.lines().last().unwrap_or_default();
            assert!(
                footer.contains(&format!("? {}", lang.t("keys.hint.help")))
                    && footer.contains(&format!("q {}", lang.t(q))),
                "{footer}"
            );
        }
    }
}

/// Opens `id` with its seeds pinned to `seed`, started, and folds in `kinds` (pid, event).
fn app_with_events(id: &str, seed: u64, kinds: Vec<(i32, forkbook::event::EventKind)>) -> App {
    let mut app = App::new(catalog(), Lang::En, Theme::plain());
    app.seeds = forkbook::tui::app::Seeds::Pinned(seed);
    let lesson = app.catalog.iter().find(|l| l.id == id).expect("built-in lesson").clone();
    let _ = app.open(lesson, Default::default(), 1.0);
    if app.view().is_some_and(|v| v.mode == Mode::Ready) {
        let _ = app.update(Action::TogglePause);
    }
    let run = app.run_id().expect("a run");
    for (i, (pid, kind)) in kinds.into_iter().enumerate() {
        let seq = i as u64 + 1;
        app.on_event(run, Event { seq, sub: 0, t_ns: seq * 1_000_000, pid, kind });
    }
    app
}

fn started(name: &str, ppid: i32, daemon: bool) -> forkbook::event::EventKind {
    forkbook::event::EventKind::Started { name: name.into(), ppid, script: "main".into(), daemon, slot: 0 }
}

#[test]
fn at_80x24_the_header_shows_the_seed_and_every_knob_value_whole() {
    let app =
        app_mid_run("lock", &[("use_lock", "false"), ("buyers", "3"), ("tickets", "1")], "lock_oversold.jsonl", |_| {
            false
        });
    let mut app = app;
    app.seeds = forkbook::tui::app::Seeds::Pinned(482_913);
    let _ = app.update(Action::Restart);
    for lang in [Lang::En, Lang::Zh] {
        app.lang = lang;
        let shown = screen(&app, 80, 24);
        let view = app.view().expect("lesson open");
        for (name, value) in &view.knobs {
            let token = format!("{name}={value}");
            assert!(shown.lines().take(3).any(|l| l.split([' ', '"']).any(|t| t == token)), "{token}:\n{shown}");
        }
        assert!(shown.lines().next().is_some_and(|l| l.contains("482913")), "{shown}");
    }
}

#[test]
fn a_child_that_died_of_an_exception_and_one_killed_by_sigterm_are_drawn_as_failures() {
    use forkbook::event::EventKind::{Exiting, Raised, Reaped, RunStarted};
    let app = app_with_events(
        "daemon",
        7,
        vec![
            (100, RunStarted { version: 1, lesson: "daemon".into(), runner: 100, seed: 0 }),
            (101, started("MainProcess", 100, false)),
            (102, started("Process-1", 101, true)),
            (103, started("Process-2", 101, false)),
            (
                102,
                Raised {
                    error: "AssertionError".into(),
                    message: "daemonic processes are not allowed to have children".into(),
                    line: 21,
                    caught: false,
                },
            ),
            (102, Exiting { code: 1 }),
            (101, Reaped { child: 102, exitcode: 1 }),
            (101, Reaped { child: 103, exitcode: -15 }),
        ],
    );
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("✗ exit 1 AssertionError"), "{shown}");
    assert!(shown.contains("✗ killed: -15 SIGTERM"), "{shown}");
    assert!(!shown.contains('✓'), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn pool_workers_stay_told_apart_and_the_main_process_waits_for_results() {
    use forkbook::event::EventKind::{Created, RunStarted, Waiting};
    use forkbook::event::{ObjectKind, WaitOp};
    let queue = |name: &str| Created {
        object: name.into(),
        object_kind: ObjectKind::Queue,
        value: 0,
        capacity: 0,
        py_line: 16,
        manager: None,
    };
    let mut events = vec![
        (100, RunStarted { version: 1, lesson: "pool".into(), runner: 100, seed: 0 }),
        (101, started("MainProcess", 100, false)),
        (101, queue("po.tasks")),
        (101, queue("po.results")),
    ];
    for i in 1..=4 {
        events.push((101 + i, started(&format!("ForkPoolWorker-{i}"), 101, true)));
    }
    events.push((101, Waiting { object: "po.results".into(), op: WaitOp::Get, timed: false }));
    let app = app_with_events("pool", 7, events);
    let shown = screen(&app, 80, 24);
    for i in 1..=4 {
        assert!(shown.contains(&format!("└ …Worker-{i} ")), "{shown}");
    }
    assert!(shown.contains("MainProcess waiting for results f"), "{shown}");
    let wide = screen(&app, 120, 40);
    assert!(wide.contains("■ waiting for results from po.results"), "{wide}");
    insta::assert_snapshot!(shown);
}

#[test]
fn question_mark_in_the_help_shows_every_symbol_the_theme_draws() {
    let mut app = lock_oversold_mid_run();
    let _ = app.update(Action::ToggleHelp);
    let _ = app.update(Action::HelpPage);
    let shown = screen(&app, 80, 24);
    let theme = Theme::plain();
    for phase in forkbook::trace::Phase::ALL {
        let (mark, fill) = theme.timeline(phase);
        let words = forkbook::trace::describe::phase(phase, Lang::En);
        let entry = format!("{} {mark}{fill}{fill} {words}", theme.symbol(phase));
        assert!(shown.contains(&entry), "{entry}:\n{shown}");
    }
    insta::assert_snapshot!(shown);
}

/// The two-lock lesson of tests/lessons run to the moment each process holds one lock and
/// waits for the other's, the app's verdict taken, and the run ended with it (as the loop
/// does: the verdict stops the run, the runner's last event says how it ended).
fn deadlocked_app(lang: Lang) -> App {
    use forkbook::event::EventKind::{Acquired, AtStep, Created, RunEnded, RunStarted, Waiting};
    use forkbook::event::{ObjectKind, WaitOp};
    let path = format!("{}/tests/lessons/valid/deadlock.toml", env!("CARGO_MANIFEST_DIR"));
    let lesson = Arc::new(forkbook::lesson::load(std::path::Path::new(&path)).expect("the deadlock lesson loads"));
    let mut app = App::new(catalog(), lang, Theme::plain());
    app.seeds = forkbook::tui::app::Seeds::Pinned(90_210);
    let _ = app.open(lesson, Default::default(), 1.0);
    let run = app.run_id().expect("a run");
    let lock = |name: &str, line| Created {
        object: name.into(),
        object_kind: ObjectKind::Lock,
        value: 1,
        capacity: 1,
        py_line: line,
        manager: None,
    };
    let kinds = vec![
        (100, RunStarted { version: 1, lesson: "deadlock".into(), runner: 100, seed: 90_210 }),
        (101, started("MainProcess", 100, false)),
        (101, lock("a", 18)),
        (101, lock("b", 19)),
        (102, started("Process-1", 101, false)),
        (103, started("Process-2", 101, false)),
        (101, AtStep { line: 24 }),
        (101, Waiting { object: "Process-1".into(), op: WaitOp::Join, timed: false }),
        (102, AtStep { line: 4 }),
        (102, Acquired { object: "a".into() }),
        (103, AtStep { line: 11 }),
        (103, Acquired { object: "b".into() }),
        (102, AtStep { line: 5 }),
        (102, Waiting { object: "b".into(), op: WaitOp::Acquire, timed: false }),
        (103, AtStep { line: 12 }),
        (103, Waiting { object: "a".into(), op: WaitOp::Acquire, timed: false }),
    ];
    for (i, (pid, kind)) in kinds.into_iter().enumerate() {
        let seq = i as u64 + 1;
        app.on_event(run, Event { seq, sub: 0, t_ns: seq * 1_000_000, pid, kind });
    }
    let outcome = app.due_verdict(std::time::Duration::ZERO).expect("the cycle is found at once");
    assert_eq!(app.due_verdict(std::time::Duration::ZERO), None, "and handed over once");
    app.on_event(run, Event { seq: 20, sub: 0, t_ns: 20_000_000, pid: 100, kind: RunEnded { outcome } });
    app
}

#[test]
fn a_deadlock_is_named_in_a_banner_and_its_lanes_are_marked_at_80x24() {
    let app = deadlocked_app(Lang::En);
    let shown = screen(&app, 80, 24);
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[0].contains("■ deadlocked") && !shown.contains("finished"), "{shown}");
    let banner =
        lines.iter().position(|l| l.contains("↻ deadlocked: Process-1 holds a and waits for b")).expect(&shown);
    assert!(lines[banner + 1].contains("held by Process-1"), "{shown}");
    for name in ["Process-1", "Process-2"] {
        assert!(lines.iter().any(|l| l.contains(&format!("▌ ↻ └ {name}"))), "{name}:\n{shown}");
    }
    assert!(lines.iter().any(|l| l.contains("▌   MainProcess")), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn the_deadlock_banner_speaks_chinese_and_fits_120x40() {
    let zh = screen(&deadlocked_app(Lang::Zh), 80, 24);
    assert!(zh.contains("■ 死锁") && zh.contains("↻ 死锁：Process-1 持有 a"), "{zh}");
    let wide = screen(&deadlocked_app(Lang::En), 120, 40);
    assert!(
        wide.contains(
            "↻ deadlocked: Process-1 holds a and waits for b, held by Process-2, which waits for a, held by Process-1"
        ),
        "{wide}"
    );
}

#[test]
fn a_run_stopped_at_a_limit_says_which_limit_and_never_finished() {
    use forkbook::event::{LimitHit, LimitKind, RunOutcome};
    let mut app = app_with_events("lock", 7, vec![(101, started("MainProcess", 100, false))]);
    let run = app.run_id().expect("a run");
    let outcome = RunOutcome::Limit(LimitHit { kind: LimitKind::RunTime, limit: 600.0 });
    let ended = forkbook::event::EventKind::RunEnded { outcome };
    app.on_event(run, Event { seq: 9, sub: 0, t_ns: 9_000_000, pid: 100, kind: ended });
    let shown = screen(&app, 80, 24);
    assert!(shown.lines().next().is_some_and(|l| l.contains("■ stopped at a limit")), "{shown}");
    assert!(shown.contains("stopped at a limit: the run took longer than 600 s"), "{shown}");
    assert!(!shown.contains("finished"), "{shown}");
}

/// The lock lesson open in an app whose student keeps progress in `home`, past its predictions.
fn lock_with_progress_in(home: &std::path::Path) -> (App, forkbook::progress::Programs, Arc<Lesson>) {
    let programs = forkbook::progress::Store::at(home.join("progress.toml")).programs();
    let mut app = App::new(catalog(), Lang::En, Theme::plain());
    app.seeds = forkbook::tui::app::Seeds::Pinned(7);
    let lock = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
    let _ = app.open(Arc::clone(&lock), Default::default(), 1.0);
    let _ = app.update(Action::TogglePause);
    (app, programs, lock)
}

#[test]
fn the_edited_copy_lives_in_the_progress_dir_is_read_back_and_capital_e_removes_it() {
    use forkbook::tui::app::Effect;
    use forkbook::tui::editor;
    let home = tempfile::tempdir().expect("temp dir");
    let (mut app, programs, lock) = lock_with_progress_in(home.path());
    let copy = home.path().join("programs").join("lock.py");
    assert_eq!(programs.path("lock"), copy);

    // What the editor would leave behind: the program with three buyers.
    std::fs::create_dir_all(copy.parent().expect("a folder")).expect("the folder is made");
    std::fs::write(&copy, lock.python.replacen("BUYERS = 10", "BUYERS = 3", 1)).expect("the copy is written");
    let effects = editor::reload(&mut app, &programs, &lock);
    assert!(effects.iter().any(|e| matches!(e, Effect::Start { .. })), "{effects:?}");
    let shown = screen(&app, 80, 24);
    assert!(shown.lines().next().is_some_and(|l| l.contains("✎ edited")), "{shown}");
    assert!(shown.contains("BUYERS = 3") && shown.contains("buyers=3"), "{shown}");

    let effects = app.update(Action::ResetProgram);
    for effect in &effects {
        if let Effect::ForgetProgram(id) = effect {
            editor::forget(&mut app, &programs, id);
        }
    }
    assert!(!copy.exists(), "E removes the copy");
    let shown = screen(&app, 80, 24);
    assert!(!shown.contains("✎ edited") && shown.contains("BUYERS = 10"), "{shown}");
    assert!(shown.lines().last().is_some_and(|l| l.contains("the lesson's own program runs again")), "{shown}");
}

#[test]
fn an_edited_copy_with_a_syntax_error_is_shown_with_its_line_and_column_and_the_program_stays() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut app, programs, lock) = lock_with_progress_in(home.path());
    let path = programs.prepare("lock", &lock.python).expect("the copy is made");
    let broken = lock.python.replacen("def get():", "def get(:", 1);
    let line = broken.lines().position(|l| l.starts_with("def get(:")).expect("the line") + 1;
    std::fs::write(&path, &broken).expect("the copy is written");
    let effects = forkbook::tui::editor::reload(&mut app, &programs, &lock);
    assert!(effects.is_empty(), "{effects:?}");
    for lang in [Lang::En, Lang::Zh] {
        app.lang = lang;
        let shown = screen(&app, 80, 24);
        let banner: String = shown.lines().skip(1).take(4).collect();
        assert!(banner.contains(&format!("lock.py:{line}:")), "{shown}");
        assert!(!shown.lines().next().unwrap_or_default().contains('✎'), "the lesson's own runs: {shown}");
    }
    assert_eq!(app.view().map(|v| v.lesson.python.clone()), Some(lock.python.clone()));
    app.lang = Lang::En;
    let effects = app.update(Action::ResetProgram);
    assert!(matches!(effects.as_slice(), [forkbook::tui::app::Effect::ForgetProgram(_)]), "{effects:?}");
    assert!(app.program_problem().is_none());
    assert!(screen(&app, 80, 24).contains("your copy was removed"));
}

#[test]
fn a_reached_task_is_announced_on_one_row_at_80x24_in_both_languages() {
    let cases = [
        (Lang::En, "★ Reached: Sell the last ticket twice", "n: try again from the same knobs, paused"),
        (Lang::Zh, "★ 达成：把最后一张票卖两次", "n：用同样的参数再试一次（暂停开始）"),
    ];
    for (lang, reached, offer) in cases {
        let mut app = lock_without_the_lock(lang);
        let _ = app.update(Action::AnswerDigit(Some('3')));
        let _ = app.update(Action::TogglePause);
        let run = app.run_id().expect("a run");
        for ev in events("lock_oversold.jsonl") {
            let _ = app.on_event(run, ev.clone());
        }
        let shown = screen(&app, 80, 24);
        let rows: Vec<&str> = shown.lines().filter(|l| l.contains(reached)).collect();
        assert_eq!(rows.len(), 1, "{shown}");
        assert!(rows[0].contains(offer), "{shown}");
    }
}
