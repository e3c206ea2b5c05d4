//! The SVG picture of a `Scene`: a title, the timeline with its time axis, marks, cursor and
//! deadlock cycle, a legend, and the lanes, objects and output at the cursor. Standalone
//! (no scripts, no external fonts or images), so it shows in a browser and in slides.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use super::{Mark, Scene, Window, seconds};
use crate::record::Recording;
use crate::text::Lang;
use crate::trace::{Phase, describe};

pub(super) const WIDTH: f64 = 1200.0;
const LABEL_X: f64 = 20.0;
pub(super) const PLOT_X: f64 = 200.0;
pub(super) const PLOT_W: f64 = 820.0;
const ROW_H: f64 = 28.0;
const BAR_H: f64 = 14.0;
const FONT: &str = "DejaVu Sans Mono, Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace";
/// Characters of a 12px monospace line in a half-width column.
const COLUMN_CHARS: usize = 80;

/// The fill of a phase on the timeline.
pub(super) fn colour(phase: Phase) -> &'static str {
    match phase {
        Phase::Running => "#2e9e44",
        Phase::Held => "#d4a017",
        Phase::Sleeping => "#4a7bd0",
        Phase::Blocked => "#d0343a",
        Phase::Zombie => "#a05ac8",
        Phase::Exited => "#b0b0b0",
        Phase::Failed => "#5a1d1d",
    }
}

/// Text made safe inside XML.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Terminal colour codes a lesson prints (`\x1b[41m`) are no text of a picture.
    for c in super::plain(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `cols` terminal columns, with `…` when cut.
fn fit(text: &str, cols: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > cols.saturating_sub(1) {
            out.push('…');
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// A mark's shape centred at (x, y), with a tooltip.
fn mark_shape(out: &mut String, mark: Mark, x: f64, y: f64, tip: &str) {
    let title = format!("<title>{}</title>", esc(tip));
    let _ = match mark {
        Mark::Acquire => {
            write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="4.5" fill="#111" stroke="#fff" stroke-width="1">{title}</circle>"##
            )
        }
        Mark::Release => write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#fff" stroke="#111" stroke-width="1.6">{title}</circle>"##
        ),
        Mark::Put => write!(
            out,
            r##"<path d="M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="#e67e22" stroke="#fff" stroke-width="0.8">{title}</path>"##,
            x - 5.0,
            y + 4.0,
            x + 5.0,
            y + 4.0,
            x,
            y - 5.0
        ),
        Mark::Get => write!(
            out,
            r##"<path d="M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="#8e44ad" stroke="#fff" stroke-width="0.8">{title}</path>"##,
            x - 5.0,
            y - 4.0,
            x + 5.0,
            y - 4.0,
            x,
            y + 5.0
        ),
        Mark::Print => write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="#1f6f8b" stroke="#fff" stroke-width="0.8">{title}</rect>"##,
            x - 3.5,
            y - 3.5
        ),
        Mark::Exit => write!(
            out,
            r##"<path d="M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}" stroke="#111" stroke-width="2">{title}</path>"##,
            x - 4.0,
            y - 4.0,
            x + 4.0,
            y + 4.0,
            x - 4.0,
            y + 4.0,
            x + 4.0,
            y - 4.0
        ),
    };
}

