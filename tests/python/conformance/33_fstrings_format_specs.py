# Checks f-strings: expressions, !r/!s, = debugging, alignment, width, precision, grouping, percent.
x = "ab"
y = 3.14159
n = 1234567
v = "q'uote"
print(f"{x:>8}|{x:<8}|{x:^8}|{x:*^9}|{x:-<4}|")
print(f"{y:.2f} {y:.0f} {y:8.3f}| {y:<8.1f}| {y:e} {y:.3g} {y:+.1f}")
print(f"{n:,} {n:_} {n:>12,}| {-n:,} {n:08d} {7:03d} {n:x} {255:#x} {5:b} {5:08b}")
print(f"{0.257:.1%} {1/3:.2%} {0.5:%}")
print(f"{v!r} {v!s} {v} {[v]}")
print(f"{x=} {y=:.2f} {n = }")
print(f"{1 + 2} {'nested'} {x.upper()} {len(x) * 2} {[i * i for i in range(3)]}")
w, p = 10, 3
print(f"{y:{w}.{p}f}| {x:>{w}}|")
d = {"k": "val"}
print(f"{d['k']} {d} {{literal}} {{{x}}}")
print(f"{True} {None} {3 > 2} {1.0} {1e-7} {10 ** 20 // 10 ** 10}")
print(f"{42:>6}|{42:<6}|{42:^6}|{-42:6}|{42.5:6}|{'s':6}|")
print(f"{1.0:g} {100.0:.1f} {2.5:.0f} {3.5:.0f} {0.082:0.2f}")
name, count = "anne", 3
print(f"{name} has {count} item{'s' if count != 1 else ''}")
print(f"{'包子':>6}|{'包子':_^6}|")
