#!/usr/bin/env bash
# Start-up cost of bcplan builds side by side: how many libraries the loader maps (ldd), and the
# whole process of `bcplan --version` and of `validate` of the small example, in wall time
# (runs interleaved between the builds; min and median) and in callgrind instructions (loader
# included, repeatable on a busy machine).
#
#   Benchmarks/startup.sh NAME=BINARY [NAME=BINARY...]      (RUNS=200 by default)
#
# Made for issue 17's "libcurl loaded only when used": the builds before and after it.
set -euo pipefail
cd "$(dirname "$0")/.."
(($#)) || { echo "usage: Benchmarks/startup.sh NAME=BINARY [NAME=BINARY...]" >&2; exit 64; }
OUT=Benchmarks/out
mkdir -p "$OUT"
SWIFT_LIB="$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux"
# As in instructions.sh: valgrind cannot read Swift 6.3's DWARF 5 (stripped copies), and crashes
# when the main thread parks in dispatch_main (the preloaded shim).
cc -O2 -shared -fPIC -o "$OUT/callgrind_main_queue.so" Benchmarks/callgrind_main_queue.c \
    -L"$SWIFT_LIB" -Wl,-rpath,"$SWIFT_LIB" -ldispatch
for pair in "$@"; do
    strip --strip-debug -o "$OUT/startup-${pair%%=*}.nodebug" "${pair#*=}"
done
export OUT RUNS=${RUNS:-200}
exec python3 - "$@" <<'PY'
import os, re, statistics, subprocess, sys, time
out, runs = os.environ["OUT"], int(os.environ["RUNS"])
builds = [arg.split("=", 1) for arg in sys.argv[1:]]
commands = [("--version", ["--version"]),
            ("validate example", ["validate", "-c", "examples/brand-with-agency/bcplan.yaml"])]
print(f"load average before: {open('/proc/loadavg').read().split()[:3]}")
print(f"{'build':<18} {'ldd lines':>9} {'NEEDED':>6}")
for name, path in builds:
    ldd = subprocess.run(["ldd", path], capture_output=True, text=True).stdout.strip().splitlines()
    needed = [l for l in subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout.splitlines() if "NEEDED" in l]
    print(f"{name:<18} {len(ldd):>9} {len(needed):>6}")
samples = {(name, label): [] for name, _ in builds for label, _ in commands}
for _ in range(runs):
    for name, path in builds:
        for label, args in commands:
            start = time.perf_counter()
            subprocess.run([path] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            samples[(name, label)].append((time.perf_counter() - start) * 1000)
preload = os.path.abspath(os.path.join(out, "callgrind_main_queue.so"))
print(f"\n{runs} runs each, interleaved; wall ms (min / median), callgrind instructions (M)")
print(f"{'build':<18} {'command':<18} {'min':>7} {'median':>7} {'instr M':>8}")
for name, _ in builds:
    for label, args in commands:
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                               os.path.join(out, f"startup-{name}.nodebug")] + args,
                              env=dict(os.environ, LD_PRELOAD=preload), capture_output=True, text=True)
        refs = re.search(r"Collected : (\d+)", proc.stderr)
        s = samples[(name, label)]
        print(f"{name:<18} {label:<18} {min(s):>7.2f} {statistics.median(s):>7.2f} "
              f"{int(refs.group(1)) / 1e6 if refs else float('nan'):>8.1f}")
print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")
PY
