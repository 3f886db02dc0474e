#!/usr/bin/env bash
# Benchmark `bcplan history` on a long record of the maximum Business Center (issue 16).
#
#   Benchmarks/history.sh
#
# Input: the max config (Benchmarks/generate.py, scale 1.0, seed 1: 4,000 members, 1,000
# partners, 10,000 assets) and a state history written the way applies and refreshes write it:
# serial 1 records the whole Business Center, then WRITES writes (default 2,000) each change one
# member's or partner's grant as an apply outcome does, and every 100th is a refresh that sees
# 20 members changed by hand. `history` replays only what each write changed, so a question about
# one asset, member or partner should cost little more than reading the record, and the whole
# record (every interval, csv) in proportion to its size.
#
# Figures: median wall time (RUNS, default 5) and peak RSS of `history --asset`, `--member`,
# `--partner`, `--at`, and all access as csv; the record's size. No target is set (issue 16 has
# none); the figures go to Benchmarks/RESULTS.md with the load average they were taken at.
#
# Environment: RUNS, WARMUP, WRITES, SKIP_BUILD, BCPLAN_BIN, SWIFT_BUILD_FLAGS (see plan.sh).
set -euo pipefail

# shellcheck source=Benchmarks/common.sh
source "$(dirname "$0")/common.sh"

echo "==> generate the max config and its history" >&2
python3 Benchmarks/generate.py --out "$OUT/history-max" --scale 1.0 --drift 0 --seed 1 >&2

export BCPLAN_BIN OUT
exec python3 - <<'PY'
import json, os, random, sys
sys.path.insert(0, "Benchmarks")
import timing

bcplan = os.environ["BCPLAN_BIN"]
folder = os.path.join(os.environ["OUT"], "history-max")
runs = int(os.environ.get("RUNS", "5"))
warmup = int(os.environ.get("WARMUP", "1"))
writes = int(os.environ.get("WRITES", "2000"))

store = json.load(open(os.path.join(folder, "bcplan.mock.json"), encoding="utf-8"))
rng = random.Random(1)
lineage = "00000000-0000-4000-8000-000000000016"

def line(serial, time, operation, action, changes):
    return json.dumps({
        "serial": serial, "lineage": lineage, "time": time, "operation": operation, "actor": "bench@acme.example",
        "lock": None, "action": action, "result": "succeeded" if action else None,
        "members": len(store["members"]), "partners": len(store["partners"]), "assets": len(store["assets"]),
        "changes": changes}, separators=(",", ":"), sort_keys=True) + "\n"

def stamp(minutes):
    day, minute = divmod(minutes, 24 * 60)
    return "2026-%02d-%02dT%02d:%02d:00Z" % (1 + day // 28, 1 + day % 28, minute // 60, minute % 60)

ad_accounts = [a for a in store["assets"] if a["type"] == "ad_account"]
out = [line(1, stamp(0), "refresh", None, {
    "business_center": store["business_center"], "remove": [],
    "set": [{"member": m} for m in store["members"]] + [{"partner": p} for p in store["partners"]]
           + [{"asset": a} for a in store["assets"]]})]
levels = ["admin", "operator", "analyst"]
for serial in range(2, writes + 2):
    if serial % 100 == 0:
        changed = []
        for member in rng.sample(store["members"], 20):
            if member["status"] == "active" and member["assets"]:
                grant = dict(member["assets"][0])
                if grant["type"] == "ad_account":
                    grant["permission"] = rng.choice(levels)
                    member["assets"] = [grant] + member["assets"][1:]
            changed.append({"member": member})
        out.append(line(serial, stamp(serial), "refresh", None, {"remove": [], "set": changed}))
        continue
    if serial % 2:
        member = rng.choice(store["members"])
        asset = rng.choice(ad_accounts)
        member["assets"] = sorted([g for g in member["assets"] if g["id"] != asset["id"]]
                                  + [{"type": "ad_account", "id": asset["id"], "permission": rng.choice(levels)}],
                                  key=lambda g: (g["type"], g["id"]))
        action = "assign:%s:ad_account:%s" % (member["email"].lower(), asset["id"])
        out.append(line(serial, stamp(serial), "apply", action, {"remove": [], "set": [{"member": member}]}))
    else:
        partner = rng.choice(store["partners"])
        asset = rng.choice(ad_accounts)
        partner["shares"] = sorted([s for s in partner["shares"] if s["id"] != asset["id"]]
                                   + [{"type": "ad_account", "id": asset["id"], "permission": rng.choice(levels[1:])}],
                                   key=lambda s: (s["type"], s["id"]))
        action = "share:%s:ad_account:%s" % (partner["bc_id"], asset["id"])
        out.append(line(serial, stamp(serial), "apply", action, {"remove": [], "set": [{"partner": partner}]}))
history = os.path.join(folder, "bcplan.state.history.jsonl")
with open(history, "w", encoding="utf-8") as f:
    f.writelines(out)
size = os.path.getsize(history)

asset_key = "ad-00001"
member = store["members"][5]["email"]
partner = store["partners"][3]["bc_id"]
cases = [
    ("--asset %s" % asset_key, ["--asset", asset_key]),
    ("--member (one member)", ["--member", member]),
    ("--partner (one partner)", ["--partner", partner]),
    ("--asset --at (mid-record)", ["--asset", asset_key, "--at", stamp(writes // 2)]),
    ("all access, csv", ["--format", "csv"]),
]
rows = []
for name, args in cases:
    cmd = [bcplan, "history", "-c", os.path.join(folder, "bcplan.yaml")] + args
    t = timing.time_command(cmd, runs=runs, warmup=warmup)
    rss = timing.peak_rss_mb(cmd)
    rows.append([name, "%.0f" % t["median_ms"], "%.0f" % rss])
load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
print("record: %d writes, %.1f MB of history (%d members, %d partners, %d assets); load average %s"
      % (len(out), size / 1e6, len(store["members"]), len(store["partners"]), len(store["assets"]), " ".join(load)))
print(timing.format_table(["bcplan history", "median ms", "peak RSS MB"], rows))
PY
