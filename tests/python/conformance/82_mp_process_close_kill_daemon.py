# Checks Process args unpacking (a string is its letters), kill, close, ident, and the errors of closed, unstarted and started processes.
import time
from multiprocessing import Process


def task(name):
    print("task got", name)


def letters(*args):
    print("letters got", args)


def sleeper():
    time.sleep(30)


def attempt(label, fn):
    try:
        result = fn()
        print(label, "->", result)
    except Exception as e:
        print(label, "raised", type(e).__name__, e)


if __name__ == '__main__':
    p = Process(target=letters, args=('anne'))
    p.start()
    p.join()
    p = Process(target=task, args=('anne'))
    p.start()
    p.join()
    print("no comma exitcode", p.exitcode)

    s = Process(target=sleeper)
    attempt("terminate before start", s.terminate)
    attempt("kill before start", s.kill)
    attempt("is_alive before start", s.is_alive)
    print("ident before start", s.ident, s.pid)
    s.start()
    print("ident is pid", s.ident == s.pid)
    attempt("close while running", s.close)

    def set_daemon():
        s.daemon = True
    attempt("daemon after start", set_daemon)
    s.kill()
    s.join()
    print("killed exitcode", s.exitcode)
    s.close()
    print("closed")
    attempt("is_alive after close", s.is_alive)
    attempt("exitcode after close", lambda: s.exitcode)
    attempt("pid after close", lambda: s.pid)
    attempt("join after close", s.join)
    attempt("start after close", s.start)
    attempt("terminate after close", s.terminate)
    attempt("close again", s.close)
    print("name after close", s.name, s.daemon)

    u = Process(target=task, args=("u",))
    u.close()
    attempt("start a closed unstarted process", u.start)
    print("main exits normally")
