# Checks the order of try / except / else / finally, multiple handlers, re-raise and bare except.
def attempt(x):
    try:
        print("try", x)
        r = 10 // x
    except ZeroDivisionError:
        print("except ZeroDivisionError")
        r = None
    except (TypeError, ValueError) as e:
        print("except", type(e).__name__)
        r = "bad"
    else:
        print("else", r)
    finally:
        print("finally")
    return r

print(attempt(2))
print(attempt(0))
print(attempt("x"))

def returns_in_finally():
    try:
        return "from try"
    finally:
        print("finally before return")

print(returns_in_finally())

def finally_overrides():
    try:
        return 1
    finally:
        return 2

print(finally_overrides())

def reraise():
    try:
        [][1]
    except IndexError:
        print("caught, re-raising")
        raise

try:
    reraise()
except IndexError as e:
    print("outer got", e)
try:
    {}["k"]
except:
    print("bare except caught")
for i in range(3):
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        print("finally", i)
