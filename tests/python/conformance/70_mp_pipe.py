# Checks Pipe: duplex send/recv of Python objects between parent and child, poll, a one-way pipe, bytes.
from multiprocessing import Process, Pipe


def child(conn):
    msg = conn.recv()
    print("child got", msg)
    conn.send(("echo", msg, len(msg)))
    conn.send({"k": [1, 2]})
    conn.send(None)
    conn.close()


if __name__ == '__main__':
    parent_conn, child_conn = Pipe()
    p = Process(target=child, args=(child_conn,))
    p.start()
    parent_conn.send([1, "two", 3.0])
    a = parent_conn.recv()
    b = parent_conn.recv()
    c = parent_conn.recv()
    p.join()
    print(a)
    print(b, c)
    print(parent_conn.poll(0.05))
    child_conn.send("queued")
    print(parent_conn.poll(5), parent_conn.recv())
    r, w = Pipe(duplex=False)
    w.send("one way")
    print(r.recv())
    try:
        r.send("wrong end")
    except OSError as e:
        print(type(e).__name__, e)
    w.send_bytes(b"bytes here")
    print(r.recv_bytes())
    w.close()
    try:
        r.recv()
    except EOFError as e:
        print(type(e).__name__, repr(e))
