# Checks bytes: literals, encode/decode with utf-8, bytes(str, encoding=), len, indexing, repr.
b = "abc".encode()
print(b, type(b).__name__, len(b), b[0], b[1:], list(b))
zh = "包子".encode("utf-8")
print(zh, len(zh), zh.decode("utf-8"), zh.decode())
print(bytes("吃了么您嘞 ?", encoding="utf-8").decode("utf-8"))
print(b"ab" + b"cd", b"x" * 3, b"a" in b"cat", b"" == bytes(), bytes(3), bytes([65, 66]))
print(repr(b"it's"), repr(b'\n\t\x00\xff'), str(b"k"), b"A B".split(), b"-".join([b"a", b"b"]))
print("%s" % b"raw", b"abc".upper(), b"abc" == "abc", b"abc".decode() == "abc")
data = bytes(str({"k": 1}), encoding="utf-8")
print(data, data.startswith(b"{"))
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print(type(e).__name__, e)
try:
    b"a" + "b"
except TypeError as e:
    print(type(e).__name__, e)
