# Checks Pool error handling and callbacks: an exception re-raised by get(), callback and error_callback.
from multiprocessing import Pool


def checked_div(a, b):
    if b == 0:
        raise ValueError("cannot divide %d by zero" % a)
    return a // b


def parse_page(res):
    results.append("parsed %s" % res)


def on_error(e):
    errors.append("error %s: %s" % (type(e).__name__, e))


results = []
errors = []

if __name__ == '__main__':
    p = Pool(2)
    r = p.apply_async(checked_div, (10, 0))
    try:
        r.get(timeout=30)
    except ValueError as e:
        print("re-raised:", type(e).__name__, e)
    print(r.ready(), r.successful())
    try:
        p.map(checked_div, [1, 2])
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        p.starmap(checked_div, [(4, 2), (5, 0)])
    except ValueError as e:
        print("starmap raised:", e)
    p.apply_async(checked_div, (9, 3), callback=parse_page)
    p.apply_async(checked_div, (9, 0), callback=parse_page, error_callback=on_error)
    p.close()
    p.join()
    print(results, errors)
    try:
        p.apply(checked_div, (1, 1))
    except ValueError as e:
        print(type(e).__name__, e)
