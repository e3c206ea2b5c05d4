# Checks json.dumps and json.loads: types, key order, unicode escaping, indent, sort_keys and errors.
import json
d = {"count": 100, "name": "包子", "ok": True, "none": None, "price": 9.5, "tags": ["a", 1]}
s = json.dumps(d)
print(s)
print(json.dumps(d, ensure_ascii=False))
print(json.dumps([1, 2.0, "x", False, None, [], {}]), json.dumps("it's \"q\""), json.dumps(3))
print(json.dumps({"b": 1, "a": [1, 2]}, indent=2))
print(json.dumps({"b": 1, "a": 2}, sort_keys=True), json.dumps({1: "int key"}))
back = json.loads(s)
print(back == d, back, type(back).__name__, type(back["price"]).__name__, type(back["count"]).__name__)
print(json.loads('{"count": 1}')["count"], json.loads("[1, 2.5, true, null]"), json.loads('"\\u5305"'))
print(json.loads("  42 "), json.loads("1e3"), json.loads('{"a": {"b": [1]}}'))
print(json.dumps((1, 2)), json.loads(json.dumps((1, 2))))
for bad in ["", "{'count': 1}", "[1,]", "{\"a\" 1}"]:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(type(e).__name__, "|", e, "|", isinstance(e, ValueError))
try:
    json.dumps({"s": {1, 2}})
except TypeError as e:
    print(type(e).__name__, e)
