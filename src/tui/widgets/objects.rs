//! Shared objects: queues as rows of boxes, locks with owner and waiters, semaphores as slots,
//! events set or clear, values and files with what they hold, pipes with the messages in flight.
//! Each object takes a title row (its state in short) and a row for each non-empty list under
//! it; objects that do not fit are counted in a last "+N more" row.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::cells::{draw_line, fit, folded, just_changed, lane_style};
use crate::event::ObjectKind;
use crate::text::Lang;
use crate::trace::describe::counter;
use crate::trace::{Obj, ObjState, World, file_line};
use crate::tui::theme::Theme;
use crate::value::Value;

/// Every shared object of the run.
pub struct Objects<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// Lesson time (ns) at which each object last changed, by name.
    pub touched: &'a HashMap<String, u64>,
    pub now_ns: u64,
}

/// The widest a queue box or pipe message gets, inside its brackets.
const BOX_MAX: usize = 12;

impl Objects<'_> {
    /// The rows every object needs at `width` columns (at least one: the "no objects" row).
    pub fn rows_needed(&self, width: usize) -> usize {
        self.world.objects.iter().map(|obj| self.lines(obj, width).len()).sum::<usize>().max(1)
    }

    /// The rows of one object, for `width` columns.
    fn lines(&self, obj: &Obj, width: usize) -> Vec<Line<'static>> {
        let (theme, lang) = (self.theme, self.lang);
        let touched = self.touched.get(&obj.name).is_some_and(|&t| just_changed(t, self.now_ns));
        let title_style = if touched { theme.title().patch(theme.changed()) } else { theme.title() };
        let mut title = vec![Span::styled(obj.label(), title_style), Span::raw("  ")];
        let mut rows = Vec::new();
        match &obj.state {
            ObjState::Lock { owner, depth, waiters } => {
                match owner {
                    Some(o) => {
                        let who = format!("{} ({o})", self.world.name_of(*o));
                        let depth = (obj.kind == ObjectKind::RLock && *depth > 1)
                            .then(|| lang.t_with("objects.depth", &[("depth", depth)]));
                        let title_w = obj.label().width() + 2 + lang.t("objects.held_by").width() + who.width();
                        title.push(Span::raw(lang.t("objects.held_by")));
                        title.push(Span::styled(who, lane_style(self.world, theme, *o)));
                        match depth {
                            Some(d) if title_w + d.width() <= width => title.push(Span::raw(d)),
                            // Too narrow: the depth goes on a row of its own, never cut.
                            Some(d) => {
                                let d = d.trim_start_matches([',', '，', ' ']);
                                rows.push(Line::from(Span::styled(format!("  {d}"), theme.dim())));
                            }
                            None => {}
                        }
                    }
                    None => title.push(Span::styled(lang.t("objects.free"), theme.ok())),
                }
                rows.extend(self.who_row(lang.t("objects.waiting"), waiters, width));
            }
            ObjState::Semaphore { value, max, holders, waiters } => {
                // A plain Semaphore has no maximum: its places are what is free plus what is held.
                let places = if *max < 0 { value.max(&0) + holders.len() as i64 } else { *max };
                title.extend(self.slots(*value, places, width.saturating_sub(obj.label().width() + 2)));
                rows.extend(self.who_row(lang.t("objects.holding"), holders, width));
                rows.extend(self.who_row(lang.t("objects.waiting"), waiters, width));
            }
            ObjState::Event { set, waiters } => {
                title.push(match set {
                    true => Span::styled(format!("● {}", lang.t("objects.set")), theme.ok()),
                    false => Span::styled(format!("○ {}", lang.t("objects.clear")), theme.dim()),
                });
                rows.extend(self.who_row(lang.t("objects.waiting"), waiters, width));
            }
            ObjState::Queue { items, feeding, maxsize, unfinished, getters, putters, joiners, .. } => {
                let n = items.len();
                let size = match *maxsize {
                    m if m > 0 => lang.t_with("objects.size_of", &[("n", &n), ("max", &m)]),
                    _ => lang.t_with("objects.size_unbounded", &[("n", &n)]),
                };
                title.push(Span::raw(size));
                if let Some(u) = unfinished {
                    title.push(Span::raw(lang.t_with("objects.unfinished", &[("n", u)])));
                }
                // An item in a feeder already took its place (CPython's semaphore).
                let empty = usize::try_from(*maxsize).unwrap_or(0).saturating_sub(n + feeding.len());
                let mut row = vec![Span::raw("  ")];
                if n + empty == 0 {
                    row.push(Span::styled(lang.t("objects.empty_queue"), theme.dim()));
                } else {
                    row.extend(self.boxes(items.iter(), empty, width.saturating_sub(2)));
                }
                rows.push(Line::from(row));
                let mut feeders: Vec<i32> = feeding.iter().map(|(pid, _)| *pid).collect();
                feeders.dedup();
                for pid in feeders {
                    let head = lang.t_with("objects.in_feeder", &[("process", &self.world.name_of(pid))]);
                    let head = format!("  {head}");
                    let room = width.saturating_sub(head.width());
                    let mut row = vec![Span::styled(head, lane_style(self.world, self.theme, pid))];
                    let held: Vec<&Value> = feeding.iter().filter(|(p, _)| *p == pid).map(|(_, v)| v).collect();
                    row.extend(self.boxes(held.into_iter(), 0, room));
                    rows.push(Line::from(row));
                }
                rows.extend(self.who_row(lang.t("objects.waiting_to_get"), getters, width));
                rows.extend(self.who_row(lang.t("objects.waiting_to_put"), putters, width));
                rows.extend(self.who_row(lang.t("objects.waiting_in_join"), joiners, width));
            }
            ObjState::Pipe { outbox, waiters, holders } => {
                let mut in_flight = 0;
                for (end, messages) in outbox.iter().filter(|(_, m)| !m.is_empty()) {
                    in_flight += messages.len();
                    let head = format!("  {end} → ");
                    let room = width.saturating_sub(head.width());
                    let mut row = vec![Span::raw(head)];
                    row.extend(self.boxes(messages.iter(), 0, room));
                    rows.push(Line::from(row));
                }
                if in_flight == 0 {
                    title.push(Span::styled(lang.t("objects.nothing_in_flight"), theme.dim()));
                }
                rows.extend(self.who_row(lang.t("objects.waiting_to_receive"), waiters, width));
                for (end, pids) in holders {
                    let label = lang.t_with("objects.open_in", &[("end", end)]);
                    match self.who_row(&label, pids, width) {
                        Some(row) => rows.push(row),
                        None => rows.push(Line::from(vec![
                            Span::raw(format!("  {label}")),
                            Span::styled(lang.t("objects.open_nowhere"), theme.dim()),
                        ])),
                    }
                }
            }
            ObjState::Value { value } => title.push(Span::raw(format!("= {}", value.repr()))),
            ObjState::File { content, .. } if content.is_empty() => {
                title.push(Span::styled(lang.t("objects.file_empty"), theme.dim()));
            }
            ObjState::File { content, cut } => title.push(Span::raw(file_line(content, *cut))),
            ObjState::Condition { owner, waiters, sleepers, .. } => {
                match owner {
                    Some(o) => {
                        title.push(Span::raw(lang.t("objects.held_by")));
                        title.push(Span::styled(
                            format!("{} ({o})", self.world.name_of(*o)),
                            lane_style(self.world, theme, *o),
                        ));
                    }
                    None => title.push(Span::styled(lang.t("objects.free"), theme.ok())),
                }
                rows.extend(self.who_row(lang.t("objects.waiting"), waiters, width));
                rows.extend(self.who_row(lang.t("objects.asleep"), sleepers, width));
            }
            ObjState::Barrier { parties, waiters } => {
                title.push(Span::raw(lang.t_with("objects.barrier", &[("n", &waiters.len()), ("parties", parties)])));
                rows.extend(self.who_row(lang.t("objects.waiting"), waiters, width));
            }
            ObjState::Other { .. } => title.push(Span::styled(lang.t("objects.not_followed"), theme.dim())),
        }
        let mut lines = vec![Line::from(title)];
        lines.extend(rows);
        lines
    }

    /// `  waiting: Process-1, Process-2×2 +3`: names in lane colours, as many as fit in `width`
    /// columns, then how many more; nothing for no one.
    fn who_row(&self, head: &str, pids: &[i32], width: usize) -> Option<Line<'static>> {
        if pids.is_empty() {
            return None;
        }
        let head = format!("  {head}");
        let mut used = head.width();
        let mut spans = vec![Span::styled(head, self.theme.dim())];
        let names = folded(pids);
        for (k, &(pid, n)) in names.iter().enumerate() {
            let sep = if k > 0 { self.lang.t("punct.list") } else { "" };
            let name = if n > 1 { format!("{}×{n}", self.world.name_of(pid)) } else { self.world.name_of(pid) };
            let rest = names.len() - k;
            // Room for this name, and for the count of the others if they will not fit.
            let count_w = if rest > 1 { format!(" +{}", rest - 1).width() } else { 0 };
            if k > 0 && used + sep.width() + name.width() + count_w > width {
                spans.push(Span::styled(format!(" +{rest}"), self.theme.dim()));
                break;
            }
            used += sep.width() + name.width();
            spans.push(Span::raw(sep));
            spans.push(Span::styled(name, lane_style(self.world, self.theme, pid)));
        }
        Some(Line::from(spans))
    }

    /// A semaphore's places as slots, a taken one filled (`■■■□□ value 2 of 5`); an unbounded
    /// semaphore (or one with more places than fit) shows the counter only.
    fn slots(&self, value: i64, max: i64, room: usize) -> Vec<Span<'static>> {
        let counter = counter(value, max, self.lang);
        let places = usize::try_from(max.max(value)).unwrap_or(0);
        let taken = usize::try_from(max - value).unwrap_or(0).min(places);
        if max < 0 || places == 0 || places + 1 + counter.width() > room {
            return vec![Span::raw(counter)];
        }
        vec![
            Span::styled("■".repeat(taken), self.theme.taken()),
            Span::styled("□".repeat(places - taken), self.theme.dim()),
            Span::raw(format!(" {counter}")),
        ]
    }

    /// Items as a row of equal boxes, then `empty` empty boxes, within `room` columns; what
    /// does not fit is counted (`+3`).
    fn boxes<'v>(
        &self,
        items: impl ExactSizeIterator<Item = &'v Value>,
        empty: usize,
        room: usize,
    ) -> Vec<Span<'static>> {
        let texts: Vec<String> = items.map(|v| v.to_string()).collect();
        let inner = texts.iter().map(|t| t.width()).max().unwrap_or(0).clamp(3, BOX_MAX);
        let total = texts.len() + empty;
        let fits_all = total.saturating_mul(inner + 2) <= room;
        // Keep room for the count of what is left out.
        let shown = if fits_all { total } else { room.saturating_sub(4) / (inner + 2) };
        let mut spans = Vec::new();
        for k in 0..shown {
            match texts.get(k) {
                Some(t) => {
                    spans.push(Span::styled("[", self.theme.dim()));
                    spans.push(Span::raw(fit(t, inner)));
                    spans.push(Span::styled("]", self.theme.dim()));
                }
                None => spans.push(Span::styled(format!("[{}]", " ".repeat(inner)), self.theme.dim())),
            }
        }
        if shown < total {
            spans.push(Span::styled(format!("+{}", total - shown), self.theme.dim()));
        }
        spans
    }
}

