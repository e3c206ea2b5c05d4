#!/usr/bin/env python3
"""Writes tests/fixtures/value_format.tsv: what CPython gives for Python's three ways of
formatting strings over a grid of values (`template % args`, `format(value, spec)`,
`template.format(*args, **kwargs)`), the table `src/value/format/tests.rs` checks forkbook's
`value::format` against. CI has no python3, so the generated table is committed; regenerate
it after changing the grid, from the repository root:

    python3 tests/python/gen_value_format.py > tests/fixtures/value_format.tsv

Some messages change between CPython versions; the table's first line names the version that
wrote it (3.11, as the runtime notes assume).

Each row is `kind<TAB>template<TAB>args<TAB>expected`, where kind is `%`, `format` or
`str.format`, the template (or spec) is a JSON string, and args is JSON in `Value`'s own
encoding (nan and inf as `{"float": "nan"}`, a tuple as `{"tuple": [...]}`): the right operand
of `%`, the value to `format`, or `{"args": [...], "kwargs": {...}}` for `str.format`. The
expected entry is the result as a JSON string, or an error as `ExceptionName: message`.
"""

import json
import sys

I64_MIN, I64_MAX = -(2**63), 2**63 - 1
inf, nan = float("inf"), float("nan")

INTS = [0, 1, -1, 7, 42, -42, 255, 1234567, -1234567, I64_MAX, I64_MIN, True, False]
FLOATS = [
    0.0, -0.0, 0.5, 2.5, -2.5, 0.25, 0.125, 0.082, 2.675, 1.005, 9.995, 0.05, 3.14159,
    1 / 3, 123456.789, 12345678.9, 1e16, 1e20, 1e-7, -0.0001234, 1e100, 5e-324,
    1.7976931348623157e308, 99999.5, inf, -inf, nan,
]
STRS = ["", "a", "abc", "包子", "it's", "é€😀", "a\tb"]
OTHERS = [None, [], [1, "a"], (), (1,), (2, 3.5)]
GRID = INTS + FLOATS + STRS + OTHERS

PERCENT = [
    "%d", "%i", "%u", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "% 05d", "%-05d|",
    "%.3d", "%8.3d", "%-+8.3d|", "%x", "%#x", "%X", "%#X", "%o", "%#o", "%#08x", "%-#8x|",
    "%#.4x", "%+#x", "%#5o", "%e", "%.2e", "%E", "%10.3e", "%#.0e", "%f", "%.0f", "%.1f",
    "%.2f", "%0.2f", "%8.2f", "%-8.2f|", "%08.2f", "%+.2f", "% .2f", "%#.0f", "%F", "%.3F",
    "%g", "%.3g", "%#g", "%#.3g", "%G", "%10.4g", "%.0g", "%.12g", "%-+010.3f|", "%s",
    "%10s", "%-10s|", "%.2s", "%5.1s", "%05s", "%+s", "%.0s|", "%r", "%.3r", "%a", "%c",
    "%5c", "%-3c|", "%%", "%s%%", "%5%", "%q", "%", "%(a)s", "%hd", "%ld", "%lf", "%Lg",
    "x=%s, y=%s", "no directive", "", "%.*f", "%*d", "包子%q", "%z", "%\x7f", "%é",
]

# (template, args): tuples spread into the arguments.
PERCENT_MORE = [
    ("%s %s", (1, 2)), ("%s", (1, 2)), ("%s %s", (1,)), ("%*d", (5, 42)),
    ("%-*d|", (5, 42)), ("%*d|", (-5, 42)), ("%.*f", (2, 3.14159)), ("%.*f", (-1, 3.14159)),
    ("%*.*f", (8, 2, 3.14159)), ("%*d", ("a", 1)), ("%.*f", (1.5, 1.0)), ("%*d", (True, 7)),
    ("%*", (5,)), ("%.*", (5,)), ("%*", ()), ("%5", (1,)), ("%5.", (1,)), ("%-", (1,)),
    ("%l", (1,)), ("%(a", [1]), ("%(a)s", [1]), ("%(a(b))s", [1]), ("%s %s", [1]),
    ("%s", ([1, 2],)), ("%s", ((1, 2),)), ("%d%%%s", (5, "x")), ("%s=%r", ("k", "v")),
    ("%-6s|%6.2f|%+d", ("ab", 3.14159, 7)), ("%c%c", ("a", 98)), ("%c", (0x110000,)),
    ("%c", (-1,)), ("%c", ("ab",)), ("%c", ("",)), ("%x", (1.0,)), ("%e", ("a",)),
    ("%s and %s", ("a", "b", "c")), ("%%%%", ()), ("abc", ()), ("", (1,)),
]

SPECS = [
    "", "d", "5", "<5", ">5", "^5", "*^7", "=8", "0=8", "08", "+", "-", " ", "+08", ",", "_",
    "010,", "08_", "09,", ",d", "_x", "_b", "#x", "#X", "#o", "#b", "#010b", "x", "X", "o",
    "b", "c", ">3c", "n", "e", ".2e", "E", "f", ".0f", ".1f", ".2f", ".3f", "10.2f",
    "<10.2f", "^10.2f", "=+10.2f", "010.2f", "F", "g", ".3g", "#g", "#.3g", "G", ".0", ".1",
    ".3", ".12", "%", ".1%", ">8.1%", ",.2f", "_.3f", "015,.2f", "z", "z.1f", "z.0f",
    "+z.2e", "s", "10s", ".2s", "<6.2s", "#", ".2", "q", "dd", ",,", "__", ",_", "_,", ".",
    ".0c", "+c", "#c", ",c", ",s", ",n", "x<+#010,.2%", "é^7", "\x7f", "\x05",
]

