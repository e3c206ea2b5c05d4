//! One HTML file that plays a recording in a browser, with no server and no network: the
//! timeline (the SVG's, with a cursor that moves), the lanes, objects and output at each
//! event a student would notice, and play, pause, speed, next-event and a slider. The
//! panes' words are computed here from the same fold; the page's script only shows them.

use std::collections::HashMap;
use std::fmt::Write;

use anyhow::Result;
use serde::Serialize;

use super::svg::{WIDTH, esc, legend, timeline};
use super::{Scene, Snapshot, Window, seconds, snapshot};
use crate::headless::{Detail, trace_line};
use crate::record::Recording;
use crate::text::Lang;
use crate::trace::World;

/// One moment the page can show.
#[derive(Serialize)]
struct Frame {
    /// Run time in ns, and its text.
    t: u64,
    time: String,
    /// The event's number in the recording (from 1) and its line in the trace.
    n: usize,
    text: String,
    lanes: usize,
    objects: usize,
    output: usize,
}

#[derive(Serialize)]
struct Data {
    axis: super::Axis,
    frames: Vec<Frame>,
    lanes: Vec<Vec<String>>,
    objects: Vec<Vec<String>>,
    output: Vec<String>,
    words: HashMap<&'static str, String>,
}

/// Keeps each distinct list of lines once; frames point at them.
fn intern(table: &mut Vec<Vec<String>>, seen: &mut HashMap<Vec<String>, usize>, lines: Vec<String>) -> usize {
    if let Some(&i) = seen.get(&lines) {
        return i;
    }
    table.push(lines.clone());
    seen.insert(lines, table.len() - 1);
    table.len() - 1
}