impl Widget for &Objects<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (width, height) = (area.width as usize, area.height as usize);
        let objects = &self.world.objects;
        if objects.is_empty() {
            let text = self.lang.t("objects.none");
            buf.set_stringn(area.x, area.y, text, width, self.theme.dim());
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        let mut shown = 0;
        for (k, obj) in objects.iter().enumerate() {
            let rows = self.lines(obj, width);
            let last = k + 1 == objects.len();
            // The "+N more" row needs a row of its own unless this is the last object.
            let room = height.saturating_sub(lines.len() + usize::from(!last));
            if rows.len() <= room {
                lines.extend(rows);
                shown += 1;
            } else {
                if shown == 0 {
                    // Not even the first fits: show its top rows.
                    lines.extend(rows.into_iter().take(room.max(1)));
                    shown = 1;
                }
                break;
            }
        }
        let more = objects.len() - shown;
        if more > 0 && lines.len() < height {
            let text = self.lang.t_with("objects.more", &[("n", &more)]);
            lines.push(Line::styled(text, self.theme.dim()));
        }
        for (row, line) in lines.iter().take(height).enumerate() {
            draw_line(buf, area.x, area.y + row as u16, line, area.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    use ratatui::widgets::Widget;

    use super::*;
    use crate::event::{EventKind, WaitOp};
    use crate::tui::widgets::fixture::{MAIN, Run, column_of, rows};

    fn render(world: &World, lang: Lang, touched: &HashMap<String, u64>, width: u16, height: u16) -> Buffer {
        let theme = Theme::plain();
        let objects = Objects { world, theme: &theme, lang, touched, now_ns: world.now_ns };
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        objects.render(buf.area, &mut buf);
        buf
    }

    fn text(world: &World, lang: Lang, width: u16, height: u16) -> Vec<String> {
        rows(&render(world, lang, &HashMap::new(), width, height))
    }

    #[test]
    fn a_bounded_queue_shows_its_items_in_order_then_empty_boxes() {
        let mut run = Run::with_children(2);
        run.create("q", ObjectKind::Queue, 0, 4).put(101, "q", "包子0").put(102, "q", "骨头1");
        let world = run.world();
        let text = text(&world, Lang::En, 60, 4);
        assert_eq!(text[0], "Queue 'q'  2 of 4");
        assert_eq!(text[1], "  [包子0][骨头1][     ][     ]");
    }

    #[test]
    fn an_item_in_a_feeder_shows_beside_the_queue_and_keeps_its_place_taken() {
        let mut run = Run::with_children(1);
        run.create("q", ObjectKind::Queue, 0, 3).put(101, "q", "a");
        run.ev(101, EventKind::Fed { object: "q".into(), item: Value::Str("b".into()) });
        let world = run.world();
        let text = text(&world, Lang::En, 60, 4);
        assert_eq!(text[0], "Queue 'q'  1 of 3");
        assert_eq!(text[1], "  [a  ][   ]");
        assert_eq!(text[2], "  in feeder of Process-1: [b  ]");
        let zh = self::text(&world, Lang::Zh, 60, 4);
        assert_eq!(zh[2], "  在 Process-1 的 feeder 里：[b  ]");
    }

    #[test]
    fn chinese_items_keep_the_boxes_aligned_with_ascii_ones() {
        let mut run = Run::with_children(1);
        run.create("q", ObjectKind::Queue, 0, 0).put(101, "q", "包子").put(101, "q", "bone");
        let world = run.world();
        let text = text(&world, Lang::En, 60, 4);
        assert_eq!(text[1], "  [包子][bone]");
        assert_eq!(column_of(&text[1], "[bone]"), Some(8));
    }

    #[test]
    fn an_unbounded_joinable_queue_says_so_and_counts_unfinished_items_and_getters() {
        let mut run = Run::with_children(2);
        run.create("jq", ObjectKind::JoinableQueue, 0, 0).put(101, "jq", "a").wait(102, "jq", WaitOp::Get);
        let world = run.world();
        let text = text(&world, Lang::En, 60, 5);
        assert_eq!(text[0], "JoinableQueue 'jq'  1, unbounded, 1 unfinished");
        assert_eq!(text[1], "  [a  ]");
        assert_eq!(text[2], "  waiting to get: Process-2");
        let zh = super::tests::text(&world, Lang::Zh, 60, 5);
        assert_eq!(zh[0], "JoinableQueue 'jq'  1 个，无上限，1 个未完成");
        assert_eq!(zh[2], "  等待取出：Process-2");
    }

    #[test]
    fn a_long_queue_shows_what_fits_and_counts_the_rest() {
        let mut run = Run::with_children(1);
        run.create("q", ObjectKind::Queue, 0, 10);
        for i in 0..10 {
            run.put(101, "q", &format!("x{i}"));
        }
        let world = run.world();
        let text = text(&world, Lang::En, 26, 3);
        assert_eq!(text[1], "  [x0 ][x1 ][x2 ][x3 ]+6");
    }

    #[test]
    fn a_held_lock_names_its_owner_with_pid_and_its_waiters() {
        let mut run = Run::with_children(3);
        run.create("lock", ObjectKind::Lock, 1, 1).acquire(101, "lock");
        run.wait(102, "lock", WaitOp::Acquire).wait(103, "lock", WaitOp::Acquire);
        let world = run.world();
        let text = text(&world, Lang::En, 60, 3);
        assert_eq!(text[0], "Lock 'lock'  held by Process-1 (101)");
        assert_eq!(text[1], "  waiting: Process-2, Process-3");
    }

    #[test]
    fn an_rlock_taken_twice_shows_its_depth_on_its_own_row_when_narrow() {
        let mut run = Run::with_children(1);
        run.create("lock1", ObjectKind::RLock, 1, 1).acquire(101, "lock1").acquire(101, "lock1");
        let world = run.world();
        assert_eq!(text(&world, Lang::En, 60, 1)[0], "RLock 'lock1'  held by Process-1 (101), depth 2");
        assert_eq!(text(&world, Lang::En, 40, 2), ["RLock 'lock1'  held by Process-1 (101)", "  depth 2"]);
        assert_eq!(text(&world, Lang::Zh, 30, 2)[1], "  重入 2 层");
    }

    #[test]
    fn a_free_lock_is_free_and_takes_one_row() {
        let mut run = Run::with_children(0);
        run.create("lock", ObjectKind::Lock, 1, 1).create("e", ObjectKind::Event, 0, 0);
        let world = run.world();
        let text = text(&world, Lang::Zh, 60, 3);
        assert_eq!(text, ["Lock 'lock'  空闲", "Event 'e'  ○ 未设置", ""]);
    }

    #[test]
    fn names_that_do_not_fit_are_counted_and_no_name_is_cut() {
        let mut run = Run::with_children(7);
        run.create("sem", ObjectKind::Semaphore, 5, 5);
        for pid in 101..=105 {
            run.acquire(pid, "sem");
        }
        let world = run.world();
        assert_eq!(text(&world, Lang::En, 40, 2)[1], "  holding: Process-1, Process-2 +3");
        assert_eq!(text(&world, Lang::Zh, 40, 2)[1], "  持有：Process-1、Process-2 +3");
    }

    #[test]
    fn a_full_semaphore_shows_five_taken_slots_its_holders_and_its_waiters() {
        let mut run = Run::with_children(7);
        run.create("sem", ObjectKind::Semaphore, 5, 5);
        for pid in 101..=105 {
            run.acquire(pid, "sem");
        }
        run.wait(106, "sem", WaitOp::Acquire).wait(107, "sem", WaitOp::Acquire);
        let world = run.world();
        let text = text(&world, Lang::En, 80, 4);
        assert_eq!(text[0], "Semaphore 'sem'  ■■■■■ value 0 of 5");
        assert!(text[1].starts_with("  holding: Process-1, Process-2"), "{text:?}");
        assert_eq!(text[2], "  waiting: Process-6, Process-7");
    }

    #[test]
    fn a_semaphore_shows_free_places_as_empty_slots_and_an_unbounded_one_its_value() {
        let mut run = Run::with_children(1);
        run.create("sem", ObjectKind::BoundedSemaphore, 3, 3).acquire(101, "sem");
        run.create("free", ObjectKind::Semaphore, 7, -1);
        let world = run.world();
        let text = text(&world, Lang::En, 60, 4);
        assert_eq!(text[0], "BoundedSemaphore 'sem'  ■□□ value 2 of 3");
        assert_eq!(text[2], "Semaphore 'free'  □□□□□□□ value 7 of 7");
    }

    #[test]
    fn values_files_and_pipes_show_what_they_hold() {
        let mut run = Run::with_children(1);
        run.create("n", ObjectKind::Value, 42, 0);
        run.ev(101, EventKind::FileChanged { object: "db.txt".into(), content: r#"{"count": 0}"#.into(), cut: false });
        run.create("p", ObjectKind::Pipe, 0, 0);
        run.ev(MAIN, EventKind::Sent { object: "p".into(), end: "parent".into(), item: Value::Str("hi".into()) });
        let world = run.world();
        let text = text(&world, Lang::En, 60, 7);
        assert_eq!(text[..4], ["Value 'n'  = 42", r#"File 'db.txt'  {"count": 0}"#, "Pipe 'p'", "  parent → [hi ]"]);
        // Process-1 was forked before the pipe was made: only MainProcess has its ends.
        assert_eq!(text[4..6], ["  p[0] open in: MainProcess", "  p[1] open in: MainProcess"]);
    }

    #[test]
    fn a_file_shows_empty_when_truncated_and_marks_lines_and_a_cut() {
        let mut run = Run::with_children(1);
        let changed = |name: &str, content: &str, cut| EventKind::FileChanged {
            object: name.into(),
            content: content.into(),
            cut,
        };
        run.ev(101, changed("db.txt", "", false));
        run.ev(101, changed("log.txt", "a\nb\n", false));
        run.ev(101, changed("big.txt", "xyz", true));
        let world = run.world();
        let text = text(&world, Lang::En, 60, 3);
        assert_eq!(text, ["File 'db.txt'  (empty)", "File 'log.txt'  a⏎b⏎", "File 'big.txt'  xyz…"]);
        assert_eq!(self::text(&world, Lang::Zh, 60, 1)[0], "File 'db.txt'  （空）");
    }

    #[test]
    fn objects_that_do_not_fit_are_counted_in_a_last_row() {
        let mut run = Run::with_children(0);
        for name in ["a", "b", "c", "d"] {
            run.create(name, ObjectKind::Lock, 1, 1);
        }
        let world = run.world();
        assert_eq!(text(&world, Lang::En, 40, 3), ["Lock 'a'  free", "Lock 'b'  free", "+2 more"]);
        assert_eq!(text(&world, Lang::Zh, 40, 2), ["Lock 'a'  空闲", "还有 3 个"]);
    }

    #[test]
    fn a_just_touched_object_has_its_title_highlighted() {
        let mut run = Run::with_children(0);
        run.create("a", ObjectKind::Lock, 1, 1).create("b", ObjectKind::Lock, 1, 1);
        let world = run.world();
        let touched = HashMap::from([("b".to_string(), world.now_ns)]);
        let buf = render(&world, Lang::En, &touched, 40, 2);
        assert!(!buf[(0, 0)].modifier.contains(Modifier::REVERSED));
        assert!(buf[(0, 1)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn a_condition_shows_its_owner_its_lock_waiters_and_its_sleepers_a_barrier_its_parties() {
        let mut run = Run::with_children(5);
        run.create("cond", ObjectKind::Condition, 0, 0);
        run.wait(101, "cond", WaitOp::Wait).wait(102, "cond", WaitOp::Wait);
        run.acquire(103, "cond").wait(104, "cond", WaitOp::Acquire);
        run.create("b", ObjectKind::Barrier, 3, 3).wait(105, "b", WaitOp::Wait);
        run.create("ns", ObjectKind::Other, 0, 0);
        run.ev(
            MAIN,
            EventKind::ValueWritten { object: "ns".into(), index: None, value: Value::Str("Namespace".into()) },
        );
        let world = run.world();
        let text = text(&world, Lang::En, 60, 7);
        assert_eq!(text[0], "Condition 'cond'  held by Process-3 (103)");
        assert_eq!(text[1], "  waiting: Process-4");
        assert_eq!(text[2], "  asleep in wait(): Process-1, Process-2");
        assert_eq!(text[3], "Barrier 'b'  1 of 3 waiting");
        assert_eq!(text[5], "Namespace 'ns'  not followed by forkbook");
        let zh = super::tests::text(&world, Lang::Zh, 60, 7);
        assert_eq!(zh[2], "  在 wait() 中等通知：Process-1、Process-2");
        assert_eq!(zh[3], "Barrier 'b'  3 方中 1 个在等");
        assert_eq!(zh[5], "Namespace 'ns'  forkbook 未跟踪");
    }

    #[test]
    fn tiny_and_empty_areas_do_not_panic() {
        let mut run = Run::with_children(2);
        run.create("q", ObjectKind::Queue, 0, 3).put(101, "q", "包子").wait(102, "q", WaitOp::Put);
        run.create("sem", ObjectKind::Semaphore, 2, 2).acquire(101, "sem");
        let world = run.world();
        for (w, h) in [(0, 0), (1, 1), (0, 3), (3, 0), (2, 1), (5, 2), (12, 3)] {
            render(&world, Lang::Zh, &HashMap::new(), w, h);
        }
        render(&World::default(), Lang::En, &HashMap::new(), 1, 1);
    }
}
