# forkbook's probe, loaded by every interpreter of a watched run (forkbook puts this folder
# first on PYTHONPATH for that run only). See forkbook_probe.py.
try:
    import forkbook_probe

    forkbook_probe.install()
except Exception as e:  # the program must run even if the probe cannot
    import sys

    print("forkbook probe: %s: %s" % (type(e).__name__, e), file=sys.stderr)
