#!/usr/bin/env python3
"""Check that saved bcplan plans were made from the configs as they are now.

    check_plans.py PLANS CONFIGS

PLANS is the folder `bcplan plan -c CONFIGS --out PLANS` wrote in the pull request (one
<config name>.plan.json per config); CONFIGS the folder of configs after the merge. Every config
needs its plan and every plan its config, and each plan's config digest (`config.sha256`, the
SHA-256 of the file's bytes) must be the SHA-256 of that config now: otherwise the plan was not
made from what was merged (main moved after the pull request was planned) and must not be applied.

Prints one line per plan, then every cause of refusal. Exits 0 when every plan matches, 1 when
any does not, 2 on a usage error. With GITHUB_OUTPUT set, also writes `changes=true` when any plan
holds an action (else `changes=false`) and `count=N`.

A pull request is applied whole or not at all: one stale plan refuses the set, since applying the
rest would carry out a change nobody reviewed. bcplan apply checks each plan again after approval
(its config digest, the state and every object it touches) and refuses the stale ones on its own;
this check runs before, so that the approver sees stale plans refused, not proposed.
"""

import hashlib
import json
import os
import sys

PLAN_SUFFIX = ".plan.json"


def config_names(configs):
    """The config files directly in the folder, as bcplan -c DIR reads them."""
    return sorted(name for name in os.listdir(configs)
                  if not name.startswith(".") and name.endswith((".yaml", ".yml"))
                  and os.path.isfile(os.path.join(configs, name)))


def stem(name):
    return name.rsplit(".", 1)[0]


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def main(argv):
    if len(argv) != 2:
        print("usage: check_plans.py PLANS CONFIGS", file=sys.stderr)
        return 2
    plans, configs = argv
    if not os.path.isdir(plans) or not os.path.isdir(configs):
        print("check_plans.py: %s and %s must be folders" % (plans, configs), file=sys.stderr)
        return 2
    causes = []
    changes = 0
    plan_names = sorted(name for name in os.listdir(plans) if name.endswith(PLAN_SUFFIX))
    by_stem = {stem(name): name for name in config_names(configs)}
    for name in sorted(set(by_stem) - {plan[:-len(PLAN_SUFFIX)] for plan in plan_names}):
        causes.append("%s/%s has no saved plan (it was added or renamed after the pull request was planned)"
                      % (configs, by_stem[name]))
    for plan_name in plan_names:
        plan_path = os.path.join(plans, plan_name)
        config_name = by_stem.get(plan_name[:-len(PLAN_SUFFIX)])
        if config_name is None:
            causes.append("%s matches no config in %s (it was removed or renamed)" % (plan_path, configs))
            continue
        config_path = os.path.join(configs, config_name)
        try:
            with open(plan_path, encoding="utf-8") as handle:
                plan = json.load(handle)
            planned = plan["config"]["sha256"]
            actions = len(plan["actions"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            causes.append("%s is not a bcplan plan: %s" % (plan_path, error))
            continue
        now = sha256(config_path)
        if planned != now:
            causes.append("%s changed since its plan was made: the plan was made from sha256 %s, the config is now %s"
                          % (config_path, planned[:12], now[:12]))
            continue
        changes += actions
        print("%s: made from %s as it is now (sha256 %s), %d action%s"
              % (plan_path, config_path, now[:12], actions, "" if actions == 1 else "s"))
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
            output.write("changes=%s\ncount=%d\n" % ("true" if changes and not causes else "false", len(plan_names)))
    if causes:
        print("The saved plans are stale; nothing is applied:", file=sys.stderr)
        for cause in causes:
            print("  - " + cause, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
