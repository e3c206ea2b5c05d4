//! Message framing for queues and pipes, as CPython's `Connection`: a 4-byte big-endian
//! length, then the payload (here the value instead of a pickle: a 0 byte and the ring's
//! compact binary form, or, for a value nested too deep for that, its JSON). The binary form
//! needs no parsing: a chunk of 6,250 pool tasks is read without trying each JSON shape.
//! A `Builder` writes a message piece by piece, so a pool's chunk is framed straight from the
//! program's objects instead of from a `Value` tree made for it first.

use std::os::fd::RawFd;

use super::{ring, sys};
use crate::value::Value;

/// Encodes one message.
pub fn encode(item: &Value) -> Vec<u8> {
    let mut out = vec![0u8; 5];
    if !ring::encode_value(item, &mut out) {
        out.truncate(4);
        out.extend(serde_json::to_vec(item).unwrap_or_else(|_| b"null".to_vec()));
    }
    let len = (out.len() - 4) as u32;
    out[..4].copy_from_slice(&len.to_be_bytes());
    out
}

/// The compact form's tags (`ring::codec`): an int (8 bytes follow), a str (its length
/// and bytes follow), a list (its length follows).
const INT: u8 = 2;
const STR: u8 = 4;
const LIST: u8 = 5;

/// One message written piece by piece: lists of known length and the plain values in them
/// (no container: its depth would count toward the binary form's limit from where it sits, so a
/// caller with containers frames the whole value with `encode`). The bytes are those `encode`
/// writes for the value the pieces make.
pub struct Builder {
    out: Vec<u8>,
}

impl Builder {
    /// An empty message.
    pub fn new() -> Builder {
        Builder::with_capacity(0)
    }

    /// A builder with room for about `bytes` bytes of message.
    pub fn with_capacity(bytes: usize) -> Builder {
        let mut out = Vec::with_capacity(5 + bytes);
        out.resize(5, 0);
        Builder { out }
    }

    /// Begins a list of `len` items, which the next pieces write.
    pub fn list(&mut self, len: usize) {
        self.out.push(LIST);
        self.out.extend_from_slice(&(len as u32).to_le_bytes());
    }

    /// Writes an int (as `plain` would).
    pub fn int(&mut self, i: i64) {
        self.out.push(INT);
        self.out.extend_from_slice(&i.to_le_bytes());
    }

    /// Writes a str (as `plain` would), without making a `Value` of it.
    pub fn str(&mut self, s: &str) {
        self.out.push(STR);
        self.out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Writes one plain value; false (writing nothing) for a list, tuple, dict or set.
    pub fn plain(&mut self, v: &Value) -> bool {
        if matches!(v, Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::Instance(_)) {
            return false;
        }
        ring::encode_value(v, &mut self.out)
    }

    /// The bytes the value takes in the compact form so far (what the ring's records count).
    pub fn binary_len(&self) -> usize {
        self.out.len() - 5
    }

    /// The finished message.
    pub fn finish(mut self) -> Vec<u8> {
        let len = (self.out.len() - 4) as u32;
        self.out[..4].copy_from_slice(&len.to_be_bytes());
        self.out
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

/// Reads one message; `Ok(None)` at end of file (every writer closed).
pub fn read(fd: RawFd) -> std::io::Result<Option<Value>> {
    let mut len = [0u8; 4];
    if !sys::read_exact(fd, &mut len)? {
        return Ok(None);
    }
    let mut payload = vec![0u8; u32::from_be_bytes(len) as usize];
    if !sys::read_exact(fd, &mut payload)? {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "torn frame"));
    }
    if let Some((0, binary)) = payload.split_first() {
        return ring::decode_value(binary)
            .map(Some)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "a message could not be read"));
    }
    serde_json::from_slice(&payload).map(Some).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Takes every complete message currently buffered in `fd` without blocking (for audits).
pub fn drain(fd: RawFd) -> Vec<Value> {
    let mut items = Vec::new();
    while sys::unread_bytes(fd).is_ok_and(|n| n >= 4) {
        match read(fd) {
            Ok(Some(v)) => items.push(v),
            _ => break,
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsRawFd;

    #[test]
    fn frames_round_trip_through_a_real_pipe_in_order() {
        let (r, w) = sys::pipe().expect("pipe");
        for v in [Value::Int(1), Value::Str("包子0".into()), Value::None] {
            sys::write_all(w.as_raw_fd(), &encode(&v)).expect("write");
        }
        assert_eq!(drain(r.as_raw_fd()), vec![Value::Int(1), Value::Str("包子0".into()), Value::None]);
        drop(w);
        assert_eq!(read(r.as_raw_fd()).expect("eof is not an error"), None);
    }

    #[test]
    fn a_message_built_piece_by_piece_is_the_one_encode_writes() {
        let mut b = Builder::new();
        b.list(4);
        b.int(7);
        b.str("包子");
        b.list(4);
        for v in [Value::None, Value::Bool(true), Value::Float(0.5), Value::Str(String::new())] {
            assert!(b.plain(&v));
        }
        assert!(!b.plain(&Value::Tuple(vec![])), "a container is left to `encode`");
        b.int(-3);
        let value = Value::List(vec![
            Value::Int(7),
            Value::Str("包子".into()),
            Value::List(vec![Value::None, Value::Bool(true), Value::Float(0.5), Value::Str(String::new())]),
            Value::Int(-3),
        ]);
        let whole = encode(&value);
        assert_eq!(b.binary_len(), whole.len() - 5);
        assert_eq!(b.finish(), whole);
    }

    #[test]
    fn every_kind_of_value_and_one_nested_too_deep_for_the_binary_form_round_trip() {
        // At the bottom of a nesting too deep for the binary form: a set and bytes, in their
        // JSON form.
        let mut deep = Value::Set(vec![Value::Int(7), Value::Str("x".into()), Value::Bytes(b"b".to_vec())]);
        for _ in 0..100 {
            deep = Value::List(vec![deep]);
        }
        let values = [
            Value::Tuple(vec![Value::Float(f64::NAN), Value::Bool(true), Value::Int(i64::MIN)]),
            Value::Dict(vec![(Value::Tuple(vec![Value::Int(1)]), Value::List(vec![Value::Str("x".into())]))]),
            Value::List((0..6250).map(|i| Value::List(vec![Value::Int(i)])).collect()),
            Value::List(vec![Value::Set(vec![Value::Int(2), Value::Int(1)]), Value::Set(Vec::new())]),
            Value::Tuple(vec![Value::Bytes(b"\x00\xff raw".to_vec()), Value::Bytes(Vec::new())]),
            deep,
        ];
        let (r, w) = sys::pipe().expect("pipe");
        let writer = {
            let values = values.clone();
            let fd = w.as_raw_fd();
            std::thread::spawn(move || {
                for v in &values {
                    sys::write_all(fd, &encode(v)).expect("write");
                }
            })
        };
        for v in &values {
            assert_eq!(read(r.as_raw_fd()).expect("read").as_ref(), Some(v));
        }
        writer.join().expect("writer");
    }
}
