# Checks module globals: reading them in functions, global to rebind, and UnboundLocalError.
counter = 0
names = []

def bump():
    global counter
    counter += 1

def remember(n):
    names.append(n)

def read_only():
    return counter * 10

for _ in range(3):
    bump()
remember("a")
remember("b")
print(counter, names, read_only())

def make_global():
    global created
    created = "made inside"

make_global()
print(created)

def broken():
    counter += 1

try:
    broken()
except UnboundLocalError as e:
    print(type(e).__name__, e)
    print(isinstance(e, NameError))

def local_only():
    counter = 99
    return counter

print(local_only(), counter)
try:
    print(not_defined_anywhere)
except NameError as e:
    print(type(e).__name__, e)
