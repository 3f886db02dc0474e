#!/usr/bin/env python3
"""Small, dependency-free helpers for whole-process benchmarks.

Library use (the benchmark scripts put Benchmarks/ on sys.path):

    import timing
    t = timing.time_command(["bcplan", "validate", "-c", "x.yaml"], runs=7)
    t["median_ms"], t["min_ms"], t["samples_ms"]
    timing.peak_rss_mb(["bcplan", "validate", "-c", "x.yaml"])
    m = timing.measure(["bcplan", "apply", ...])   # one run: time, RSS, stdout lines as they came
    print(timing.format_table(["what", "ms"], [["validate", "12.3"]]))

Command line (prints one JSON object):

    python3 Benchmarks/timing.py [--runs 7] [--warmup 1] [--ok 0,2] [--rss] -- CMD ARGS...

Times are wall-clock (time.perf_counter) around subprocess.run with stdout/stderr
discarded, so they include process start-up. Peak RSS comes from GNU `/usr/bin/time -v`
when available, otherwise from resource.getrusage(RUSAGE_CHILDREN) in a fresh Python
child (so earlier, larger children cannot inflate the number).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

__all__ = ["CommandFailed", "run_once", "run_capture", "time_command", "peak_rss_mb",
           "measure", "format_table"]


class CommandFailed(RuntimeError):
    def __init__(self, cmd, returncode, stderr):
        self.cmd, self.returncode, self.stderr = cmd, returncode, stderr
        tail = (stderr or "").strip()
        if len(tail) > 2000:
            tail = "…" + tail[-2000:]
        super().__init__("command failed with exit code %d: %s\n%s" % (
            returncode, " ".join(map(str, cmd)), tail))


def run_once(cmd, cwd=None, env=None, ok_codes=(0,)):
    """Run cmd once; return (elapsed seconds, returncode). Raise CommandFailed on a bad code."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if ok_codes is not None and proc.returncode not in ok_codes:
        raise CommandFailed(cmd, proc.returncode, proc.stderr.decode("utf-8", "replace"))
    return elapsed, proc.returncode


def run_capture(cmd, cwd=None, env=None, ok_codes=(0,), setup=None):
    """Run cmd once (after `setup`, if given) and return (returncode, stdout bytes, stderr str).

    Unlike run_once, stdout is kept (e.g. to check a command's JSON output). Raise
    CommandFailed on a bad code.
    """
    if setup:
        setup()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = proc.stderr.decode("utf-8", "replace")
    if ok_codes is not None and proc.returncode not in ok_codes:
        raise CommandFailed(cmd, proc.returncode, err)
    return proc.returncode, proc.stdout, err


def time_command(cmd, runs=7, warmup=1, cwd=None, env=None, ok_codes=(0,), setup=None):
    """Run cmd `warmup` times untimed, then `runs` times timed.

    `setup`, if given, is called (untimed) before every run (e.g. to reset a state file).
    Returns {"median_ms", "min_ms", "max_ms", "mean_ms", "samples_ms", "runs", "returncode"}.
    """
    if runs < 1:
        raise ValueError("runs must be >= 1")
    for _ in range(warmup):
        if setup:
            setup()
        run_once(cmd, cwd=cwd, env=env, ok_codes=ok_codes)
    samples, code = [], None
    for _ in range(runs):
        if setup:
            setup()
        elapsed, code = run_once(cmd, cwd=cwd, env=env, ok_codes=ok_codes)
        samples.append(elapsed * 1000.0)
    return {"median_ms": statistics.median(samples), "min_ms": min(samples),
            "max_ms": max(samples), "mean_ms": statistics.fmean(samples),
            "samples_ms": [round(s, 3) for s in samples], "runs": runs, "returncode": code}


_GNU_TIME = "/usr/bin/time"
_gnu_time_ok = None


def _has_gnu_time():
    global _gnu_time_ok
    if _gnu_time_ok is None:
        _gnu_time_ok = False
        if os.access(_GNU_TIME, os.X_OK):
            try:
                p = subprocess.run([_GNU_TIME, "-v", "true"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, timeout=10)
                _gnu_time_ok = b"Maximum resident set size" in p.stderr
            except (OSError, subprocess.SubprocessError):
                pass
    return _gnu_time_ok


_RUSAGE_CHILD = r"""
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
kb = rss // 1024 if sys.platform == "darwin" else rss   # bytes on macOS, KiB on Linux
print("%d %d" % (p.returncode, kb))
"""


def peak_rss_mb(cmd, cwd=None, env=None, ok_codes=(0,), setup=None):
    """Peak resident set size of one run of cmd, in MiB (float)."""
    if setup:
        setup()
    if _has_gnu_time():
        p = subprocess.run([_GNU_TIME, "-v"] + list(cmd), cwd=cwd, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        err = p.stderr.decode("utf-8", "replace")
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", err)
        code = p.returncode
        if m is None:
            raise RuntimeError("could not read peak RSS from /usr/bin/time -v output")
        kb = int(m.group(1))
    else:
        p = subprocess.run([sys.executable, "-c", _RUSAGE_CHILD] + list(cmd), cwd=cwd,
                           env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        err = p.stderr.decode("utf-8", "replace")
        code, kb = (int(x) for x in p.stdout.decode().split())
    if ok_codes is not None and code not in ok_codes:
        raise CommandFailed(cmd, code, err)
    return kb / 1024.0


def measure(cmd, cwd=None, env=None, ok_codes=(0,), setup=None):
    """Run cmd once (after `setup`, if given) and measure that one run, for commands too slow to
    run twice: wall time, peak RSS of the process itself (wait4), and its stdout lines each with
    the time it arrived (seconds since the start), e.g. to see progress over time.

    Returns {"seconds", "cpu_seconds" (user + system), "returncode", "lines": [(seconds, text)],
    "stderr", "peak_rss_mb"}.
    Raise CommandFailed on a bad code.
    """
    if setup:
        setup()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=err)
        lines = []
        for raw in proc.stdout:
            lines.append((time.perf_counter() - start, raw.decode("utf-8", "replace").rstrip("\n")))
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if ok_codes is not None and proc.returncode not in ok_codes:
        raise CommandFailed(cmd, proc.returncode, stderr)
    kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return {"seconds": elapsed, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "returncode": proc.returncode, "lines": lines, "stderr": stderr, "peak_rss_mb": kb / 1024.0}


def format_table(headers, rows, align=None):
    """A plain-text table; numbers (and strings that look like numbers) right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    if align is None:
        def numeric(s):
            return bool(re.fullmatch(r"[-+]?[\d.,]+\s*[a-zA-Z×%]*", s))
        align = ["r" if rows and all(numeric(str(r[i])) for r in rows) else "l"
                 for i in range(len(headers))]

    def line(r):
        return "  ".join(c.rjust(w) if a == "r" else c.ljust(w)
                         for c, w, a in zip(r, widths, align)).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description="time a command (median of N runs)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--ok", default="0", help="comma-separated acceptable exit codes")
    ap.add_argument("--rss", action="store_true", help="also measure peak RSS")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command given")
    ok = tuple(int(c) for c in args.ok.split(","))
    try:
        result = time_command(cmd, runs=args.runs, warmup=args.warmup, ok_codes=ok)
        if args.rss:
            result["peak_rss_mb"] = round(peak_rss_mb(cmd, ok_codes=ok), 2)
    except CommandFailed as e:
        print(e, file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
