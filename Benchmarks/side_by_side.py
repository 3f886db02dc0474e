#!/usr/bin/env python3
"""Two bcplan builds and the bare libyaml pass, run in turn on the same inputs (issue 17).

    python3 Benchmarks/side_by_side.py --before OLD_BIN --after NEW_BIN [--runs 15] [--extra NAME=BIN]

plan.sh, validate.sh and plan_many.sh time one command after the other, so on a machine that
other work shares, the load can change between the bare pass and bcplan and the ratio with it.
Here every round runs the bare pass and each build once, in an order that rotates from round to
round, so all of them see the same load; medians and minimums over the rounds are reported, and
CPU time (user + system of the child) beside wall time.

Cases (inputs as plan.sh, validate.sh and plan_many.sh generate them, in Benchmarks/out):
validate and plan of the max and quarter configs, and plan -c DIR of the 200 Business Centers
(against one bare pass over their 200 configs in one process).
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timing  # noqa: E402

OUT = "Benchmarks/out"


def run(cmd, env):
    """Wall ms and CPU ms (user + system) of one run; exits on a failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000.0
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print("error: %s exited %d\n%s" % (" ".join(cmd), code, stderr[-2000:]), file=sys.stderr)
        sys.exit(1)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000.0


def now_of(directory):
    with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
        return json.load(f).get("bcplan_now") or "2026-11-21T12:00:00Z"


def ensure_inputs(with_many):
    generated = [("max", "1.0", []), ("quarter", "0.25", []),
                 ("plan-max", "1.0", ["--drift", "0.1"]), ("plan-quarter", "0.25", ["--drift", "0.1"])]
    for name, scale, extra in generated:
        if not os.path.exists(os.path.join(OUT, name, "bcplan.yaml")):
            subprocess.run([sys.executable, "Benchmarks/generate.py", "--out", os.path.join(OUT, name),
                            "--scale", scale, "--seed", "1"] + extra, check=True, stdout=subprocess.DEVNULL)
    if with_many and not glob.glob(os.path.join(OUT, "many", "bc-*.yaml")):
        subprocess.run([sys.executable, "Benchmarks/generate_many.py", "--out", os.path.join(OUT, "many"),
                        "--count", "200", "--members", "200", "--drift", "0.1", "--seed", "1"],
                       check=True, stdout=subprocess.DEVNULL)
    if not os.path.exists(os.path.join(OUT, "bare_parse")):
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "yaml-0.1"], check=True,
                               capture_output=True, text=True).stdout.split()
        subprocess.run(["cc", "-O2", "-o", os.path.join(OUT, "bare_parse"), "Benchmarks/bare_parse.c"] + flags,
                       check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--extra", action="append", default=[], help="NAME=BIN, another build to run in turn")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--many-runs", type=int, default=5)
    parser.add_argument("--skip-many", action="store_true")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ensure_inputs(not args.skip_many)

    builds = [("before", args.before), ("after", args.after)]
    builds += [tuple(item.split("=", 1)) for item in args.extra]
    bare = os.path.join(OUT, "bare_parse")
    cases = []
    for name in ("max", "quarter"):
        cfg = os.path.join(OUT, name, "bcplan.yaml")
        cases.append(("validate " + name, [bare, cfg], lambda b, cfg=cfg: [b, "validate", "-c", cfg],
                      dict(os.environ), args.runs))
    for name in ("max", "quarter"):
        directory = os.path.join(OUT, "plan-" + name)
        cfg = os.path.join(directory, "bcplan.yaml")
        cases.append(("plan " + name, [bare, cfg], lambda b, cfg=cfg: [b, "plan", "-c", cfg, "--format", "json"],
                      dict(os.environ, BCPLAN_NOW=now_of(directory)), args.runs))
    if not args.skip_many:
        directory = os.path.join(OUT, "many")
        configs = sorted(glob.glob(os.path.join(directory, "bc-*.yaml")))
        env = dict(os.environ, BCPLAN_NOW=now_of(directory))
        cases.append(("plan -c DIR (%d BCs)" % len(configs), [bare] + configs,
                      lambda b, d=directory: [b, "plan", "-c", d, "--format", "json"], env, args.many_runs))
        cases.append(("plan -c DIR --jobs 1", [bare] + configs,
                      lambda b, d=directory: [b, "plan", "-c", d, "--format", "json", "--jobs", "1"], env,
                      args.many_runs))

    load_start = os.getloadavg()
    rows = []
    for title, bare_cmd, command, env, runs in cases:
        commands = [("bare", bare_cmd)] + [(label, command(binary)) for label, binary in builds]
        for _, cmd in commands:  # warm-up, untimed
            run(cmd, env)
        samples = {label: [] for label, _ in commands}
        for round_number in range(runs):
            shift = round_number % len(commands)
            for label, cmd in commands[shift:] + commands[:shift]:
                samples[label].append(run(cmd, env))
        wall = {label: statistics.median(w for w, _ in s) for label, s in samples.items()}
        least = {label: min(w for w, _ in s) for label, s in samples.items()}
        cpu = {label: statistics.median(c for _, c in s) for label, s in samples.items()}
        row = [title, "%.1f" % wall["bare"], "%.1f" % cpu["bare"]]
        for label, binary in builds:
            rss = timing.peak_rss_mb(command(binary), env=env)
            row += ["%.1f" % wall[label], "%.2fx" % (wall[label] / wall["bare"]),
                    "%.2fx" % (least[label] / least["bare"]), "%.2fx" % (cpu[label] / cpu["bare"]),
                    "%.1f" % rss]
        rows.append(row)
        print("  measured: %s (load %.1f)" % (title, os.getloadavg()[0]), file=sys.stderr)

    header = ["case", "bare ms", "bare CPU ms"]
    for label, _ in builds:
        header += ["%s ms" % label, "/bare", "min/min", "CPU/CPU", "RSS MB"]
    print("bcplan builds and the bare libyaml pass in turn (median of %d rounds; %d for -c DIR), whole process;"
          " load average %.2f %.2f %.2f at the start, %.2f %.2f %.2f at the end"
          % ((args.runs, args.many_runs) + load_start + os.getloadavg()))
    print(timing.format_table(header, rows))
    print("/bare: median wall over the bare pass's median; min/min: fastest run over fastest run;"
          " CPU/CPU: median user+system time over the bare pass's")


if __name__ == "__main__":
    main()
