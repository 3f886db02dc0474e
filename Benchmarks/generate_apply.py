#!/usr/bin/env python3
"""Deterministic configs and mock stores for the apply benchmark (Benchmarks/apply.sh).

    python3 Benchmarks/generate_apply.py --out DIR --kind distinct [--actions 1000] [--seed 1]
    python3 Benchmarks/generate_apply.py --out DIR --kind identical [--invitations 200] [--seed 1]
        [--latency-ms 20] [--requests-per-second 50]

--kind distinct: a plan of --actions actions (1,000 by default) of which no two can share a
  provider call, so applying it takes exactly that many calls: 30 % assigns to active members,
  15 % unassigns, 15 % finance-role updates, 20 % invitations each with its own ad-account
  grants (the batch key of an invitation is its role, finance role and grants), 20 % shares to
  existing partners, each of a type and permission the partner gets no other share of (the batch
  key of a share is partner, type and permission). No action depends on another.
--kind identical: --invitations invitations (200 by default) with identical parameters
  (standard, finance analyst, two ad-account grants): a provider that takes 50 e-mails a call
  needs ceil(200 / 50) = 4 calls.

Writes DIR/bcplan.yaml (mock provider with the given latency and rate limit), DIR/bcplan.mock.json
and DIR/meta.json (the seed, the expected action and call counts, and the BCPLAN_NOW to run at).
Removes state, lock, audit log and journal left in DIR by an earlier run. Same arguments ->
byte-identical output. Only the standard library is used.
"""

import argparse
import json
import os
import random
import sys

from config_yaml import asset_lines, member_lines, partner_lines
from generate import FIRST, LAST, IdPool, TT_PERMS

NOW = "2026-11-21T12:00:00Z"
DOMAIN = "bench.example"
INVITE_BATCH = 50          # the mock's maxInvitationBatch
AD_PERMS = ["admin", "operator", "analyst"]
# Every share a partner gets differs from its others in type or permission: ten combinations.
# (No admin on ad accounts: the planner rightly warns about those.)
SHARE_COMBOS = ([("ad_account", "operator"), ("ad_account", "analyst"), ("catalog", "admin"),
                 ("catalog", "ad_promote")]
                + [("tiktok_account", s) for s in (["post"], ["live"], ["direct_message"], ["live", "post"],
                                                   ["direct_message", "post"])]
                + [("pixel", "use")])


def assets_for(rng, ids, bc_id, n_ads, n_catalogs, n_tiktok, n_pixels):
    assets = []
    for atype, count, short, prefix in (("ad_account", n_ads, "ad", "71"), ("catalog", n_catalogs, "cat", "72"),
                                        ("tiktok_account", n_tiktok, "tt", "69"), ("pixel", n_pixels, "px", None)):
        for j in range(1, count + 1):
            assets.append({"key": "%s-%03d" % (short, j), "type": atype,
                           "id": ids.pixel() if atype == "pixel" else ids.digits(prefix),
                           "name": "Bench %s %03d" % (short, j)})
    store_assets = [{"type": a["type"], "id": a["id"], "name": a["name"], "owner_bc_id": bc_id} for a in assets]
    return assets, store_assets


def grant_record(asset, permission):
    return {"type": asset["type"], "id": asset["id"], "permission": permission}


class People:
    """Distinct e-mail addresses and user ids."""

    def __init__(self, rng, ids):
        self.rng, self.ids, self.n = rng, ids, 0

    def email(self):
        self.n += 1
        return "%s.%s%d@%s" % (self.rng.choice(FIRST), self.rng.choice(LAST), self.n, DOMAIN)

    def active(self, email, role="standard", finance=None, grants=()):
        return {"email": email, "user_id": self.ids.digits("68"), "status": "active", "role": role,
                "finance": finance, "invited_at": "2025-06-01T09:00:00Z", "resends": 0,
                "assets": sorted((grant_record(a, p) for a, p in grants), key=lambda g: (g["type"], g["id"]))}


def admins(people, n=3):
    """(config members, store members) for n active admins; the first is the caller."""
    config, store = [], []
    for i in range(n):
        e = people.email()
        finance = "manager" if i == 0 else None
        config.append({"email": e, "role": "admin", "finance": finance, "assets": []})
        store.append(people.active(e, "admin", finance))
    return config, store


