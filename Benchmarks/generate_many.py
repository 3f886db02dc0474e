#!/usr/bin/env python3
"""A directory of many synthetic Business Centers, for the directory benchmark (plan_many.sh).

    python3 Benchmarks/generate_many.py --out DIR [--count 200] [--members 200] [--drift 0.1] [--seed 1]

Writes DIR/bc-001.yaml … DIR/bc-<count>.yaml, each with its mock store DIR/bc-NNN.mock.json and
its own default state file (bc-NNN.state.json, not created), and DIR/meta.json (the counts and a
BCPLAN_NOW to run at). Each Business Center is generate.py's config at the scale that gives
--members members (200 members: 5 admins, 50 partners, 500 assets), with seed --seed + its index,
so all differ (ids included). Removes configs, stores, state, locks and audit logs an earlier run
left in DIR. Same arguments -> byte-identical output. Only the standard library is used.
"""

import argparse
import glob
import json
import os
import sys

from generate import NOW, generate, render_yaml


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--count", type=int, default=200, help="Business Centers")
    ap.add_argument("--members", type=int, default=200, help="members per Business Center (<= 4000)")
    ap.add_argument("--drift", type=float, default=0.1, help="fraction of objects that differ live")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not 1 <= args.count <= 999:
        ap.error("--count must be in [1, 999]")
    if not 1 <= args.members <= 4000:
        ap.error("--members must be in [1, 4000]")

    os.makedirs(args.out, exist_ok=True)
    for pattern in ("bc-*.yaml", "bc-*.mock.json", "bc-*.mock.requests.jsonl", "bc-*.state.json",
                    "bc-*.state.json.journal", "bc-*.state.history.jsonl", ".bcplan/bc-*.state.json.lock",
                    ".bcplan/bc-*.state.json.backup", "bc-*.state.audit.jsonl"):
        for path in glob.glob(os.path.join(args.out, pattern)):
            os.remove(path)
    scale = args.members / 4000.0
    ids, members, actions_hint = set(), 0, 0
    for index in range(1, args.count + 1):
        name = "bc-%03d" % index
        cfg, store, meta = generate(scale, args.drift, args.seed + index)
        if cfg["bc_id"] in ids:
            sys.exit("error: two generated Business Centers share the id %s; pick another --seed" % cfg["bc_id"])
        ids.add(cfg["bc_id"])
        members += meta["config"]["members"]
        actions_hint += sum(meta["drift_applied"].values())
        text = render_yaml(cfg)
        text = text.replace("  store: bcplan.mock.json\n", "  store: %s.mock.json\n" % name, 1)
        text = text.replace("state: bcplan.state.json\n", "", 1)
        with open(os.path.join(args.out, name + ".yaml"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(args.out, name + ".mock.json"), "w", encoding="utf-8") as f:
            json.dump(store, f, indent=1, ensure_ascii=False)
            f.write("\n")
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": args.seed, "count": args.count, "members_each": args.members,
                   "members": members, "drift": args.drift, "drift_applied": actions_hint,
                   "bcplan_now": NOW}, f, indent=2)
        f.write("\n")
    print("%s: %d Business Centers, %d members in all" % (args.out, args.count, members), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
