# Checks open() on text files: write, append, read, readline(s), iteration, with, and removal.
import os
path = "notes.txt"
with open(path, "w", encoding="utf-8") as f:
    n = f.write("first line\n")
    f.write("第二行\n")
    print("wrote", n, "chars")
with open(path, "a") as f:
    f.write("third")
    f.write(" line\n")
with open(path, encoding="utf-8") as f:
    text = f.read()
print(repr(text), len(text))
with open(path, encoding="utf-8") as f:
    print(repr(f.readline()), repr(f.readline()))
    print(f.readlines())
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        print(i, line.rstrip("\n"))
f = open(path, encoding="utf-8")
print(f.closed, f.read(5))
f.close()
print(f.closed)
with open(path, "wb") as fb:
    fb.write(bytes("%s : %s \n" % ("k", "v"), encoding="utf-8"))
    fb.write("包".encode("utf-8"))
with open(path, "rb") as fb:
    print(fb.read())
with open(path, "w") as f:
    print("via print", 42, file=f)
print(open(path).read(), end="")
os.remove(path)
print(os.path.exists(path))