# (template, args, kwargs)
STR_FORMAT = [
    ("{}", (1,), {}), ("{} {}", (1, "a"), {}), ("{0} {1} {0}", ("a", "b"), {}),
    ("{1}", ("a", "b"), {}), ("{00}", ("a",), {}), ("{name}", (), {"name": "ab"}),
    ("{name!r}", (), {"name": "ab"}), ("{!r}", ("a",), {}), ("{!s}", (1.5,), {}),
    ("{!a}", ("é€😀",), {}), ("{!r:>6}", ("a",), {}), ("{:>{width}}", ("a",), {"width": 6}),
    ("{:{}}", (1, 5), {}), ("{:{}.{}f}", (3.14159, 10, 2), {}), ("{0:{1}}", (1, 5), {}),
    ("{0:{1}}{}", (1, 5), {}), ("{}{0}", (1,), {}), ("{:{:{}}}", (1, 2, 3), {}),
    ("{{}}", (), {}), ("{{{}}}", (1,), {}), ("}}{{", (), {}), ("{", (), {}), ("}", (), {}),
    ("a}b", (), {}), ("a{", (), {}), ("{0[1]}", ([1, 2],), {}), ("{0[2]}", ([1, 2],), {}),
    ("{0[0]}", ("ab",), {}), ("{0[5]}", ("ab",), {}), ("{0[1]}", ((1, 2),), {}),
    ("{0[3]}", ((1, 2),), {}), ("{0[a]}", ([1],), {}), ("{0[a]}", ((1,),), {}),
    ("{0[a]}", ("ab",), {}), ("{0[0]}", (5,), {}), ("{0[a]}", (None,), {}),
    ("{0[0][1]}", ([[1, 2]],), {}), ("{0[-1]}", ([1, 2],), {}), ("{[0]}", ([7],), {}),
    ("{0[0]x}", ([1],), {}), ("{0[}", (1,), {}), ("{0]}", (1,), {}), ("{0.}", (1,), {}),
    ("{0[]}", ([1],), {}), ("{a}", (1,), {}), ("{5}", (1,), {}), ("{}", (), {}),
    ("{!x}", (1,), {}), ("{!r", (1,), {}), ("{!rs}", (1,), {}), ("{!}", (1,), {}),
    ("{0!}", (1,), {}), ("{!\x01}", (1,), {}), ("{:", (1,), {}), ("{0", (1,), {}),
    ("{0{}}", (1,), {}), ("{0:d}", ("a",), {}), ("{:,}", (1234567,), {}),
    ("{:.2%}", (0.125,), {}), ("{x:{fill}^{w}}", (), {"x": "ab", "fill": "*", "w": 8}),
    ("{0}{1}", ("a",), {}), ("{:d}", (None,), {}), ("{}", (None,), {}),
    ("{}", ([1, "a"],), {}), ("{}", ((1,),), {}), ("{:>5}", (None,), {}),
    ("{!r:{}}", ("a", 5), {}), ("{:{{}}}", (1,), {}), ("{0:}", ("x",), {}),
    ("{a}{0}{b!r}", ("p",), {"a": 1, "b": "q"}), ("{:=^+9.2f}|{:<4}|", (3.14159, True), {}),
    ("{:0{w}}", (42,), {"w": 6}), ("{}, {}!", ("Hello", "包子"), {}),
    ("{0:{1}{2}}", (7, ">", 4), {}), ("{0:{}}", (7, 4), {}),
]


def to_json(v):
    """`v` in `Value`'s JSON encoding."""
    if isinstance(v, float) and (v != v or v in (inf, -inf)):
        return {"float": repr(v)}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [to_json(x) for x in v]}
    return v


def dumps(v):
    return json.dumps(v, ensure_ascii=False)


def outcome(apply):
    try:
        result = apply()
    except Exception as e:
        return f"{type(e).__name__}: {e}"
    return dumps(result)


def row(kind, template, args, expected):
    return f"{kind}\t{dumps(template)}\t{dumps(args)}\t{expected}\n"


def main():
    out = sys.stdout
    out.write(f"# generated by tests/python/gen_value_format.py with Python {sys.version.split()[0]}\n")
    for template in PERCENT:
        for v in GRID:
            out.write(row("%", template, to_json(v), outcome(lambda: template % v)))
    for template, args in PERCENT_MORE:
        out.write(row("%", template, to_json(args), outcome(lambda: template % args)))
    for spec in SPECS:
        for v in GRID:
            out.write(row("format", spec, to_json(v), outcome(lambda: format(v, spec))))
    for template, args, kwargs in STR_FORMAT:
        call = {"args": to_json(list(args)), "kwargs": {k: to_json(v) for k, v in kwargs.items()}}
        out.write(row("str.format", template, call, outcome(lambda: template.format(*args, **kwargs))))


if __name__ == "__main__":
    main()
