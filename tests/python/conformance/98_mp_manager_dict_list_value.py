# A Manager's dict, list and Value, shared by children; str() of a proxy is its object's.
from multiprocessing import Manager, Process


def work(d, l, v, i):
    d[i] = i * i
    l.append(i)
    d.setdefault('seen', 0)


if __name__ == '__main__':
    with Manager() as m:
        d = m.dict({'start': True}, owner='main')
        l = m.list(range(2))
        v = m.Value('i', 3)
        ps = [Process(target=work, args=(d, l, v, i)) for i in range(3)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(sorted(k for k in d.keys() if isinstance(k, int)), len(l), sorted(l))
        print(d[2], 1 in l, d.get(9, 'none'), 'owner' in d, d['owner'])
        print(l.pop(0), l.index(1), l.count(0))
        try:
            d['missing']
        except KeyError as e:
            print('KeyError', e)
        try:
            l[10]
        except IndexError as e:
            print('IndexError', e)
        v.value += 1
        print(v.value, v, str(l) == str(list(l)))
        print([p.name for p in ps], m.address is not None)
    print('done')
