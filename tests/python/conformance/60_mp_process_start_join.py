# Checks Process(target=, args=): start and join, so each child's lines come before the parent's next ones.
from multiprocessing import Process
import os


def work(name):
    print("child", name, "running")
    print("child pid differs:", os.getpid() != parent_pid, "parent is main:", os.getppid() == parent_pid)


if __name__ == '__main__':
    parent_pid = os.getpid()
    print("main before start")
    p = Process(target=work, args=("anne",))
    print(p.pid, p.exitcode, p.name, p.daemon)
    p.start()
    p.join()
    print("main after join", isinstance(p.pid, int), p.pid != parent_pid, p.exitcode)
    p_l = []
    for i in range(3):
        p = Process(target=work, args=("p%d" % i,))
        p_l.append(p)
        p.start()
        p.join()
    print("sequential done", [q.exitcode for q in p_l], [q.name for q in p_l])
    p_l = [Process(target=os.getpid) for _ in range(4)]
    for p in p_l:
        p.start()
    for p in p_l:
        p.join()
    print("parallel done", [q.exitcode for q in p_l], len(set(q.pid for q in p_l)))
    print(p.join(), p.join(timeout=1))
