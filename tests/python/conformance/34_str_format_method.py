# Checks str.format: automatic, numbered and named fields, specs, attribute and index access, braces.
print("{} and {}".format("a", "b"))
print("{1} {0} {1}".format("x", "y"))
print("{name} is {age}".format(name="anne", age=18))
print("{:>5}|{:<5}|{:^5}|".format("r", "l", "c"))
print("{:.3f} {:,} {:05d} {:x} {:%}".format(2 / 3, 1234567, 42, 255, 0.25))
print("{0!r} {0!s} {0}".format("s"))
print("{{}} {{{}}}".format("inside"))
print("{0[0]} {0[1]} {1[k]}".format(["first", "second"], {"k": "dict"}))
class P:
    def __init__(self):
        self.x = 5
print("{0.x} {p.x}".format(P(), p=P()))
url_template = "/chaxun/zuozhe/9_{0}.html"
print([url_template.format(num + 1) for num in range(3)])
print("url:{} title:{}".format("u", "t"), "{}".format(None), "{}".format([1, 2]))
print("{:*<8}{:>6.2f}".format("item", 9.5))
print("{:10}|{:10}|".format("text", 12))
try:
    "{} {}".format("only one")
except IndexError as e:
    print(type(e).__name__, e)
try:
    "{missing}".format(other=1)
except KeyError as e:
    print(type(e).__name__, e)
