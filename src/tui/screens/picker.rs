//! The lesson picker: lessons grouped by chapter (a lesson folder is one chapter, after the
//! built-in ones, headed by the folder's name), typing filters, a preview of the story.

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Constraint::{Fill, Length, Percentage};
use ratatui::layout::{Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::footer::{Look, hints};
use crate::lesson::Lesson;
use crate::text::Lang;
use crate::tui::app::{Picker, filtered};
use crate::tui::keys::{KEYS, Place};
use crate::tui::theme::Theme;
use crate::tui::widgets::cells::{clip, story_lines, wrapped};

/// The picker screen.
pub struct PickerScreen<'a> {
    pub lessons: &'a [Arc<Lesson>],
    pub picker: &'a Picker,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// The student's progress, for a ✓ per finished lesson and counts per started one.
    pub progress: Option<&'a crate::progress::Progress>,
}

/// The list and the preview side by side from this width on; below it the preview goes under.
const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// The name of a chapter: `Chapter 2 · Synchronization`, `第 2 章 · 同步`.
pub fn chapter_name(chapter: u32, lang: Lang) -> String {
    let topic = match chapter {
        1 => Some("picker.topic_processes"),
        2 => Some("picker.topic_synchronization"),
        3 => Some("picker.topic_communication"),
        4 => Some("picker.topic_pools"),
        _ => None,
    };
    match topic {
        Some(topic) => lang.t_with("picker.chapter_topic", &[("n", &chapter), ("topic", &lang.t(topic))]),
        None => lang.t_with("picker.chapter", &[("n", &chapter)]),
    }
}

/// The heading of a lesson's chapter: the folder's name for a lesson file of a folder, else
/// the chapter's number and topic.
pub fn heading(lesson: &Lesson, lang: Lang) -> String {
    lesson.folder_name().unwrap_or_else(|| chapter_name(lesson.chapter, lang))
}

/// One row of the list: a chapter heading (of the lesson that opens it), a gap, or a lesson
/// (with its place in `filtered`).
enum Row<'a> {
    Heading(&'a Lesson),
    Gap,
    Lesson(usize, &'a Lesson),
}

impl Widget for &PickerScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let [title, filter, _, body, keys] =
            Layout::vertical([Length(1), Length(1), Length(1), Fill(1), Length(1)]).areas(area);
        let lang = self.lang;
        Line::styled(lang.t("picker.title"), self.theme.title()).render(title, buf);
        self.filter_line().render(filter, buf);
        self.keys_line(keys.width).render(keys, buf);

        let matches = filtered(self.lessons, &self.picker.filter);
        let selected = self.picker.selected.min(matches.len().saturating_sub(1));
        let rows = rows(self.lessons, &matches);
        let (list, preview) = if body.width >= SIDE_BY_SIDE_WIDTH {
            let [list, preview] = Layout::horizontal([Percentage(45), Fill(1)]).areas(body);
            let block =
                Block::new().borders(Borders::LEFT).border_style(self.theme.dim()).padding(Padding::horizontal(1));
            let inner = block.inner(preview);
            block.render(preview, buf);
            (list, inner)
        } else {
            let list_height = u16::try_from(rows.len().max(2)).unwrap_or(u16::MAX).min((body.height / 2).max(1));
            let [list, rule, preview] = Layout::vertical([Length(list_height), Length(1), Fill(1)]).areas(body);
            Block::new().borders(Borders::TOP).border_style(self.theme.dim()).render(rule, buf);
            (list, preview)
        };

        if matches.is_empty() {
            let filter = &self.picker.filter;
            let none = if filter.is_empty() {
                lang.t("picker.no_lessons").to_string()
            } else {
                lang.t_with("picker.no_match", &[("filter", filter)])
            };
            let hint = lang.t("picker.backspace");
            let mut lines = wrapped(&none, list.width, self.theme.error());
            if !filter.is_empty() {
                lines.extend(wrapped(hint, list.width, self.theme.dim()));
            }
            Paragraph::new(lines).render(list, buf);
            return;
        }
        self.render_list(&rows, selected, list, buf);
        if let Some(lesson) = matches.get(selected).and_then(|&i| self.lessons.get(i)) {
            self.preview(lesson, preview.width).render(preview, buf);
        }
    }
}