fn data(rec: &Recording, scene: &Scene, lang: Lang) -> Data {
    let (mut lanes, mut objects) = (Vec::new(), Vec::new());
    let (mut seen_lanes, mut seen_objects) = (HashMap::new(), HashMap::new());
    let mut frames = Vec::new();
    let mut world = World::default();
    let last = rec.events.len().saturating_sub(1);
    for (i, ev) in rec.events.iter().enumerate() {
        world.apply(ev);
        let text = trace_line(&world, ev, Detail::Normal, lang);
        if text.is_none() && i != last {
            continue;
        }
        let Snapshot { lanes: l, objects: o, .. } = snapshot(&world, lang);
        frames.push(Frame {
            t: ev.t_ns,
            time: seconds(ev.t_ns),
            n: i + 1,
            text: text.unwrap_or_default(),
            lanes: intern(&mut lanes, &mut seen_lanes, l),
            objects: intern(&mut objects, &mut seen_objects, o),
            output: world.output.len(),
        });
    }
    let output = snapshot(&world, lang).output;
    let keys = [
        ("play", "export.play"),
        ("pause", "export.pause"),
        ("step", "export.step"),
        ("no_objects", "export.no_objects"),
        ("no_output", "export.no_output"),
        ("event", "export.event"),
    ];
    let words = keys.iter().map(|(k, key)| (*k, lang.t(key).to_string())).collect();
    Data { axis: scene.axis.clone(), frames, lanes, objects, output, words }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:16px;color:#111;background:#fff}\
pre{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px;margin:4px 0;white-space:pre-wrap}\
.panes{display:grid;grid-template-columns:1fr 1fr;gap:12px}.pane{border:1px solid #ddd;padding:6px 10px;border-radius:4px}\
.pane h3{margin:0 0 4px 0;font-size:14px}#out{max-height:14em;overflow:auto}\
.controls{display:flex;gap:8px;align-items:center;margin:8px 0}#slider{flex:1}#event{font-family:monospace;font-size:13px}";

const SCRIPT: &str = r#"
const D = JSON.parse(document.getElementById('data').textContent);
const W = D.words;
let i = 0, playing = false, speed = 1, timer = null;
const $ = id => document.getElementById(id);
$('slider').max = D.frames.length - 1;
function xOf(t) {
  const P = D.axis.pieces;
  if (t <= P[0].t0) return P[0].x0;
  for (const p of P) {
    if (t <= p.t1) return p.x0 + (t - p.t0) / Math.max(1, p.t1 - p.t0) * (p.x1 - p.x0);
  }
  return P[P.length - 1].x1;
}
function show() {
  const f = D.frames[i];
  $('slider').value = i;
  $('event').textContent = W.event + ' ' + f.n + '  ' + f.text;
  $('lanes').textContent = D.lanes[f.lanes].join('\n');
  const objs = D.objects[f.objects];
  $('objects').textContent = objs.length ? objs.join('\n') : W.no_objects;
  const out = D.output.slice(0, f.output);
  $('out').textContent = out.length ? out.join('\n') : W.no_output;
  $('out').scrollTop = $('out').scrollHeight;
  const x = xOf(f.t);
  const c = $('cursor');
  c.setAttribute('x1', x.toFixed(1));
  c.setAttribute('x2', x.toFixed(1));
  $('play').textContent = playing ? W.pause : W.play;
}
function tick() {
  timer = null;
  if (!playing) return;
  if (i >= D.frames.length - 1) { playing = false; show(); return; }
  i += 1;
  show();
  const next = D.frames[Math.min(i + 1, D.frames.length - 1)];
  const gap = Math.max(0, next.t - D.frames[i].t) / 1e6 / speed;
  timer = setTimeout(tick, Math.min(gap, 2000));
}
$('play').onclick = () => {
  playing = !playing;
  if (playing && i >= D.frames.length - 1) i = 0;
  if (timer) { clearTimeout(timer); timer = null; }
  if (playing) tick(); else show();
};
$('step').onclick = () => { playing = false; if (i < D.frames.length - 1) i += 1; show(); };
$('slider').oninput = e => { playing = false; i = Number(e.target.value); show(); };
$('speed').onchange = e => { speed = Number(e.target.value); };
// `#end` or `#event=N` opens the page at that moment (a link to one point of the run).
const hash = location.hash.slice(1);
if (hash === 'end') i = D.frames.length - 1;
if (hash.startsWith('event=')) {
  const n = Number(hash.slice(6));
  while (i + 1 < D.frames.length && D.frames[i + 1].n <= n) i += 1;
}
document.addEventListener('keydown', e => {
  if (e.key === ' ') { e.preventDefault(); $('play').click(); }
  if (e.key === 'ArrowRight') { playing = false; i = Math.min(i + 1, D.frames.length - 1); show(); }
  if (e.key === 'ArrowLeft') { playing = false; i = Math.max(i - 1, 0); show(); }
});
show();
"#;

/// The player page of `rec`, worded in `lang`.
pub fn html(rec: &Recording, lang: Lang) -> Result<String> {
    let scene = Scene::new(rec, Window::all(rec.events.len()), lang);
    let data = data(rec, &scene, lang);
    // Inside a script element only `</` could end it early.
    let json = serde_json::to_string(&data)?.replace("</", "<\\/");
    let mut svg = String::new();
    let bottom = timeline(&mut svg, &scene, 4.0, Some("cursor"), lang);
    let height = legend(&mut svg, bottom + 24.0, lang) + 4.0;
    let speeds: String = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]
        .iter()
        .map(|s| format!(r#"<option value="{s}"{}>{s}×</option>"#, if *s == 1.0 { " selected" } else { "" }))
        .collect();
    let mut page = String::new();
    let _ = write!(
        page,
        r##"<!DOCTYPE html>
<html lang="{lang_tag}"><head><meta charset="utf-8"><title>{title}</title><style>{STYLE}</style></head>
<body>
<h2>{title}</h2>
<div>{subtitle}</div>
<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#d0343a"/></marker></defs>{svg}</svg>
<div class="controls"><button id="play">{play}</button><button id="step">{step}</button><label>{speed} <select id="speed">{speeds}</select></label><input id="slider" type="range" min="0" value="0"></div>
<div id="event"></div>
<div class="panes"><div class="pane"><h3>{processes}</h3><pre id="lanes"></pre></div><div class="pane"><h3>{objects}</h3><pre id="objects"></pre></div></div>
<div class="pane"><h3>{output}</h3><pre id="out"></pre></div>
<script type="application/json" id="data">{json}</script>
<script>{SCRIPT}</script>
</body></html>
"##,
        lang_tag = if lang == Lang::Zh { "zh" } else { "en" },
        title = esc(&scene.title),
        subtitle = esc(&scene.subtitle),
        play = esc(lang.t("export.play")),
        step = esc(lang.t("export.step")),
        speed = esc(lang.t("export.speed")),
        processes = esc(lang.t("export.processes")),
        objects = esc(lang.t("export.objects")),
        output = esc(lang.t("export.output")),
    );
    Ok(page)
}
