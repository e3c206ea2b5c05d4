//! Message framing for queues and pipes, as CPython's `Connection`: a 4-byte big-endian
//! length, then the payload (here the value instead of a pickle: a 0 byte and the ring's
//! compact binary form, or, for a value nested too deep for that, its JSON). The binary form
//! needs no parsing: a chunk of 6,250 pool tasks is read without trying each JSON shape.

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
    fn every_kind_of_value_and_one_nested_too_deep_for_the_binary_form_round_trip() {
        let mut deep = Value::Int(7);
        for _ in 0..100 {
            deep = Value::List(vec![deep]);
        }
        let values = [
            Value::Tuple(vec![Value::Float(f64::NAN), Value::Bool(true), Value::Int(i64::MIN)]),
            Value::Dict(vec![(Value::Tuple(vec![Value::Int(1)]), Value::List(vec![Value::Str("x".into())]))]),
            Value::List((0..6250).map(|i| Value::List(vec![Value::Int(i)])).collect()),
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
