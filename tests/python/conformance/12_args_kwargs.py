# Checks *args and **kwargs in definitions and calls, their types and order, and mixing them.
def show(*args, **kwargs):
    print(type(args).__name__, args, type(kwargs).__name__, kwargs)

show()
show(1, 2)
show(a=1, b=2)
show(1, "x", z=3, y=4)

def total(first, *rest):
    s = first
    for r in rest:
        s += r
    return s

print(total(1), total(1, 2, 3), total(*[10, 20, 30]))

def describe(name, age=0, **extra):
    parts = [name, str(age)]
    for k, v in extra.items():
        parts.append(k + "=" + str(v))
    return " ".join(parts)

print(describe("anne"))
print(describe("anne", 18, city="bj", job="dev"))
info = {"name": "alice", "age": 20, "lang": "py"}
print(describe(**info))
args = ("bob",)
kwargs = {"age": 30}
print(describe(*args, **kwargs))

def wrapper(func, *args, **kwargs):
    print("calling", func.__name__, args, kwargs)
    return func(*args, **kwargs)

print(wrapper(total, 1, 2))
print(wrapper(describe, "c", age=5))
print(max(*[3, 8, 1]), "-".join(str(x) for x in (*[1, 2], *(3, 4))))
d = {**{"a": 1}, "b": 2, **{"a": 3}}
print(d)
