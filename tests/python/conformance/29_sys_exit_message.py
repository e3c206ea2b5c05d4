# Checks sys.exit with a string: it goes to stderr and the exit code is 1.
import sys
print("about to stop")
sys.exit("fatal: no stock file")
