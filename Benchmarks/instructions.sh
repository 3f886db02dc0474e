#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind) of bcplan and of the bare libyaml pass on the same
# inputs as plan.sh, validate.sh and plan_many.sh: repeatable on a busy machine, where wall times
# are not. Whole process, start-up and exit included.
#
#   Benchmarks/instructions.sh
#
# Two workarounds, neither changing what bcplan computes: the binary is copied without its debug
# information (valgrind 3.19 cannot read Swift 6.3's DWARF 5 and stops), and
# callgrind_main_queue.c is preloaded (valgrind crashes once the main thread parks in
# dispatch_main; see that file).
#
# Environment:
#   BCPLAN_BIN=path      count this binary instead of the release build (SKIP_BUILD, SWIFT_BUILD_FLAGS
#                        as in common.sh)
#   BEFORE_BIN=path      also count this binary, in a column of its own (e.g. the build before a change)
#   SKIP_MANY=1          leave out the 200-Business-Center directory run (about 3 minutes per binary)
set -euo pipefail

# shellcheck source=Benchmarks/common.sh
source "$(dirname "$0")/common.sh"

command -v valgrind >/dev/null || { echo "error: valgrind is not installed" >&2; exit 1; }
SWIFT_LIB="$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux"
cc -O2 -shared -fPIC -o "$OUT/callgrind_main_queue.so" Benchmarks/callgrind_main_queue.c \
    -L"$SWIFT_LIB" -Wl,-rpath,"$SWIFT_LIB" -ldispatch

python3 Benchmarks/generate.py --out "$OUT/max" --scale 1.0 --seed 1 >&2
python3 Benchmarks/generate.py --out "$OUT/quarter" --scale 0.25 --seed 1 >&2
python3 Benchmarks/generate.py --out "$OUT/plan-max" --scale 1.0 --drift 0.1 --seed 1 >&2
python3 Benchmarks/generate.py --out "$OUT/plan-quarter" --scale 0.25 --drift 0.1 --seed 1 >&2
[[ -n "${SKIP_MANY:-}" ]] || python3 Benchmarks/generate_many.py --out "$OUT/many" --count 200 --members 200 --drift 0.1 --seed 1 >&2

strip --strip-debug -o "$OUT/bcplan-after.nodebug" "$BCPLAN_BIN"
if [[ -n "${BEFORE_BIN:-}" ]]; then strip --strip-debug -o "$OUT/bcplan-before.nodebug" "$BEFORE_BIN"; fi

export OUT BEFORE_BIN SKIP_MANY
exec python3 - <<'PY'
import glob, json, os, re, subprocess, sys
sys.path.insert(0, "Benchmarks")
import timing

out = os.environ["OUT"]
preload = os.path.abspath(os.path.join(out, "callgrind_main_queue.so"))
binaries = [("after", os.path.join(out, "bcplan-after.nodebug"))]
if os.environ.get("BEFORE_BIN"):
    binaries.insert(0, ("before", os.path.join(out, "bcplan-before.nodebug")))


def now_of(directory):
    with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
        return json.load(f).get("bcplan_now") or "2026-11-21T12:00:00Z"


def instructions(cmd, env=None, preload_shim=True):
    env = dict(env or os.environ)
    if preload_shim:
        env["LD_PRELOAD"] = preload
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                          env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode not in (0, 2) or not found:
        print("error: %s under callgrind: exit %d\n%s" % (" ".join(cmd), proc.returncode, proc.stderr[-2000:]),
              file=sys.stderr)
        sys.exit(1)
    return int(found.group(1))


cases = []
for name in ("max", "quarter"):
    cfg = os.path.join(out, name, "bcplan.yaml")
    cases.append(("validate " + name, [cfg], lambda b, cfg=cfg: [b, "validate", "-c", cfg], None))
for name in ("max", "quarter"):
    directory = os.path.join(out, "plan-" + name)
    cfg = os.path.join(directory, "bcplan.yaml")
    env = dict(os.environ, BCPLAN_NOW=now_of(directory))
    cases.append(("plan " + name, [cfg], lambda b, cfg=cfg: [b, "plan", "-c", cfg, "--format", "json"], env))
if not os.environ.get("SKIP_MANY"):
    directory = os.path.join(out, "many")
    configs = sorted(glob.glob(os.path.join(directory, "bc-*.yaml")))
    env = dict(os.environ, BCPLAN_NOW=now_of(directory))
    cases.append(("plan -c DIR --jobs 1 (%d BCs)" % len(configs), configs,
                  lambda b, d=directory: [b, "plan", "-c", d, "--format", "json", "--jobs", "1"], env))

header = ["case", "bare Ir (M)"]
for label, _ in binaries:
    header += ["%s Ir (M)" % label, "%s / bare" % label]
if len(binaries) == 2:
    header.append("after / before")
rows = []
for title, files, command, env in cases:
    bare = instructions([os.path.join(out, "bare_parse")] + files, preload_shim=False)
    row = [title, "%.0f" % (bare / 1e6)]
    counts = []
    for _, binary in binaries:
        count = instructions(command(binary), env=env)
        counts.append(count)
        row += ["%.0f" % (count / 1e6), "%.2fx" % (count / bare)]
    if len(counts) == 2:
        row.append("%.2fx" % (counts[1] / counts[0]))
    rows.append(row)
    print("  counted: %s" % title, file=sys.stderr)

print("instructions (callgrind Ir, whole process, millions), load average %.1f" % os.getloadavg()[0])
print(timing.format_table(header, rows))
PY