def generate_distinct(n_actions, seed):
    rng = random.Random(seed)
    ids = IdPool(rng)
    people = People(rng, ids)
    bc_id = ids.digits("70")
    n_assign = round(n_actions * 0.30)
    n_unassign = round(n_actions * 0.15)
    n_update = round(n_actions * 0.15)
    n_invite = round(n_actions * 0.20)
    n_share = n_actions - n_assign - n_unassign - n_update - n_invite
    n_ads = 60
    assets, store_assets = assets_for(rng, ids, bc_id, n_ads, 20, 20, 10)
    by_type = {}
    for a in assets:
        by_type.setdefault(a["type"], []).append(a)
    ads = by_type["ad_account"]
    config_members, store_members = admins(people)

    def permission(a):
        return {"ad_account": lambda: rng.choice(AD_PERMS), "catalog": lambda: rng.choice(["admin", "ad_promote"]),
                "tiktok_account": lambda: sorted(rng.sample(TT_PERMS, rng.randint(1, 3))),
                "pixel": lambda: "use"}[a["type"]]()

    for _ in range(n_assign):          # one new grant each, on top of what they hold
        e = people.email()
        held = rng.sample(assets, rng.randint(0, 2))
        new = rng.choice([a for a in assets if a not in held])
        grants = [(a, permission(a)) for a in held]
        config_members.append({"email": e, "role": "standard", "finance": None,
                               "assets": grants + [(new, permission(new))]})
        store_members.append(people.active(e, grants=grants))
    for _ in range(n_unassign):        # one grant fewer each
        e = people.email()
        held = [(a, permission(a)) for a in rng.sample(assets, rng.randint(1, 3))]
        config_members.append({"email": e, "role": "standard", "finance": None, "assets": held[1:]})
        store_members.append(people.active(e, grants=held))
    for i in range(n_update):          # a finance role added or changed, in place
        e = people.email()
        before, after = [(None, "analyst"), ("analyst", "manager"), ("manager", None)][i % 3]
        config_members.append({"email": e, "role": "standard", "finance": after, "assets": []})
        store_members.append(people.active(e, finance=before))
    # invitations: every one with a grant set no other has (one account, then pairs)
    combos = [[(a, p)] for a in ads for p in AD_PERMS]
    combos += [[(ads[i], "analyst"), (ads[j], "operator")] for i in range(n_ads) for j in range(n_ads) if i != j]
    if n_invite > len(combos):
        raise SystemExit("--actions too large: only %d distinct invitations" % len(combos))
    for grants in combos[:n_invite]:
        config_members.append({"email": people.email(), "role": "standard", "finance": None, "assets": grants})
    # shares: partners that already exist, each getting up to ten shares of distinct type+permission
    config_partners, store_partners = [], []
    remaining = n_share
    while remaining > 0:
        take = min(len(SHARE_COMBOS), remaining)
        remaining -= take
        pid = ids.digits("70")
        name = "Bench Partner %03d" % (len(config_partners) + 1)
        combos = SHARE_COMBOS[:take]
        picked = {t: rng.sample(by_type[t], sum(1 for c, _ in combos if c == t)) for t in by_type}
        shares = [(picked[atype].pop(), perm) for atype, perm in combos]
        config_partners.append({"bc_id": pid, "name": name, "media_agency": False, "shares": shares})
        store_partners.append({"bc_id": pid, "name": name, "status": "active", "media_agency": False, "shares": []})
    rng.shuffle(store_members)
    expected = {"actions": n_actions, "calls": n_actions,
                "by_kind": {"assign": n_assign, "unassign": n_unassign, "update_role": n_update,
                            "invite": n_invite, "share": n_share}}
    return bc_id, assets, config_members, config_partners, {
        "business_center": {"id": bc_id, "name": "Bench Retail"}, "members": store_members,
        "partners": store_partners, "assets": store_assets}, expected


def generate_identical(n_invitations, seed):
    rng = random.Random(seed)
    ids = IdPool(rng)
    people = People(rng, ids)
    bc_id = ids.digits("70")
    assets, store_assets = assets_for(rng, ids, bc_id, 4, 1, 1, 1)
    config_members, store_members = admins(people)
    grants = [(assets[0], "analyst"), (assets[1], "operator")]
    for _ in range(n_invitations):
        config_members.append({"email": people.email(), "role": "standard", "finance": "analyst", "assets": grants})
    calls = -(-n_invitations // INVITE_BATCH)
    expected = {"actions": n_invitations, "calls": calls, "invite_calls": calls,
                "by_kind": {"invite": n_invitations}}
    return bc_id, assets, config_members, [], {
        "business_center": {"id": bc_id, "name": "Bench Retail"}, "members": store_members,
        "partners": [], "assets": store_assets}, expected


def render_yaml(bc_id, assets, members, partners, latency_ms, rps):
    out = ["# Synthetic bcplan config generated by Benchmarks/generate_apply.py (do not edit).",
           "version: 1", "business_center:", '  id: "%s"' % bc_id, "  name: Bench Retail",
           "provider:", "  kind: mock", "  store: bcplan.mock.json", "  caller: %s" % members[0]["email"],
           "  latency_ms: %d" % latency_ms, "  requests_per_second: %g" % rps,
           "state: bcplan.state.json", "policy:", "  max_revoke_fraction: 1.0"]
    out += asset_lines(assets) + member_lines(members) + partner_lines(partners)
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--kind", required=True, choices=["distinct", "identical"])
    ap.add_argument("--actions", type=int, default=1000, help="distinct: actions in the plan")
    ap.add_argument("--invitations", type=int, default=200, help="identical: invitations in the plan")
    ap.add_argument("--latency-ms", type=int, default=20)
    ap.add_argument("--requests-per-second", type=float, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.kind == "distinct":
        if args.actions < 10:
            ap.error("--actions must be at least 10")
        generated = generate_distinct(args.actions, args.seed)
    else:
        if args.invitations < 1:
            ap.error("--invitations must be at least 1")
        generated = generate_identical(args.invitations, args.seed)
    bc_id, assets, members, partners, store, expected = generated

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bcplan.yaml"), "w", encoding="utf-8") as f:
        f.write(render_yaml(bc_id, assets, members, partners, args.latency_ms, args.requests_per_second))
    with open(os.path.join(args.out, "bcplan.mock.json"), "w", encoding="utf-8") as f:
        json.dump(store, f, indent=1)
        f.write("\n")
    meta = {"kind": args.kind, "seed": args.seed, "bcplan_now": NOW, "latency_ms": args.latency_ms,
            "requests_per_second": args.requests_per_second, "expected": expected}
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    for stale in ("bcplan.state.json", "bcplan.state.json.journal", "bcplan.state.history.jsonl",
                  ".bcplan/bcplan.state.json.lock", ".bcplan/bcplan.state.json.backup", "bcplan.state.audit.jsonl",
                  "bcplan.mock.requests.jsonl"):
        path = os.path.join(args.out, stale)
        if os.path.exists(path):
            os.remove(path)
    print("%s: %s, %d actions expected in %d provider calls" % (
        args.out, args.kind, expected["actions"], expected["calls"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
