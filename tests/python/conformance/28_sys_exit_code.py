# Checks sys.exit: SystemExit can be caught with its code, and sys.exit(3) ends the program with 3.
import sys
try:
    sys.exit()
except SystemExit as e:
    print("caught", type(e).__name__, repr(e.code))
try:
    sys.exit(7)
except SystemExit as e:
    print("caught code", e.code)
try:
    raise SystemExit("text")
except SystemExit as e:
    print("caught text", e.code)
print(issubclass(SystemExit, Exception), issubclass(SystemExit, BaseException))
try:
    sys.exit(4)
except Exception:
    print("never: SystemExit is not an Exception")
except BaseException as e:
    print("BaseException catches", e.code)
print("exiting with 3")
try:
    sys.exit(3)
finally:
    print("finally runs on the way out")
print("never printed")
