//! A pool's tasks and answers framed for their queues without a `Value` tree of the whole
//! chunk: the message is written piece by piece (`frame::Builder`), and the `Put` event gets
//! the item it would have shown, made from the chunk's first calls only. A chunk of 6,250
//! calls is far past what an event carries, so its event shows the reporter's cut text
//! (`report::event_item`), which depends only on its first thousand bytes of text.

use crate::runtime::frame::{self, Builder};
use crate::runtime::{report, ring};
use crate::value::Value;

use super::tasks::Answer;

/// A task or answer ready for its queue: the message, and the item its `Put` event shows.
#[derive(Debug)]
pub struct Framed {
    pub bytes: Vec<u8>,
    pub shown: Value,
}

/// How much text of the chunk's items the shown prefix holds at least: well past the
/// reporter's cut (its first 1,000 bytes), so the cut never reaches the prefix's end.
const SHOWN_TEXT: usize = 2048;

/// What the `Put` event of `[head..., [items...]]` shows, that value taking `binary_len`
/// bytes in the ring's compact form (`Builder::binary_len`): the value itself while an
/// event can carry it, else `report::event_item`'s cut text of it, made from the first
/// items only.
pub fn shown(head: Vec<Value>, items: impl Iterator<Item = Value>, binary_len: usize) -> Value {
    let whole = |head: Vec<Value>, items: Vec<Value>| {
        let mut parts = head;
        parts.push(Value::List(items));
        Value::List(parts)
    };
    if binary_len <= ring::MAX_PAYLOAD {
        return whole(head, items.collect());
    }
    let mut prefix = Vec::new();
    let mut text = 0;
    let mut items = items.peekable();
    while text <= SHOWN_TEXT {
        let Some(item) = items.next() else { break };
        text += text_at_least(&item) + 2;
        prefix.push(item);
    }
    if items.peek().is_none() {
        return report::event_item(&whole(head, prefix));
    }
    // The whole chunk would be refused and cut; its cut text is the prefix's.
    report::cut_item(&whole(head, prefix))
}

/// A lower bound of the bytes `v`'s text takes (its repr), counted without making it.
fn text_at_least(v: &Value) -> usize {
    let items = |n: usize, sum: usize| 2 + sum + 2 * n.saturating_sub(1);
    match v {
        Value::None | Value::Bool(_) => 4,
        Value::Int(i) => i.unsigned_abs().checked_ilog10().map_or(1, |d| d as usize + 1) + usize::from(*i < 0),
        Value::Float(_) => 3,
        // Each char takes at least one byte of text, and at most four of the string.
        Value::Str(s) => 2 + s.len() / 4,
        // `b''` and at least a character a byte.
        Value::Bytes(b) => 3 + b.len(),
        // `<__main__.Job object>` or `Empty()`: the class's last name and two more at least.
        Value::Instance(instance) => 2 + instance.class.rsplit('.').next().map_or(0, str::len),
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) => items(xs.len(), xs.iter().map(text_at_least).sum()),
        Value::Dict(kvs) => items(kvs.len(), kvs.iter().map(|(k, v)| text_at_least(k) + 2 + text_at_least(v)).sum()),
    }
}

/// Frames an answer: a chunk's plain values piece by piece, anything else (an error, a
/// value holding lists or dicts) as one `Value`.
pub fn answer(answer: Answer) -> Framed {
    let Answer { job, chunk, outcome } = answer;
    match outcome {
        Ok(values) if values.iter().all(is_plain) => {
            let head = vec![Value::Int(job), Value::Int(chunk as i64), Value::Bool(true)];
            let mut b = Builder::with_capacity(64 + 9 * values.len());
            b.list(head.len() + 1);
            for v in &head {
                b.plain(v);
            }
            b.list(values.len());
            for v in &values {
                match v {
                    Value::Int(i) => b.int(*i),
                    other => {
                        b.plain(other);
                    }
                }
            }
            let binary_len = b.binary_len();
            Framed { bytes: b.finish(), shown: shown(head, values.iter().cloned(), binary_len) }
        }
        outcome => {
            let value = Answer { job, chunk, outcome }.into_value();
            Framed { bytes: frame::encode(&value), shown: value }
        }
    }
}

/// Whether `v` is no list, tuple or dict (what `Builder::plain` writes).
fn is_plain(v: &Value) -> bool {
    !matches!(v, Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::Instance(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer_of(values: Vec<Value>) -> Answer {
        Answer { job: 2, chunk: 5, outcome: Ok(values) }
    }

    #[test]
    fn a_framed_answer_is_the_message_and_the_event_item_of_the_whole_value() {
        let chunks = [
            (0..6250).map(|i| Value::Int(i * i)).collect::<Vec<_>>(),
            (0..3).map(Value::Int).collect(),
            (0..9000).map(|i| Value::Str(format!("it's {i}"))).collect(),
            (0..5000).map(|i| if i % 2 == 0 { Value::Float(i as f64 / 3.0) } else { Value::None }).collect(),
            vec![Value::Str("x".repeat(40_000))],
            (0..3000).map(|i| Value::Tuple(vec![Value::Int(i)])).collect(),
        ];
        for values in chunks {
            let whole = answer_of(values.clone()).into_value();
            let framed = answer(answer_of(values));
            assert!(framed.bytes == frame::encode(&whole), "the message of {} values", whole.repr().len());
            // What the event carries once the reporter has cut what it must.
            let carried = report::event_item(&framed.shown);
            assert!(carried == report::event_item(&whole), "{}", carried.repr().chars().take(200).collect::<String>());
        }
        let failed = Answer { job: 1, chunk: 0, outcome: Err(Value::Str("boom".into())) };
        let framed = answer(failed.clone());
        assert_eq!((framed.bytes, framed.shown), (frame::encode(&failed.encode()), failed.encode()));
    }

    #[test]
    fn the_text_counted_for_a_value_is_never_more_than_its_repr() {
        let values = [
            Value::Int(0),
            Value::Int(-10),
            Value::Int(i64::MIN),
            Value::Int(999),
            Value::Float(-0.5),
            Value::Str("a\n包子\u{0}".into()),
            Value::Tuple(vec![Value::None]),
            Value::List(vec![Value::Bool(false), Value::Tuple(vec![]), Value::Str(String::new())]),
            Value::Dict(vec![(Value::Int(1), Value::Str("x".into()))]),
        ];
        for v in values {
            assert!(text_at_least(&v) <= v.repr().len(), "{}: {}", v.repr(), text_at_least(&v));
        }
        assert_eq!(text_at_least(&Value::Int(-123)), 4);
    }

    #[test]
    fn a_chunk_too_large_for_an_event_shows_the_cut_text_of_its_beginning() {
        let values: Vec<Value> = (0..6250).map(Value::Int).collect();
        let Value::Str(text) = answer(answer_of(values)).shown else { panic!("a cut text") };
        assert!(text.starts_with("[2, 5, True, [0, 1, 2, 3"), "{text}");
        assert!(text.len() < 1100, "{}", text.len());
    }
}
