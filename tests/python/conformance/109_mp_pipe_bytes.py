# Checks a Pipe's send_bytes and recv_bytes: bytes crossing to a child and back, offset and
# size, maxlength, and CPython's errors for wrong arguments.
from multiprocessing import Pipe, Process


def shout(conn):
    data = conn.recv_bytes()
    conn.send_bytes(data.upper() + b"!")
    conn.send(b"\x00\xff as an object")
    conn.close()


if __name__ == '__main__':
    here, there = Pipe()
    p = Process(target=shout, args=(there,))
    p.start()
    here.send_bytes(b"xxhello worldxx", 2, 11)
    print(here.recv_bytes())
    print(here.recv())
    p.join()
    for args in [("text",), (b"abc", -1), (b"abc", 4), (b"abc", 1, -1), (b"abc", 1, 3), (b"abc", "1")]:
        try:
            here.send_bytes(*args)
        except Exception as e:
            print(type(e).__name__, e)
    a, b = Pipe(duplex=False)
    b.send_bytes(b"hello")
    for maxlength in (-1, "5"):
        try:
            a.recv_bytes(maxlength)
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)
    print(a.recv_bytes(5), a.poll())
    b.send_bytes(b"")
    print(a.recv_bytes(), bool(b""), type(b"").__name__)
    b.send_bytes(b"too long")
    try:
        a.recv_bytes(3)
    except OSError as e:
        print(type(e).__name__, e)