/// A tick step of 1, 2 or 5 × 10^k ns giving at most 10 ticks over `span`.
fn tick_step(span: u64) -> u64 {
    let mut step = 1_000u64;
    loop {
        for m in [1, 2, 5] {
            if span / (step * m) <= 10 {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// The timeline of `scene` drawn from `top`: axis, rows, marks, cursor, deadlock cycle; with
/// the cursor line given `cursor_id` (the HTML player moves it). Returns the y below it.
pub(super) fn timeline(out: &mut String, scene: &Scene, top: f64, cursor_id: Option<&str>, lang: Lang) -> f64 {
    let x = |t: u64| scene.axis.x(t);
    let rows_top = top + 18.0;
    let rows_bottom = rows_top + ROW_H * scene.rows.len() as f64;
    // The axis: ticks and their times, and a break where a quiet stretch was squeezed.
    let step = tick_step(scene.axis.shown_ns());
    let mut last_label = f64::MIN;
    for piece in &scene.axis.pieces {
        if piece.gap {
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#fff" opacity="0.55"/><path d="M{:.1} {:.1} l4 -5 l4 10 l4 -10 l4 10 l4 -5" fill="none" stroke="#666"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#666" text-anchor="middle"><title>{}</title>+{}</text>"##,
                piece.x0,
                rows_top - 2.0,
                piece.x1 - piece.x0,
                rows_bottom - rows_top + 2.0,
                (piece.x0 + piece.x1) / 2.0 - 10.0,
                rows_top - 4.0,
                (piece.x0 + piece.x1) / 2.0,
                top + 8.0,
                esc(&format!("{} – {}", seconds(piece.t0), seconds(piece.t1))),
                seconds(piece.t1 - piece.t0)
            );
            last_label = (piece.x0 + piece.x1) / 2.0 + 20.0;
            continue;
        }
        let mut t = piece.t0.div_ceil(step) * step;
        while t <= piece.t1 {
            let tx = x(t);
            let _ = write!(
                out,
                r##"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{rows_bottom:.1}" stroke="#e4e4e4"/>"##,
                rows_top - 4.0
            );
            if tx - last_label > 52.0 {
                let _ = write!(
                    out,
                    r##"<text x="{tx:.1}" y="{:.1}" font-size="11" fill="#666" text-anchor="middle">{}</text>"##,
                    top + 8.0,
                    seconds(t)
                );
                last_label = tx;
            }
            t += step;
        }
    }
    for (i, row) in scene.rows.iter().enumerate() {
        let y = rows_top + ROW_H * i as f64;
        let mid = y + ROW_H / 2.0;
        if i % 2 == 1 {
            let _ = write!(
                out,
                r##"<rect x="{LABEL_X}" y="{y:.1}" width="{:.1}" height="{ROW_H}" fill="#f6f6f6"/>"##,
                PLOT_X + PLOT_W - LABEL_X
            );
        }
        let indent = "  ".repeat(row.depth);
        let _ = write!(
            out,
            r##"<text x="{LABEL_X}" y="{:.1}" font-size="12" fill="#111" xml:space="preserve">{}<tspan fill="#888"> {}</tspan></text>"##,
            mid + 4.0,
            esc(&format!("{indent}{}", fit(&row.name, 16))),
            row.pid
        );
        for (s, e, phase) in &row.spans {
            let (sx, ex) = (x(*s), x(*e).max(x(*s) + 1.0));
            let tip = describe::phase(*phase, lang);
            let _ = match phase {
                Phase::Exited | Phase::Failed => write!(
                    out,
                    r##"<rect x="{sx:.1}" y="{:.1}" width="{:.1}" height="2" fill="{}"><title>{}</title></rect>"##,
                    mid - 1.0,
                    ex - sx,
                    colour(*phase),
                    esc(tip)
                ),
                _ => write!(
                    out,
                    r##"<rect x="{sx:.1}" y="{:.1}" width="{:.1}" height="{BAR_H}" fill="{}"><title>{}</title></rect>"##,
                    mid - BAR_H / 2.0,
                    ex - sx,
                    colour(*phase),
                    esc(tip)
                ),
            };
        }
    }
    // Marks sit on their row's bar; a few per row also name their object.
    for (t, row, mark, what) in &scene.marks {
        let mid = rows_top + ROW_H * *row as f64 + ROW_H / 2.0;
        mark_shape(out, *mark, x(*t), mid, &format!("{} {}", lang.t(mark.key()), what));
    }
    // A few acquires per row also name their lock; ones close together share a label.
    let labelled = |row: usize| {
        scene.marks.iter().filter(|(_, r, m, _)| *r == row && matches!(m, Mark::Acquire | Mark::Release)).count() <= 6
    };
    let mut labels: Vec<(usize, f64, String)> = Vec::new();
    for (t, row, mark, what) in &scene.marks {
        if *mark != Mark::Acquire || !labelled(*row) {
            continue;
        }
        match labels.iter_mut().rev().find(|(r, _, _)| r == row) {
            Some((_, lx, text)) if x(*t) - *lx < 60.0 => {
                text.push_str(", ");
                text.push_str(what);
            }
            _ => labels.push((*row, x(*t), what.clone())),
        }
    }
    for (row, lx, text) in labels {
        let mid = rows_top + ROW_H * row as f64 + ROW_H / 2.0;
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#111">{}</text>"##,
            lx + 3.0,
            mid - 9.0,
            esc(&fit(&text, 24))
        );
    }
    // The deadlock cycle: from each waiting row to the row holding what it waits for.
    let n = scene.cycle.len();
    for (k, (row, object)) in scene.cycle.iter().enumerate() {
        let next = scene.cycle[(k + 1) % n].0;
        let (ya, yb) = (rows_top + ROW_H * (*row as f64 + 0.5), rows_top + ROW_H * (next as f64 + 0.5));
        let x0 = PLOT_X + PLOT_W + 6.0;
        let bulge = x0 + 30.0 + 44.0 * k as f64;
        // The label sits at the arc's outermost point (3/4 of the way to its control points).
        let apex = x0 + 0.75 * (bulge - x0);
        let _ = write!(
            out,
            r##"<path d="M{x0:.1} {ya:.1} C{bulge:.1} {ya:.1} {bulge:.1} {yb:.1} {x0:.1} {yb:.1}" fill="none" stroke="#d0343a" stroke-width="2.2" marker-end="url(#arrow)"><title>{}</title></path><text x="{:.1}" y="{:.1}" font-size="11" fill="#d0343a" font-weight="bold">{}</text>"##,
            esc(&format!("{} → {object}", lang.t("export.deadlock"))),
            apex + 3.0,
            (ya + yb) / 2.0 + 4.0 + 12.0 * (k as f64 - (n as f64 - 1.0) / 2.0),
            esc(&fit(object, 10))
        );
    }
    if n > 0 {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#d0343a" font-weight="bold">{}</text>"##,
            PLOT_X + PLOT_W + 6.0,
            rows_top - 4.0,
            esc(lang.t("export.deadlock"))
        );
    }
    let cx = x(scene.cursor_t);
    let id = cursor_id.map_or_else(String::new, |id| format!(r#" id="{id}""#));
    let _ = write!(
        out,
        r##"<line{id} x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{rows_bottom:.1}" stroke="#111" stroke-width="1.4" stroke-dasharray="4 3"/>"##,
        rows_top - 2.0
    );
    rows_bottom
}

/// The legend: the phases' colours and the marks' shapes, on one line from `y`.
pub(super) fn legend(out: &mut String, y: f64, lang: Lang) -> f64 {
    let mut x = LABEL_X;
    for phase in Phase::ALL {
        let name = describe::phase(phase, lang);
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{:.1}" width="14" height="10" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#333">{}</text>"##,
            y - 9.0,
            colour(phase),
            x + 18.0,
            y,
            esc(name)
        );
        x += 26.0 + 7.0 * name.chars().map(|c| c.width().unwrap_or(1)).sum::<usize>() as f64;
    }
    let y2 = y + 20.0;
    let mut x = LABEL_X + 6.0;
    for mark in Mark::ALL {
        let name = lang.t(mark.key());
        mark_shape(out, mark, x, y2 - 4.0, name);
        let _ =
            write!(out, r##"<text x="{:.1}" y="{y2:.1}" font-size="11" fill="#333">{}</text>"##, x + 10.0, esc(name));
        x += 26.0 + 7.0 * name.chars().map(|c| c.width().unwrap_or(1)).sum::<usize>() as f64;
    }
    y2 + 8.0
}

/// A titled block of monospace lines from (x, y); returns the y below it.
fn block(out: &mut String, x: f64, y: f64, title: &str, lines: &[String], empty: &str) -> f64 {
    let _ = write!(
        out,
        r##"<text x="{x:.1}" y="{y:.1}" font-size="13" font-weight="bold" fill="#111">{}</text>"##,
        esc(title)
    );
    let mut y = y + 18.0;
    if lines.is_empty() {
        let _ = write!(out, r##"<text x="{x:.1}" y="{y:.1}" font-size="12" fill="#888">{}</text>"##, esc(empty));
        return y + 16.0;
    }
    for line in lines {
        let _ = write!(
            out,
            r##"<text x="{x:.1}" y="{y:.1}" font-size="12" fill="#222" xml:space="preserve">{}</text>"##,
            esc(&fit(line, COLUMN_CHARS))
        );
        y += 16.0;
    }
    y
}

/// The whole picture of `rec` in `window`, worded in `lang`.
pub fn svg(rec: &Recording, window: Window, lang: Lang) -> String {
    let scene = Scene::new(rec, window, lang);
    let mut body = String::new();
    let _ = write!(
        body,
        r##"<text x="{LABEL_X}" y="30" font-size="19" font-weight="bold" fill="#111">{}</text><text x="{LABEL_X}" y="50" font-size="12" fill="#555">{}</text><text x="{:.1}" y="50" font-size="12" fill="#555" text-anchor="end">{}</text>"##,
        esc(&scene.title),
        esc(&scene.subtitle),
        PLOT_X + PLOT_W,
        esc(&scene.window_text)
    );
    let mut y = timeline(&mut body, &scene, 62.0, None, lang) + 22.0;
    if let Some(ending) = &scene.ending {
        let fill = if scene.cycle.is_empty() { "#333" } else { "#d0343a" };
        let _ = write!(
            body,
            r##"<text x="{LABEL_X}" y="{y:.1}" font-size="13" font-weight="bold" fill="{fill}">{}</text>"##,
            esc(&fit(ending, 150))
        );
        y += 24.0;
    }
    y = legend(&mut body, y, lang) + 16.0;
    let _ = write!(
        body,
        r##"<line x1="{LABEL_X}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ccc"/><text x="{LABEL_X}" y="{:.1}" font-size="12" fill="#555">{} {}</text>"##,
        y - 14.0,
        WIDTH - LABEL_X,
        y - 14.0,
        y + 2.0,
        esc(lang.t("export.cursor")),
        esc(&scene.cursor_text)
    );
    y += 26.0;
    let snap = &scene.snapshot;
    let left = block(&mut body, LABEL_X, y, lang.t("export.processes"), &snap.lanes, "");
    let right =
        block(&mut body, WIDTH / 2.0 + 10.0, y, lang.t("export.objects"), &snap.objects, lang.t("export.no_objects"));
    let tail: Vec<String> = snap.output.iter().rev().take(8).rev().cloned().collect();
    let bottom =
        block(&mut body, LABEL_X, left.max(right) + 12.0, lang.t("export.output"), &tail, lang.t("export.no_output"));
    let height = bottom + 10.0;
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="{FONT}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#d0343a"/></marker></defs>
<rect width="100%" height="100%" fill="#fff"/>
{body}
</svg>
"##
    )
}
