//! A deadlock or stall in the student's words, for the trace, the summary and the screen:
//! `Process-1 holds fork0 and waits for fork1, held by Process-2, which waits for fork0, held
//! by Process-1`. Object names are shown bare, as the lesson's program names them.

use crate::event::{ObjectKind, WaitLink, WaitOp};
use crate::text::Lang;

/// What the link's process waits for, when the next process of a cycle is the one to give it.
fn wait_in_cycle(link: &WaitLink, giver: &str, lang: Lang) -> String {
    match link.op {
        WaitOp::Join => lang.t_with("deadlock.waits_to_join", &[("child", &link.object)]),
        _ => lang.t_with("deadlock.waits_held_by", &[("object", &link.object), ("holder", &giver)]),
    }
}

/// A wait with nobody named to end it.
fn wait_alone(link: &WaitLink, lang: Lang) -> String {
    let key = match link.op {
        WaitOp::Join => return lang.t_with("deadlock.waits_to_join", &[("child", &link.object)]),
        WaitOp::Acquire | WaitOp::Serve => "deadlock.waits_for",
        WaitOp::Get => "deadlock.waits_to_get",
        WaitOp::Put => "deadlock.waits_to_put",
        WaitOp::Feed => "deadlock.waits_to_feed",
        WaitOp::Wait => match link.kind {
            Some(ObjectKind::Condition) => "deadlock.waits_notify",
            Some(ObjectKind::Barrier) => "deadlock.waits_barrier",
            _ => "deadlock.waits_to_be_set",
        },
        WaitOp::QueueJoin => "deadlock.waits_all_done",
        WaitOp::Recv => "deadlock.waits_to_receive",
    };
    lang.t_with(key, &[("object", &link.object)])
}

/// A cycle in one sentence, from its first process round to the first again. The opening
/// names what the first process holds: the object the last link waits for (unless that is a
/// join, which waits for no object). A process waiting for a Lock it holds itself is said so.
pub fn cycle_text(cycle: &[WaitLink], lang: Lang) -> String {
    let Some(first) = cycle.first() else {
        return String::new();
    };
    if let [only] = cycle
        && only.op != WaitOp::Join
    {
        return lang.t_with("deadlock.holds_and_waits_again", &[("process", &only.name), ("object", &only.object)]);
    }
    let giver = |i: usize| cycle[(i + 1) % cycle.len()].name.as_str();
    let mut text = match cycle.last() {
        Some(last) if last.op != WaitOp::Join => lang.t_with(
            "deadlock.holds_and",
            &[("process", &first.name), ("held", &last.object), ("wait", &wait_in_cycle(first, giver(0), lang))],
        ),
        _ => lang
            .t_with("deadlock.who_waits", &[("process", &first.name), ("wait", &wait_in_cycle(first, giver(0), lang))]),
    };
    for (i, link) in cycle.iter().enumerate().skip(1) {
        text.push_str(&lang.t_with("deadlock.which", &[("wait", &wait_in_cycle(link, giver(i), lang))]));
    }
    text
}

/// Who waits on what in a stall: `Process-1 waits to get from q; MainProcess waits to join
/// Process-1`.
pub fn stall_text(waits: &[WaitLink], lang: Lang) -> String {
    let parts: Vec<String> = waits
        .iter()
        .map(|w| lang.t_with("deadlock.who_waits", &[("process", &w.name), ("wait", &wait_alone(w, lang))]))
        .collect();
    parts.join(lang.t("deadlock.between"))
}
