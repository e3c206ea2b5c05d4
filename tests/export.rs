//! Pictures for slides: the SVG of a recorded deadlock parses as XML and shows the lesson,
//! every process, the cycle, the legend and the snapshot; the HTML player is one file with
//! nothing fetched from anywhere, and its data and timeline are whole.

use std::process::{Command, Output};

#[path = "support/run.rs"]
mod support;

use support::forkbook_in as forkbook;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A recorded run of the deadlock lesson in a new directory.
fn deadlock() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = forkbook(dir.path(), &["run", "deadlock", "--headless", "--speed", "5", "--record", "d.fbrec"]);
    assert!(stderr(&out).contains("recorded"), "{}", stderr(&out));
    dir
}

/// Every text node of the document, joined.
fn texts(doc: &roxmltree::Document) -> String {
    doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_svg_of_a_deadlock_is_well_formed_and_shows_the_cycle() {
    let dir = deadlock();
    let out = forkbook(dir.path(), &["export", "d.fbrec", "--svg", "d.svg"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(dir.path().join("d.svg")).expect("written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let text = texts(&doc);
    for expected in [
        "Two locks taken in opposite orders",
        "MainProcess",
        "MyProcess-1",
        "MyProcess-10",
        "deadlocked: ",
        "deadlock cycle",
        "running",
        "blocked, waiting",
        "acquire",
        "release",
        "Processes",
        "Objects",
        "Lock 'mutexA'",
        "[holds mutexA]",
        "Output",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the SVG's text:\n{text}");
    }
    // The cursor rests where the run stopped moving: every worker still there, not killed.
    assert!(!text.contains("SIGKILL"), "{text}");
    let arrows = doc.descendants().filter(|n| n.attribute("marker-end") == Some("url(#arrow)")).count();
    assert!(arrows >= 2, "a cycle has at least two links, drawn {arrows}");
    assert!(!text.contains('\u{1b}'), "no terminal colours in the picture");
    // Nothing outside the file.
    assert!(!svg.contains("href") && !svg.contains("<script"), "standalone");
}

#[test]
fn a_window_and_a_cursor_choose_what_the_svg_shows() {
    let dir = deadlock();
    let out = forkbook(dir.path(), &["export", "d.fbrec", "--svg", "w.svg", "--from", "1", "--to", "20", "--at", "10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(dir.path().join("w.svg")).expect("written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let text = texts(&doc);
    assert!(text.contains("events 1–20 of") && text.contains("after event 10 of"), "{text}");
    assert!(!text.contains("deadlocked: "), "the end is outside the window:\n{text}");
    for bad in [
        &["--from", "0"][..],
        &["--to", "100000"][..],
        &["--from", "9", "--to", "3"][..],
        &["--at", "30", "--to", "20"][..],
    ] {
        let out = forkbook(dir.path(), &[&["export", "d.fbrec", "--svg", "bad.svg"][..], bad].concat());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains("d.fbrec"), "{}", stderr(&out));
    }
}

#[test]
fn the_html_player_is_one_file_with_its_data_and_timeline_inside() {
    let dir = deadlock();
    let out = forkbook(dir.path(), &["export", "d.fbrec", "--html", "d.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("d.html")).expect("written");
    for external in ["src=", "href=", "http://", "https://", "@import", "url(http"] {
        let at = html.replace("http://www.w3.org/2000/svg", "");
        assert!(!at.contains(external), "the page loads {external}");
    }
    let svg_start = html.find("<svg").expect("an inline timeline");
    let svg_end = html.find("</svg>").expect("closed") + "</svg>".len();
    let doc = roxmltree::Document::parse(&html[svg_start..svg_end]).expect("the timeline is well-formed XML");
    assert!(doc.descendants().any(|n| n.attribute("id") == Some("cursor")), "a cursor the script moves");
    let tag = r#"<script type="application/json" id="data">"#;
    let data_start = html.find(tag).expect("data") + tag.len();
    let data_end = data_start + html[data_start..].find("</script>").expect("closed");
    let data: serde_json::Value = serde_json::from_str(&html[data_start..data_end]).expect("the data is JSON");
    let frames = data["frames"].as_array().expect("frames");
    assert!(frames.len() > 10, "{}", frames.len());
    let last = frames.last().expect("a last frame");
    let lanes = &data["lanes"][last["lanes"].as_u64().expect("index") as usize];
    assert!(lanes.to_string().contains("MyProcess-10"), "{lanes}");
    assert!(data["output"].as_array().is_some_and(|o| !o.is_empty()));
    for id in ["play", "step", "speed", "slider", "lanes", "objects", "out"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "pane or control {id} missing");
    }
}

/// A headless browser on this machine, if there is one.
fn browser() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new("which").arg(b).output().is_ok_and(|o| o.status.success()))
}

#[test]
fn the_html_player_plays_in_a_real_browser_when_there_is_one() {
    let Some(browser) = browser() else {
        eprintln!("no headless browser here: the page was checked by parsing only");
        return;
    };
    let dir = deadlock();
    let out = forkbook(dir.path(), &["export", "d.fbrec", "--html", "d.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let url = format!("file://{}#end", dir.path().join("d.html").display());
    // `timeout` ends the browser should it hang; it leaves nothing running when it ends.
    let dom = Command::new("timeout")
        .args(["60", browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", &url])
        .output()
        .expect("the browser runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    // The script ran: it filled the panes from the data, at the last moment of the run.
    let lanes = dom.split(r#"id="lanes">"#).nth(1).and_then(|s| s.split("</pre>").next()).unwrap_or_default();
    assert!(lanes.contains("MyProcess-10"), "the lanes pane after the script ran: {lanes:?}");
    assert!(dom.contains("拿到"), "the output pane shows what was printed");
    let event = dom.split(r#"id="event">"#).nth(1).and_then(|s| s.split("</div>").next()).unwrap_or_default();
    assert!(event.contains("deadlocked"), "the last event is the end: {event:?}");
}
