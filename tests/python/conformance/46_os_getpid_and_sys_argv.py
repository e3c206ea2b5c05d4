# Checks os.getpid(), sys.argv, __name__, and that os and sys import in both forms.
import os
import sys
from os import getpid
print(isinstance(os.getpid(), int), os.getpid() == os.getpid(), getpid() == os.getpid(), os.getpid() > 0)
print(isinstance(os.getppid(), int), os.getppid() != os.getpid())
print(len(sys.argv), sys.argv[0].endswith(".py"), type(sys.argv).__name__)
print(__name__)
if __name__ == '__main__':
    print("main guard taken")
print(sys.version_info[0], sys.version_info >= (3, 8))
print(os.path.exists("definitely-not-here.txt"), os.path.basename("/a/b/c.txt"), os.path.join("a", "b"))
print(os.sep, type(os.getcwd()).__name__)
