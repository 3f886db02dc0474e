#!/usr/bin/env python3
"""Hostile config files against `bcplan validate` (issue 7): each must be refused quickly, with a
located error (or, for a file over the size limit, an error naming the file), in bounded memory.

    python3 Tests/Reliability/hostile_yaml.py [--binary PATH] [--seconds 5] [--rss-mb 400]

Each case is generated into a temporary folder and run under /usr/bin/time (wall time and peak
RSS). One table row per case, in Markdown for Benchmarks/RESULTS.md. Exit status 0 when every case
is refused within the bounds, 1 when one is not, 2 when the setup is wrong.

The binary: --binary, else $BCPLAN_BINARY, else .build/debug/bcplan.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HEAD = 'version: 1\nbusiness_center: {id: "7000000000000000001", name: Acme}\n'


def cases():
    """(name, bytes, what the first error line must match)."""
    located = r"^hostile\.yaml:\d+:\d+: error: "
    laughs = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        "a%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 9)) for i in range(1, 10))
    member = "  - {email: someone@acme.example, role: standard}\n"
    yield "alias bomb (billion laughs, 9^9 nodes)", laughs.encode(), located + r".*expands to more than"
    yield "alias fan-out (1,000-item list used 4,000 times)", (
        "a: &a [" + "x, " * 1000 + "]\nb: [" + ", ".join(["*a"] * 4000) + "]\n").encode(), located + r".*expands to more than"
    yield "100,000 nested flow lists", ("[" * 100000 + "]" * 100000 + "\n").encode(), located + r".*nesting deeper than 256"
    yield "100,000 nested flow mappings", ("{a: " * 100000 + "1" + "}" * 100000 + "\n").encode(), located + r".*nesting deeper than 256"
    yield "100,000 nested block lists", ("- " * 100000 + "x\n").encode(), located + r".*nesting deeper than 256"
    yield "50 MB file", (HEAD + "members:\n" + member * (50 * 1024 * 1024 // len(member) + 1)).encode(), \
        r"^error: cannot read the config file hostile\.yaml: it is \d+ bytes, more than the limit of 33554432 bytes"
    yield "30 MB scalar (under the size limit)", (
        'version: 1\nbusiness_center: {id: "' + "7" * 30000000 + '"}\n').encode(), located + r".*\(30000000 characters\)"
    yield "1,000,000 keys in one mapping (13 MB)", (
        HEAD + "policy:\n" + "".join("  k%d: 1\n" % i for i in range(1000000))).encode(), located + r"unknown key"
    yield "NUL byte", (HEAD.replace("Acme", "Ac\0me")).encode(), located + r"control characters are not allowed"
    yield "invalid UTF-8", HEAD.encode().replace(b"Acme", b"Ac\xffme"), located + r"invalid UTF-8"
    yield "UTF-16 with BOM", HEAD.encode("utf-16"), located + r"the file is UTF-16"
    yield "UTF-8 BOM inside the file", (HEAD + "\ufeffmembers: []\n").encode(), located
    yield "!!python/object tag", (HEAD + 'members: !!python/object/apply:os.system ["id"]\n').encode(), located + r"unsupported tag '!!python/object/apply:os.system'"
    yield "two documents", (HEAD + "---\n" + HEAD).encode(), located + r".*more than one YAML document"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.environ.get("BCPLAN_BINARY") or os.path.join(ROOT, ".build", "debug", "bcplan"))
    ap.add_argument("--seconds", type=float, default=5.0, help="most wall time a case may take")
    ap.add_argument("--rss-mb", type=float, default=400.0, help="most peak RSS a case may use")
    args = ap.parse_args(argv)
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK) or not os.access("/usr/bin/time", os.X_OK):
        print("error: need %s (build first) and /usr/bin/time" % binary, file=sys.stderr)
        return 2
    workdir = tempfile.mkdtemp(prefix="bcplan-hostile-")
    failures = 0
    print("| input | size | exit | wall | peak RSS | first line of the error |")
    print("|---|---:|---:|---:|---:|---|")
    try:
        for name, data, pattern in cases():
            path = os.path.join(workdir, "hostile.yaml")
            with open(path, "wb") as f:
                f.write(data)
            proc = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", binary, "validate", "-c", "hostile.yaml"],
                                  cwd=workdir, capture_output=True, env=dict(os.environ, NO_COLOR="1"), timeout=120)
            err = proc.stderr.decode("utf-8", "replace").splitlines()
            timing = [l for l in err if l.startswith("TIME ")]
            wall, rss_kb = (float(x) for x in timing[-1].split()[1:]) if timing else (float("nan"), float("nan"))
            first = next((l for l in err if not l.startswith("TIME ") and not l.startswith("Command exited")), "")
            problems = []
            if proc.returncode != 1:
                problems.append("exit %d" % proc.returncode)
            if not re.search(pattern, first):
                problems.append("error does not match /%s/" % pattern)
            if len(first) > 400:
                problems.append("error line of %d characters" % len(first))
            if not wall <= args.seconds:
                problems.append("%.2f s > %.1f s" % (wall, args.seconds))
            if not rss_kb / 1024 <= args.rss_mb:
                problems.append("%.0f MB > %.0f MB" % (rss_kb / 1024, args.rss_mb))
            failures += bool(problems)
            shown = first.replace("|", "\\|")
            shown = shown if len(shown) <= 150 else shown[:150] + "…"
            print("| %s | %s | %d | %.2f s | %.0f MB | `%s`%s |" % (
                name, "%.1f MB" % (len(data) / 1e6) if len(data) >= 1e6 else "%d B" % len(data), proc.returncode,
                wall, rss_kb / 1024, shown, (" **FAIL: %s**" % "; ".join(problems)) if problems else ""))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("hostile YAML: %d cases, %d failed" % (len(list(cases())), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
