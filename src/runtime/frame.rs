//! Message framing for queues and pipes, as CPython's `Connection`: a 4-byte big-endian
//! length, then the payload (here the value as JSON instead of a pickle).

use std::os::fd::RawFd;

use super::sys;
use crate::value::Value;

/// Encodes one message.
pub fn encode(item: &Value) -> Vec<u8> {
    let payload = serde_json::to_vec(item).unwrap_or_else(|_| b"null".to_vec());
    let mut out = Vec::with_capacity(payload.len() + 4);
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(&payload);
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
}
