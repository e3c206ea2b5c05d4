# Callbacks and error callbacks run in the main process, once per task, while it waits in join().
from multiprocessing import Pool
import os
import time


def fetch(url):
    time.sleep(0.2)
    if url == 'bad':
        raise ValueError('404 %s' % url)
    return [url, len(url)]


def parse(res):
    print('parse', res[0], res[1], os.getpid() == MAIN)


def failed(e):
    print('failed', repr(e), os.getpid() == MAIN)


MAIN = os.getpid()

if __name__ == '__main__':
    p = Pool(2)
    for url in ['a', 'bad', 'ccc']:
        p.apply_async(fetch, (url,), callback=parse, error_callback=failed)
    p.close()
    p.join()
    print('done')
