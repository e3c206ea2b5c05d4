# Checks recursive functions: factorial, fibonacci, a recursive list walk, and moderate depth.
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def flatten(items):
    out = []
    for x in items:
        if isinstance(x, list):
            out.extend(flatten(x))
        else:
            out.append(x)
    return out

def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)

def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)

print([fact(i) for i in range(8)])
print([fib(i) for i in range(15)])
print(flatten([1, [2, [3, [4]], 5], [], [[6]]]))
moves = []
hanoi(3, "A", "C", "B", moves)
print(len(moves), moves[:3])
print(depth(500))
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
print(is_even(10), is_odd(7), is_even(7))
