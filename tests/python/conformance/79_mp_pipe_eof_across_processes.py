# Checks a one-way pipe across processes: recv() raises EOFError once every copy of the sending end is closed, the child's inherited one too.
from multiprocessing import Process, Pipe


def reader(conn, other):
    other.close()  # the child's copy of the sending end must go too, or EOF never comes
    try:
        while True:
            print("got", conn.recv())
    except EOFError:
        print("EOF")


if __name__ == '__main__':
    r_end, w_end = Pipe(False)
    p = Process(target=reader, args=(r_end, w_end))
    p.start()
    r_end.close()
    w_end.send('hello')
    w_end.send([1, 2])
    w_end.close()
    p.join()
    print("reader exitcode", p.exitcode)
