# Checks sys.exit with a string from inside a function: finally runs, the text goes to stderr, exit code 1.
import sys


def load_stock(path):
    try:
        print("opening", path)
        sys.exit("fatal: no stock file")
    finally:
        print("cleanup after", path)


print("about to stop")
load_stock("stock.json")
print("never printed")
