#!/usr/bin/env python3
"""Writes the expected results of the Python conformance suite, tests/python/conformance/.

For every program `NN_topic.py` there it runs the machine's CPython 3.11 three times and
writes what it did next to the program:

    NN_topic.out     the program's stdout, byte for byte
    NN_topic.expect  `exit = N`, and `stderr_last = "..."` (stderr's last non-empty line)
                     when the program wrote to stderr

Each run starts `python3 NN_topic.py` in a fresh empty temporary directory, with
PYTHONHASHSEED=0 and UTF-8 output, in its own process group, and is killed after 60 s. The
third run sets PYTHONUNBUFFERED=1, so a program whose output order depends on how stdout is
buffered (a pipe here, a terminal for a student) shows up as non-deterministic. The script
fails loudly, and writes nothing for that program, if the three runs differ, if a run times
out, if a run leaves files in its directory or processes in its group behind, or if stdout is
not UTF-8. It also deletes results whose program no longer exists.

CI never runs this (CI has no python3): the results are committed, and the Rust tests compare
forkbook's interpreter against them. Run it after adding or changing a program, from anywhere:

    python3 tests/python/regen_conformance.py              # every program
    python3 tests/python/regen_conformance.py 07 63_mp     # programs whose name starts so
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUITE = Path(__file__).resolve().parent / "conformance"
RUNS = 3
TIMEOUT_S = 60
PYTHON = "python3"
WANTED_VERSION = "3.11"


def base_env():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return env


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_once(program, unbuffered):
    """One run: (stdout bytes, exit code, stderr last line) or raises RunError."""
    env = base_env()
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    with tempfile.TemporaryDirectory(prefix="forkbook-conform-") as cwd:
        proc = subprocess.Popen(
            [PYTHON, str(program)],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RunError(f"timed out after {TIMEOUT_S} s")
        deadline = time.monotonic() + 2
        while group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
            raise RunError("left processes running after it exited")
        leftovers = sorted(os.listdir(cwd))
        if leftovers:
            raise RunError(f"left files in its directory: {leftovers}")
    try:
        out.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RunError(f"stdout is not UTF-8: {e}")
    err_lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
    stderr_last = err_lines[-1].rstrip() if err_lines else None
    return out, proc.returncode, stderr_last


class RunError(Exception):
    pass


def toml_string(text):
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def expect_text(code, stderr_last):
    text = f"exit = {code}\n"
    if stderr_last is not None:
        text += f"stderr_last = {toml_string(stderr_last)}\n"
    return text


def describe(result):
    out, code, stderr_last = result
    return f"exit={code} stderr_last={stderr_last!r}\n--- stdout ---\n{out.decode('utf-8', 'replace')}"


def check(program):
    """Runs a program RUNS times; returns its result, or an error message."""
    results = []
    for i in range(RUNS):
        try:
            results.append(run_once(program, unbuffered=(i == RUNS - 1)))
        except RunError as e:
            return None, f"run {i + 1}: {e}"
    for i, result in enumerate(results[1:], start=2):
        if result != results[0]:
            return None, (
                f"run {i} differs from run 1 (run {RUNS} is unbuffered)\n"
                f"=== run 1: {describe(results[0])}=== run {i}: {describe(result)}"
            )
    return results[0], None


def main(argv):
    version = subprocess.run(
        [PYTHON, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if version != WANTED_VERSION:
        print(f"error: {PYTHON} is {version}; the expected outputs are CPython {WANTED_VERSION}'s",
              file=sys.stderr)
        return 2
    programs = sorted(SUITE.glob("*.py"))
    if argv:
        programs = [p for p in programs if any(p.name.startswith(a) for a in argv)]
        if not programs:
            print(f"error: no program starts with {argv}", file=sys.stderr)
            return 2
    else:
        names = {p.stem for p in programs}
        for stale in sorted(SUITE.glob("*.out")) + sorted(SUITE.glob("*.expect")):
            if stale.stem not in names:
                print(f"removing {stale.name}: its program is gone")
                stale.unlink()
    failures = []
    for program in programs:
        started = time.monotonic()
        result, error = check(program)
        took = time.monotonic() - started
        if error:
            failures.append(program.name)
            print(f"FAIL {program.name}: {error}", file=sys.stderr)
            continue
        out, code, stderr_last = result
        program.with_suffix(".out").write_bytes(out)
        program.with_suffix(".expect").write_text(expect_text(code, stderr_last), encoding="utf-8")
        print(f"ok   {program.name}  exit={code}  ({took:.1f} s for {RUNS} runs)")
    if failures:
        print(f"\n{len(failures)} program(s) FAILED, their results were not written: "
              + ", ".join(failures), file=sys.stderr)
        return 1
    print(f"\n{len(programs)} program(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
