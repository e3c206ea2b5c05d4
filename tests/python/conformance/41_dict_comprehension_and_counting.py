# Checks dict comprehensions, nested dicts, counting words and sorting items by value.
squares = {n: n * n for n in range(5)}
print(squares)
print({k: v for k, v in squares.items() if v % 2 == 0})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
text = "the cat and the dog and the bird"
counts = {}
for word in text.split():
    counts[word] = counts.get(word, 0) + 1
print(counts)
ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
print(ranked[:3])
groups = {}
for word in text.split():
    groups.setdefault(len(word), []).append(word)
print(groups)
db = {"users": {"anne": {"age": 18, "tags": ["a"]}}, "count": 1}
db["users"]["bob"] = {"age": 20, "tags": []}
db["users"]["anne"]["tags"].append("b")
db["count"] += 1
print(db)
print(db["users"]["anne"]["tags"][-1], len(db["users"]))
headers = {"Origin": "http://x", "Referer": "http://x/"}
for item in headers.items():
    print("%s : %s" % item)
merged = {**headers, "Origin": "changed"}
print(merged)
inventory = dict.fromkeys(["a", "b"], 0)
inventory["a"] += 3
print(inventory)
