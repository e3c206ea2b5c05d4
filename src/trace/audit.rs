//! Checking the fold against reality: at the end of a run the runner reads each real object
//! (`Audited` events), and `World::audit_mismatches` compares that with what the fold shows.
//! An empty list means what the student saw is what the kernel objects really held.

use crate::event::Audit;
use crate::value::Value;

use super::objects::{Obj, ObjState};
use super::world::World;

impl World {
    /// Every difference between an audit and the folded object, one sentence each.
    pub fn audit_mismatches(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, audit) in &self.audits {
            match self.object(name) {
                Some(obj) => out.extend(compare(obj, audit)),
                None => out.push(format!("'{name}': audited, but no such object was created")),
            }
        }
        out
    }
}

fn reprs<'a>(items: impl IntoIterator<Item = &'a Value>) -> String {
    let inner: Vec<String> = items.into_iter().map(Value::repr).collect();
    format!("[{}]", inner.join(", "))
}

/// The differences between one object and its audit.
fn compare(obj: &Obj, audit: &Audit) -> Vec<String> {
    let label = obj.label();
    let differs = |what: &str, shown: String, real: String| format!("{label}: {what} shown {shown}, real {real}");
    let mut out = Vec::new();
    match (&obj.state, audit) {
        (ObjState::Lock { owner, .. }, Audit::Semaphore { value }) => {
            let shown = if owner.is_some() { 0 } else { 1 };
            if shown != *value {
                out.push(differs("value", shown.to_string(), value.to_string()));
            }
        }
        (ObjState::Semaphore { value: shown, .. }, Audit::Semaphore { value }) if shown != value => {
            out.push(differs("value", shown.to_string(), value.to_string()));
        }
        (ObjState::Event { set: shown, .. }, Audit::Event { set }) if shown != set => {
            out.push(differs("flag", shown.to_string(), set.to_string()));
        }
        (ObjState::Queue { items: shown, unfinished: shown_unfinished, .. }, Audit::Queue { items, unfinished }) => {
            if !shown.iter().eq(items.iter()) {
                out.push(differs("items", reprs(shown), reprs(items)));
            }
            if shown_unfinished != unfinished {
                out.push(differs("unfinished", format!("{shown_unfinished:?}"), format!("{unfinished:?}")));
            }
        }
        (ObjState::Pipe { outbox, .. }, Audit::Pipe { to_first, to_second }) => {
            let shown: Vec<&Value> = outbox.values().flatten().collect();
            let real: Vec<&Value> = to_first.iter().chain(to_second).collect();
            if !same_multiset(&shown, &real) {
                out.push(differs("messages in flight", reprs(shown), reprs(real)));
            }
        }
        (ObjState::Value { value: shown }, Audit::Value { value }) if shown != value => {
            out.push(differs("value", shown.to_string(), value.to_string()));
        }
        (ObjState::File { content: shown, cut }, Audit::File { content }) => {
            let same = if *cut { content.starts_with(shown.as_str()) } else { shown == content };
            if !same {
                out.push(differs("content", format!("{shown:?}"), format!("{content:?}")));
            }
        }
        (ObjState::Semaphore { .. }, Audit::Semaphore { .. })
        | (ObjState::Event { .. }, Audit::Event { .. })
        | (ObjState::Value { .. }, Audit::Value { .. }) => {}
        (_, other) => out.push(format!("{label}: audited as a different kind of object ({other:?})")),
    }
    out
}

/// Equal as multisets (`Value` has no order or hash, and pipes hold few messages).
fn same_multiset(a: &[&Value], b: &[&Value]) -> bool {
    let mut rest: Vec<&Value> = b.to_vec();
    a.len() == b.len()
        && a.iter().all(|x| match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.swap_remove(i);
                true
            }
            None => false,
        })
}
