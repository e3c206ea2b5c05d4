//! The banners under the header, in the error colour: once a run ended any way but finished,
//! what ended it — the deadlock's cycle or the stall's waits (after the mark their lanes
//! carry), the limit, the failure — in the words the headless trace ends with
//! (`describe::outcome`); and while the student's latest edited program is refused, where and
//! why; once a run reached a try-it task, which (its goal's first clause) and how to try again.
//! Wrapped to the screen's width; a text longer than the rows it may take is cut with `…`.

use ratatui::style::Style;
use ratatui::text::Line;

use crate::event::RunOutcome;
use crate::lesson::{Diagnostic, Lesson};
use crate::text::Lang;
use crate::trace::{World, describe};
use crate::tui::app::Workbook;
use crate::tui::theme::{Caught, Theme};
use crate::tui::widgets::cells::{clip, wrap};

/// The banner's lines at `width` columns, at most `rows` of them; none while the run goes on
/// or after it finished.
pub fn lines(world: &World, theme: &Theme, lang: Lang, width: u16, rows: usize) -> Vec<Line<'static>> {
    let Some(outcome) = world.ended.as_ref().filter(|o| **o != RunOutcome::Finished) else {
        return Vec::new();
    };
    let words = describe::outcome(outcome, lang);
    let text = match Caught::of(outcome) {
        Some(caught) => format!("{} {words}", theme.caught(caught)),
        None => words,
    };
    fitted(&text, theme, width, rows)
}

/// The refusal of the student's edited program at `width` columns, at most `rows` of them:
/// the problem at its line and column of the program.
pub fn refused(problem: &Diagnostic, theme: &Theme, lang: Lang, width: u16, rows: usize) -> Vec<Line<'static>> {
    fitted(&lang.t_with("lesson.program_refused", &[("problem", problem)]), theme, width, rows)
}

/// The tasks the last run reached, in the success colour, with the offer to try again from the
/// same knobs, paused; none when it reached none.
pub fn reached(
    lesson: &Lesson,
    wb: &Workbook,
    theme: &Theme,
    lang: Lang,
    width: u16,
    rows: usize,
) -> Vec<Line<'static>> {
    let goals: Vec<&str> =
        wb.reached_now.iter().filter_map(|&i| lesson.tasks.get(i)).map(|t| headline(lang.of(&t.goal))).collect();
    if goals.is_empty() {
        return Vec::new();
    }
    let text = lang.t_with("workbook.reached", &[("goal", &goals.join(" · "))]);
    styled(&text, theme.ok(), width, rows)
}

/// A goal's first clause: the words before its first colon, without the closing stop.
fn headline(goal: &str) -> &str {
    let head = goal.split([':', '：']).next().unwrap_or(goal).trim();
    head.trim_end_matches(['.', '。'])
}

/// `text` wrapped to `width` in the error colour, cut with `…` to at most `rows` lines.
fn fitted(text: &str, theme: &Theme, width: u16, rows: usize) -> Vec<Line<'static>> {
    styled(text, theme.error(), width, rows)
}

/// `text` wrapped to `width` in `style`, cut with `…` to at most `rows` lines.
fn styled(text: &str, style: Style, width: u16, rows: usize) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines = wrap(text, width);
    if lines.len() > rows {
        let rest = lines.split_off(rows.saturating_sub(1)).join(" ");
        if rows > 0 {
            lines.push(clip(&format!("{rest} …"), width));
        }
    }
    lines.into_iter().map(|l| Line::styled(l, style)).collect()
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;
    use crate::event::{EventKind, LimitHit, LimitKind, ObjectKind, WaitOp};
    use crate::tui::widgets::fixture::Run;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    fn ended(mut run: Run, outcome: RunOutcome) -> World {
        run.ev(99, EventKind::RunEnded { outcome });
        run.world()
    }

    /// `n` children in a ring: Process-i holds lock i-1 and waits for lock i (mod n).
    fn ring(n: i32) -> World {
        let mut run = Run::with_children(n);
        for i in 0..n {
            run.create(&format!("fork{i}"), ObjectKind::Lock, 1, 1);
        }
        for i in 0..n {
            run.acquire(101 + i, &format!("fork{i}"));
        }
        for i in 0..n {
            run.wait(101 + i, &format!("fork{}", (i + 1) % n), WaitOp::Acquire);
        }
        let cycle = crate::trace::deadlock::find_cycle(&run.world()).expect("a cycle");
        ended(run, RunOutcome::Deadlocked { cycle })
    }

    #[test]
    fn a_deadlock_is_named_with_its_cycle_after_the_lanes_mark() {
        let world = ring(2);
        let theme = Theme { color: true };
        let lines = lines(&world, &theme, Lang::En, 80, 2);
        assert_eq!(
            text(&lines),
            [
                "↻ deadlocked: Process-1 holds fork0 and waits for fork1, held by Process-2,",
                "which waits for fork0, held by Process-1",
            ]
            .map(String::from)
        );
        assert!(lines.iter().all(|l| l.style == theme.error()));
    }

    #[test]
    fn a_cycle_too_long_for_two_rows_is_cut_with_an_ellipsis_and_no_row_passes_80_columns() {
        let world = ring(5);
        for lang in [Lang::En, Lang::Zh] {
            let shown = text(&lines(&world, &Theme::plain(), lang, 80, 2));
            assert_eq!(shown.len(), 2, "{shown:?}");
            assert!(shown.iter().all(|l| l.width() <= 80), "{shown:?}");
            assert!(shown[1].ends_with('…'), "{shown:?}");
        }
        let wide = text(&lines(&world, &Theme::plain(), Lang::En, 200, 2));
        assert!(wide.concat().ends_with("held by Process-1"), "{wide:?}");
    }

    #[test]
    fn a_limit_says_which_and_a_stall_says_who_waits_on_what() {
        let limit =
            ended(Run::with_children(1), RunOutcome::Limit(LimitHit { kind: LimitKind::RunTime, limit: 600.0 }));
        let shown = text(&lines(&limit, &Theme::plain(), Lang::En, 120, 2));
        assert_eq!(shown, ["stopped at a limit: the run took longer than 600 s (raise it with --max-time)"]);
        let mut run = Run::with_children(1);
        run.create("q", ObjectKind::Queue, 0, 0).wait(101, "q", WaitOp::Get);
        run.wait(crate::tui::widgets::fixture::MAIN, "Process-1", WaitOp::Join);
        let waits = crate::trace::deadlock::find_stall(&run.world()).expect("a stall");
        let stuck = ended(run, RunOutcome::Stuck { waits });
        let shown = text(&lines(&stuck, &Theme::plain(), Lang::Zh, 120, 2)).concat();
        assert!(shown.starts_with("⊘ 卡住了") && shown.contains("等待从 q 取出"), "{shown}");
    }

    #[test]
    fn a_finished_or_running_run_has_no_banner_and_no_rows_draw_nothing() {
        let finished = ended(Run::with_children(1), RunOutcome::Finished);
        assert!(lines(&finished, &Theme::plain(), Lang::En, 80, 2).is_empty());
        assert!(lines(&Run::with_children(1).world(), &Theme::plain(), Lang::En, 80, 2).is_empty());
        let world = ring(3);
        assert!(lines(&world, &Theme::plain(), Lang::En, 80, 0).is_empty());
        assert_eq!(lines(&world, &Theme::plain(), Lang::En, 1, 1).len(), 1);
    }
}
