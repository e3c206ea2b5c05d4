# Checks assert: passing, failing with and without a message, and the message in str(e).
assert 1 + 1 == 2
assert True, "never shown"
print("passed asserts")
try:
    assert 1 > 2, "one is not greater than two"
except AssertionError as e:
    print(type(e).__name__, str(e), repr(e))
try:
    assert [] , "empty list"
except AssertionError as e:
    print(repr(str(e)))
try:
    assert False
except AssertionError as e:
    print(repr(str(e)), repr(e), e.args)
count = 3
try:
    assert count == 0, "count is %d" % count
except AssertionError as e:
    print(e)
print("then an uncaught one")
assert count < 0, f"count must be negative, got {count}"
print("never printed")
