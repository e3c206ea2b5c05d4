# Checks json.dump and json.load with a file in the current directory, the ticket-stock pattern.
import json
import os
name = "db.txt"
json.dump({"count": 3}, open(name, "w"))
for buyer in range(5):
    dic = json.load(open(name))
    if dic["count"] > 0:
        dic["count"] -= 1
        json.dump(dic, open(name, "w"))
        print("buyer", buyer, "got a ticket, left", dic["count"])
    else:
        print("buyer", buyer, "found none")
with open(name) as f:
    print(repr(f.read()))
with open(name, "w") as f:
    json.dump({"list": [1, "二"], "nested": {"x": None}}, f, ensure_ascii=False)
with open(name, encoding="utf-8") as f:
    raw = f.read()
print(raw)
with open(name, encoding="utf-8") as f:
    print(json.load(f))
os.remove(name)
print(os.path.exists(name))
try:
    open(name)
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
