# Checks dicts: insertion order, get, keys/values/items, setdefault, update, pop, del, in, KeyError.
d = {"count": 100, "name": "stock"}
d["price"] = 9.5
d["count"] = 99
print(d, len(d))
print(d.get("count"), d.get("missing"), d.get("missing", 0))
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
print(d.setdefault("count", 0), d.setdefault("new", []), d)
d.update({"price": 10, "z": 1})
d.update(extra=True)
print(d)
print(d.pop("z"), d.pop("nope", "default"), d)
del d["new"]
print("count" in d, "new" in d, 99 in d, 99 in d.values())
d["name"] = "renamed"
del d["count"]
d["count"] = 0
print(list(d))
for k in d:
    print(k, "->", d[k])
for k, v in d.items():
    print(k, v, sep="=", end=" ")
print()
try:
    d["absent"]
except KeyError as e:
    print(type(e).__name__, e, repr(e))
print(dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict(zip("ab", [1, 2])), dict(), {})
print({1: "int", 1.0: "float", True: "bool"})
copy = d.copy()
copy["count"] = 5
print(d["count"], copy["count"], d == copy, {"a": 1, "b": 2} == {"b": 2, "a": 1})
print(d.popitem(), d)
d.clear()
print(d, bool(d))
print({(1, 2): "tuple key", None: "none key"}[(1, 2)])
