# Checks if / elif / else chains, nested ifs, conditional expressions and pass.
def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 60:
        return "C"
    else:
        return "F"

for s in [95, 90, 85, 60, 59, 0]:
    print(s, grade(s))

def describe(n):
    if n > 0:
        if n % 2 == 0:
            kind = "positive even"
        else:
            kind = "positive odd"
    elif n == 0:
        kind = "zero"
    else:
        pass
        kind = "negative"
    return kind

for n in [4, 7, 0, -3]:
    print(n, describe(n))
x = 5
print("big" if x > 3 else "small", "neg" if x < 0 else "zero" if x == 0 else "pos")
if x:
    print("truthy branch")
if not []:
    print("empty list is falsy")
if x > 10:
    print("never")
print("done")
