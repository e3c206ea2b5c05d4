# Checks the type, str() and repr() of the built-in exceptions a beginner's program meets.
class Box:
    pass

def show(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, "|", str(e), "|", repr(e))

show(lambda: 1 / 0)
show(lambda: 1 // 0)
show(lambda: 1 % 0)
show(lambda: {"a": 1}["b"])
show(lambda: [1, 2][5])
show(lambda: (1,)[3])
show(lambda: "ab"[9])
show(lambda: int("abc"))
show(lambda: int("4.5"))
show(lambda: 1 + "a")
show(lambda: "a" + 1)
show(lambda: "a" * "b")
show(lambda: len(5))
show(lambda: Box().missing)
show(lambda: undefined_name)
show(lambda: [].pop())
show(lambda: [1].remove(2))
show(lambda: [1].index(2))
show(lambda: "abc".index("z"))
nothing = None
show(lambda: nothing())
show(lambda: (1, 2).append(3))
show(lambda: {}.pop("k"))
show(lambda: set().remove(1))
show(lambda: int(None))
def unpack_too_many():
    x, y = [1, 2, 3]
def unpack_too_few():
    x, y, z = (1, 2)
show(unpack_too_many)
show(unpack_too_few)
