# Checks an uncaught exception: stdout so far is kept, stderr ends with the error line, exit code 1.
def load(count):
    if count == 0:
        raise ValueError("stock is empty")
    return count - 1

print("start")
left = load(2)
print("left", left)
left = load(0)
print("never printed")
