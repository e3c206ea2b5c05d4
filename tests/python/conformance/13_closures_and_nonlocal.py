# Checks closures: captured variables, nonlocal counters, late binding, and functions returning functions.
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())

def make_adder(n):
    def add(x):
        return x + n
    return add

add5 = make_adder(5)
print(add5(1), make_adder(-1)(1))
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])

def outer():
    x = "outer"
    def inner():
        return x
    x = "changed"
    return inner()

print(outer())

def accumulate():
    items = []
    def add(v):
        items.append(v)
        return len(items)
    def get():
        return items
    return add, get

add, get = accumulate()
add("a")
add("b")
print(get())

def shadow():
    x = 1
    def inner():
        x = 2
        return x
    inner()
    return x

print(shadow())
