# Checks %-formatting: %s %d %f %r %x %%, widths, precision, flags, tuples and errors.
x = 42
print("%s" % x, "%d" % x, "%5d|" % x, "%-5d|" % x, "%05d" % x, "%+d" % x, "%x" % 255, "%X" % 255, "%o" % 8)
print("%0.2f" % 0.082, "%.2f" % 2.675, "%.1f" % 0.25, "%.0f" % 2.5, "%f" % 1.5, "%8.3f|" % 3.14159, "%-8.2f|" % 1.0)
print("%5d|%-10s|" % (7, "left"), "%10s|" % "right", "%.3s" % "abcdef")
print("%s %s" % ("a", "b"), "%s" % None, "%s" % [1, "a"], "%s" % (1,), "%s" % ((1, 2),))
print("%r" % "it", "%r" % 3, "%s vs %r" % ("s", "s"), "%r" % [1, "a"])
print("%d%%" % 50, "100%%" % (), "%s: %s \n" % ("k", "v"), end="")
print("%d" % 3.9, "%d" % -3.9, "%i" % 7, "%s" % 2.50, "%s" % 1e16, "%e" % 12345.678, "%g" % 0.0001)
print("%5s|%-5s|" % ("ab", "cd"), "%3s|" % "long")
print("%(name)s is %(age)d" % {"name": "anne", "age": 18})
print("剩余票数%s" % 5, "%s 吃 %s" % (1234, "包子0"), "<%s> size:[%s]" % ("u", 10))
item = ("Content-Type", "text/html")
print("%s : %s" % item)
for bad in [lambda: "%d" % "x", lambda: "%s %s" % ("a",), lambda: "%s" % (1, 2), lambda: "%z" % 1]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
