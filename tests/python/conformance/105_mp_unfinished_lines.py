# Output that does not end its line goes on on the same line, whoever writes next:
# start() flushes stdout before it forks, print(flush=True) flushes, and a process's end
# flushes what it left unfinished.
from multiprocessing import Process


def say(text):
    print(text)


def leave_unfinished(text):
    print(text, end='')


def flush_then_finish():
    print('[flushed', end=' ', flush=True)
    print('and finished]')


if __name__ == '__main__':
    print('parent says', end=' ')
    p = Process(target=say, args=('child',))
    p.start()
    p.join()
    p = Process(target=leave_unfinished, args=('no newline at exit, ',))
    p.start()
    p.join()
    print('then the parent')
    p = Process(target=flush_then_finish)
    p.start()
    p.join()
    for i in range(3):
        print(i, end=' ')
    print()
    print('done')