/// The list's rows: a heading whenever the chapter changes, with a gap before all but the first.
fn rows<'a>(lessons: &'a [Arc<Lesson>], matches: &[usize]) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut chapter = None;
    for (place, lesson) in matches.iter().filter_map(|&i| lessons.get(i)).enumerate() {
        // A folder is one chapter whatever the chapter numbers of its files.
        let this = (lesson.folder.as_ref(), if lesson.folder.is_some() { 0 } else { lesson.chapter });
        if chapter != Some(this) {
            if chapter.is_some() {
                rows.push(Row::Gap);
            }
            rows.push(Row::Heading(lesson));
            chapter = Some(this);
        }
        rows.push(Row::Lesson(place, lesson));
    }
    rows
}

impl PickerScreen<'_> {
    fn filter_line(&self) -> Line<'static> {
        let lang = self.lang;
        if self.picker.filter.is_empty() && !self.picker.typing {
            return Line::styled(lang.t("picker.type_to_filter"), self.theme.dim());
        }
        Line::from(vec![
            Span::styled(lang.t("picker.filter"), self.theme.dim()),
            Span::raw(self.picker.filter.clone()),
            Span::styled("▏", self.theme.key()),
        ])
    }

    /// The keys that work here, as many as fit.
    fn keys_line(&self, width: u16) -> Line<'static> {
        let at = Place::Picker { filtering: self.picker.filtering() };
        hints(KEYS.iter().filter(|b| b.offered_on(at)), Look::Dotted, width, self.theme, self.lang)
    }

    /// The rows that fit, scrolled so the selected lesson sits near the middle when they do not.
    fn render_list(&self, rows: &[Row<'_>], selected: usize, area: Rect, buf: &mut Buffer) {
        let lang = self.lang;
        let concept_width = rows
            .iter()
            .filter_map(|r| match r {
                Row::Lesson(_, l) => Some(lang.of(&l.concept).width()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let height = usize::from(area.height);
        let at = rows.iter().position(|r| matches!(r, Row::Lesson(p, _) if *p == selected)).unwrap_or(0);
        let top = if rows.len() <= height { 0 } else { at.saturating_sub(height / 2).min(rows.len() - height) };
        for (y, row) in (area.y..area.bottom()).zip(rows.iter().skip(top)) {
            let line_area = Rect::new(area.x, y, area.width, 1);
            match row {
                Row::Gap => {}
                Row::Heading(first) => Line::styled(heading(first, lang), self.theme.title()).render(line_area, buf),
                Row::Lesson(place, lesson) => {
                    let concept = lang.of(&lesson.concept);
                    let is_selected = *place == selected;
                    let pad = " ".repeat(concept_width.saturating_sub(concept.width()) + 2);
                    let prefix_width = 2 + concept_width + 2;
                    let mark = match self.progress.map(|p| p.tally(lesson)) {
                        Some(t) if t.is_complete() => " ✓".to_string(),
                        Some(t) if t.questions_correct + t.tasks_done > 0 => {
                            format!(" {}/{}", t.questions_correct + t.tasks_done, t.questions + t.tasks)
                        }
                        _ => String::new(),
                    };
                    let room = usize::from(area.width).saturating_sub(prefix_width + mark.width());
                    let line = Line::from(vec![
                        Span::raw(if is_selected { "▸ " } else { "  " }),
                        Span::styled(concept.to_string(), Style::new().add_modifier(Modifier::BOLD)),
                        Span::raw(pad),
                        Span::raw(clip(lang.of(&lesson.title), room)),
                        Span::styled(mark, self.theme.ok()),
                    ]);
                    line.render(line_area, buf);
                    if is_selected {
                        buf.set_style(line_area, self.theme.selected());
                    }
                }
            }
        }
    }

    /// The selected lesson's title and story, wrapped to `width` by display width.
    fn preview(&self, lesson: &Lesson, width: u16) -> Paragraph<'static> {
        let mut lines = wrapped(self.lang.of(&lesson.title), width, self.theme.title());
        let place = match &lesson.folder {
            Some(folder) => format!("{} · {}", folder.display(), lesson.id),
            None => format!("{} · {}", chapter_name(lesson.chapter, self.lang), lesson.id),
        };
        lines.extend(wrapped(&place, width, self.theme.dim()));
        lines.push(Line::raw(""));
        lines.extend(story_lines(self.lang.of(&lesson.story), width, Style::new()));
        Paragraph::new(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small valid lesson (the shape of tests/lessons/valid/minimal.toml).
    fn lesson(
        id: &str,
        chapter: u32,
        order: u32,
        concept: (&str, &str),
        title: (&str, &str),
        story: (&str, &str),
    ) -> Lesson {
        let src = format!(
            r#"format = 1
id = "{id}"
chapter = {chapter}
order = {order}
concept = {{ en = "{}", zh = "{}" }}
title = {{ en = "{}", zh = "{}" }}
story = {{ en = """{}""", zh = """{}""" }}
python = '''
from multiprocessing import Process

def child():
    print("hi")

if __name__ == "__main__":
    p = Process(target=child)
    p.start()
    p.join()
'''

"#,
            concept.0, concept.1, title.0, title.1, story.0, story.1
        );
        crate::lesson::from_str(&src, id).unwrap_or_else(|e| panic!("test lesson {id} is valid: {e:?}"))
    }

    fn catalog() -> Vec<Arc<Lesson>> {
        [
            lesson(
                "join",
                1,
                1,
                ("join", "join"),
                ("Waiting for children", "等子进程结束"),
                ("A parent waits.", "父进程等待。"),
            ),
            lesson(
                "daemon",
                1,
                2,
                ("Daemon", "守护进程"),
                ("Dies with its parent", "随父进程一起结束"),
                ("Daemons die.", "守护进程会被杀掉。"),
            ),
            lesson(
                "lock",
                2,
                1,
                ("Lock", "互斥锁"),
                ("Buying tickets", "抢票"),
                ("Buyers share a file.", "买家共享一个文件。"),
            ),
            lesson(
                "queue",
                3,
                1,
                ("Queue", "队列"),
                ("Producers and consumers", "生产者与消费者"),
                ("Items flow.", "数据在流动。"),
            ),
        ]
        .into_iter()
        .map(Arc::new)
        .collect()
    }

    fn draw(lessons: &[Arc<Lesson>], picker: &Picker, lang: Lang, area: Rect) -> Buffer {
        let theme = Theme::plain();
        let mut buf = Buffer::empty(area);
        (&PickerScreen { lessons, picker, theme: &theme, lang, progress: None }).render(area, &mut buf);
        buf
    }

    use crate::tui::widgets::fixture::rows as lines;

    /// The list side of wide rows (left of the preview's border).
    fn left(rows: &[String]) -> Vec<String> {
        rows.iter().map(|r| r.split('│').next().unwrap_or("").trim_end().to_string()).collect()
    }

    fn find(rows: &[String], text: &str) -> usize {
        rows.iter().position(|r| r.contains(text)).unwrap_or_else(|| panic!("no row with {text:?} in {rows:#?}"))
    }

    #[test]
    fn lessons_are_grouped_under_their_chapters_in_order() {
        let buf = draw(&catalog(), &Picker::default(), Lang::En, Rect::new(0, 0, 120, 20));
        let rows = left(&lines(&buf));
        assert_eq!(rows[0], "forkbook — pick a lesson");
        let order: Vec<usize> = [
            "Chapter 1 · Processes",
            "Waiting for children",
            "Dies with its parent",
            "Chapter 2 · Synchronization",
            "Buying tickets",
            "Chapter 3 · Communication",
            "Producers and consumers",
        ]
        .iter()
        .map(|t| find(&rows, t))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?} in {rows:#?}");
        assert!(rows[find(&rows, "Buying tickets")].starts_with("  Lock    Buying tickets"), "{rows:#?}");
        assert!(rows.last().is_some_and(|r| r.starts_with("↑↓/jk move · Enter open · / filter")), "{rows:#?}");
    }

    #[test]
    fn the_selected_row_is_highlighted() {
        let picker = Picker { filter: String::new(), selected: 2, ..Picker::default() };
        let buf = draw(&catalog(), &picker, Lang::En, Rect::new(0, 0, 120, 20));
        let rows = left(&lines(&buf));
        let y = find(&rows, "Buying tickets") as u16;
        assert!(rows[y as usize].starts_with("▸ Lock"));
        assert!(buf[(0, y)].modifier.contains(Modifier::REVERSED));
        assert!(buf[(30, y)].modifier.contains(Modifier::REVERSED));
        let other = find(&rows, "Waiting for children") as u16;
        assert!(!buf[(0, other)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn the_filter_text_is_shown_and_narrows_the_list() {
        let picker = Picker { filter: "lock".into(), selected: 0, ..Picker::default() };
        let rows = lines(&draw(&catalog(), &picker, Lang::En, Rect::new(0, 0, 120, 20)));
        assert_eq!(rows[1], "/ filter: lock▏");
        assert!(rows.iter().any(|r| r.contains("Buying tickets")));
        assert!(!rows.iter().any(|r| r.contains("Waiting for children") || r.contains("Chapter 1")));

        let empty = rows_of(&Picker::default());
        assert_eq!(empty[1], "/ type to filter");
    }

    fn rows_of(picker: &Picker) -> Vec<String> {
        lines(&draw(&catalog(), picker, Lang::En, Rect::new(0, 0, 120, 20)))
    }

    #[test]
    fn no_match_is_said_plainly() {
        let picker = Picker { filter: "zzz".into(), selected: 0, ..Picker::default() };
        let rows = rows_of(&picker);
        assert!(rows.iter().any(|r| r.contains("No lesson matches “zzz”.")), "{rows:#?}");
        let nothing = lines(&draw(&[], &Picker::default(), Lang::En, Rect::new(0, 0, 60, 10)));
        find(&nothing, "There are no lessons.");
        let zh = rows_zh(&picker, 60);
        assert!(zh.iter().any(|r| r.contains("没有与“zzz”匹配的课程。")), "{zh:#?}");
    }

    fn rows_zh(picker: &Picker, width: u16) -> Vec<String> {
        lines(&draw(&catalog(), picker, Lang::Zh, Rect::new(0, 0, width, 24)))
    }

    #[test]
    fn the_preview_shows_the_selected_lessons_story() {
        let picker = Picker { filter: String::new(), selected: 1, ..Picker::default() };
        let rows = rows_of(&picker);
        let y = find(&rows, "Daemons die.");
        assert!(rows[y].find("Daemons die.") > Some(50), "beside the list: {rows:#?}");
        assert!(!rows.iter().any(|r| r.contains("A parent waits.")));
        // Narrower than 100 columns the preview goes under the list.
        let narrow = lines(&draw(&catalog(), &picker, Lang::En, Rect::new(0, 0, 60, 24)));
        assert!(find(&narrow, "Daemons die.") > find(&narrow, "Producers and consumers"), "{narrow:#?}");
    }

    #[test]
    fn chinese_mode_shows_chinese_titles_chapters_and_story() {
        let picker = Picker { filter: String::new(), selected: 2, ..Picker::default() };
        let rows = rows_zh(&picker, 120);
        assert_eq!(rows[0], "forkbook — 选一课");
        for text in [
            "第 1 章 · 进程",
            "第 2 章 · 同步",
            "等子进程结束",
            "▸ 互斥锁",
            "买家共享一个文件。",
            "l 中文/English · ? 帮助 · q 退出",
        ] {
            find(&rows, text);
        }
        assert!(!rows.iter().any(|r| r.contains("Buying tickets")));
    }

    #[test]
    fn a_long_chinese_story_wraps_by_display_width() {
        let zh = "进程之间数据不共享，但共享同一套文件系统。每个买票的人先从 db.txt 读出余票，\n等一会儿（模拟网络延迟），再把余票减一写回去。";
        let lessons = [Arc::new(lesson("lock", 2, 1, ("Lock", "互斥锁"), ("Tickets", "抢票"), ("Tickets.", zh)))];
        let buf = draw(&lessons, &Picker::default(), Lang::Zh, Rect::new(0, 0, 30, 20));
        let rows = lines(&buf);
        assert!(rows.iter().all(|r| r.width() <= 30), "{rows:#?}");
        let text: String = rows.concat();
        assert!(text.contains("等一会儿"), "{rows:#?}");
        // Full lines: the wrapper breaks between Chinese characters, not only at spaces.
        let first = find(&rows, "进程之间");
        assert!(rows[first].width() >= 28, "{rows:#?}");
    }

    #[test]
    fn a_title_too_long_for_the_list_ends_with_an_ellipsis() {
        let rows = left(&lines(&draw(&catalog(), &Picker::default(), Lang::En, Rect::new(0, 0, 30, 24))));
        assert!(rows.iter().any(|r| r.ends_with("Producers and consu…")), "{rows:#?}");
    }

    #[test]
    fn chapter_names_come_in_both_languages() {
        assert_eq!(chapter_name(4, Lang::En), "Chapter 4 · Pools");
        assert_eq!(chapter_name(4, Lang::Zh), "第 4 章 · 进程池");
        assert_eq!(chapter_name(7, Lang::En), "Chapter 7");
        assert_eq!(chapter_name(7, Lang::Zh), "第 7 章");
    }

    #[test]
    fn the_builtin_catalogue_draws() {
        let lessons: Vec<Arc<Lesson>> =
            crate::lesson::builtin::catalog().expect("built-in lessons load").into_iter().map(Arc::new).collect();
        for lang in [Lang::En, Lang::Zh] {
            let rows = lines(&draw(&lessons, &Picker::default(), lang, Rect::new(0, 0, 80, 80)));
            for l in &lessons {
                find(&rows, lang.of(&l.title).chars().take(8).collect::<String>().as_str());
            }
        }
    }

    #[test]
    fn a_lesson_folder_is_one_chapter_after_the_built_in_ones_headed_by_its_name() {
        let mut lessons = catalog();
        for (chapter, id) in [(1, "mine_b"), (5, "mine_a")] {
            let mut l = lesson(id, chapter, 1, ("Mine", "我的"), (id, id), ("Mine.", "我的。"));
            l.folder = Some(std::path::PathBuf::from("/class/week1"));
            lessons.push(Arc::new(l));
        }
        let picker = Picker { selected: 4, ..Picker::default() };
        let rows = lines(&draw(&lessons, &picker, Lang::En, Rect::new(0, 0, 120, 24)));
        let list = left(&rows);
        let heading = find(&list, "week1");
        assert_eq!(list[heading], "week1");
        assert!(heading > find(&list, "Producers and consumers"), "{list:#?}");
        assert!(find(&list, "mine_b") > heading && find(&list, "mine_a") > heading, "{list:#?}");
        assert_eq!(list.iter().filter(|r| r.contains("week1")).count(), 1, "one heading: {list:#?}");
        find(&rows, "/class/week1 · mine_b");
        // Typing the folder's name finds its lessons.
        assert_eq!(filtered(&lessons, "WEEK1").len(), 2);
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        let lessons = catalog();
        let picker = Picker { filter: "o".into(), selected: 99, ..Picker::default() };
        for lang in [Lang::En, Lang::Zh] {
            for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 5), (5, 2), (10, 6), (99, 3), (100, 4), (100, 40)] {
                draw(&lessons, &picker, lang, Rect::new(0, 0, w, h));
                draw(&[], &Picker::default(), lang, Rect::new(0, 0, w, h));
            }
        }
    }
}
