#!/usr/bin/env python3
"""Deterministic generator of synthetic bcplan configs and matching mock stores.

    python3 Benchmarks/generate.py --out DIR [--scale 1.0] [--drift 0.1] [--seed 1]

Writes
  DIR/bcplan.yaml       a config in the DESIGN.md §2 format (every id a quoted string)
  DIR/bcplan.mock.json  a §3 snapshot: the "live" Business Center, differing from the
                        config in about --drift of its objects
  DIR/meta.json         counts, the seed, the drift actually applied, and a BCPLAN_NOW
                        value that makes the pending invitations young (for plan benchmarks)

At --scale 1.0 the config is at the platform maximum: 4,000 members (20 admins),
1,000 partners, 10,000 assets. Same arguments -> byte-identical output.
Only the standard library is used.
"""

import argparse
import json
import os
import random
import sys

# Time the benchmarks should run at (export BCPLAN_NOW=...): pending invitations in the
# store are a few days older than this, so they are waiting, not due for a resend.
NOW = "2026-11-01T00:00:00Z"

AD_PERMS = ["admin", "operator", "analyst"]
AD_PERMS_WEIGHTS = [1, 5, 6]           # partners/members rarely get admin
CATALOG_PERMS = ["admin", "ad_promote"]
TT_PERMS = ["post", "live", "direct_message"]   # config order; the store sorts
PIXEL_PERMS = ["use"]

FIRST = ["ana", "ben", "carla", "dev", "eli", "fatima", "gus", "hana", "ivan", "jun",
         "kofi", "lena", "marco", "nia", "omar", "priya", "quinn", "rosa", "sven", "tara",
         "umar", "vera", "wei", "xena", "yusuf", "zoe"]
LAST = ["smith", "garcia", "chen", "okafor", "muller", "rossi", "tanaka", "kim", "silva",
        "nowak", "dubois", "khan", "larsen", "ivanova", "mensah", "lopez", "singh", "park"]
BRANDS = ["Acme", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne"]
REGIONS = ["US", "UK", "DE", "FR", "JP", "BR", "MX", "ID", "TH", "VN", "AU", "CA"]
AGENCY_WORDS = ["Blue", "Red", "Bright", "Summit", "Harbor", "Pixel", "Nova", "Orbit",
                "Maple", "Cedar", "Atlas", "Quartz"]
AGENCY_KINDS = ["Agency", "Media", "Partners", "Digital", "Studio", "Group"]
DOMAIN = "acme-retail.example"


class IdPool:
    """Unique, realistic-looking ids (19 digits; pixels 'C' + 17 uppercase alnum)."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def digits(self, prefix):
        while True:
            rest = "".join(self.rng.choice("0123456789") for _ in range(19 - len(prefix)))
            value = prefix + rest
            if value not in self.used:
                self.used.add(value)
                return value

    def pixel(self):
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        while True:
            value = "C" + self.rng.choice("0123456789ABCDEF") + "".join(
                self.rng.choice(alphabet) for _ in range(16))
            if value not in self.used:
                self.used.add(value)
                return value


def counts_for(scale):
    n_members = max(1, round(4000 * scale))
    n_admins = min(20, max(5, round(20 * scale)), n_members)
    n_partners = max(0, round(1000 * scale))
    n_assets = max(4, round(10000 * scale))
    return n_members, n_admins, n_partners, n_assets


def random_permission(rng, atype, exclude=None):
    """A valid permission for the type (a sorted list for tiktok_account), != exclude."""
    for _ in range(20):
        if atype == "ad_account":
            p = rng.choices(AD_PERMS, AD_PERMS_WEIGHTS)[0]
        elif atype == "catalog":
            p = rng.choice(CATALOG_PERMS)
        elif atype == "tiktok_account":
            k = rng.randint(1, 3)
            p = sorted(rng.sample(TT_PERMS, k))
        else:
            p = "use"
        if p != exclude:
            return p
    return None  # pixel: no other value exists


def yaml_perm(atype, perm):
    if atype == "tiktok_account":
        # config order (not sorted) to exercise set semantics: [post, live, direct_message]
        return "[" + ", ".join(p for p in TT_PERMS if p in perm) + "]"
    return perm


def iso(rng, start_year, end_year):
    y = rng.randint(start_year, end_year)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return "%04d-%02d-%02dT%02d:%02d:00Z" % (y, m, d, rng.randint(0, 23), rng.randint(0, 59))


def pick_assets(rng, pool, k):
    """k distinct assets (dicts) from pool."""
    if k <= 0 or not pool:
        return []
    return rng.sample(pool, min(k, len(pool)))


def generate(scale, drift, seed):
    rng = random.Random(seed)
    ids = IdPool(rng)
    n_members, n_admins, n_partners, n_assets = counts_for(scale)

    bc_id = ids.digits("70")
    bc_name = "Acme Retail"
    foreign_bcs = [ids.digits("70") for _ in range(max(1, min(5, round(5 * scale))))]

    # ---------------------------------------------------------------- assets
    type_mix = [("ad_account", 0.50, "ad", "71"), ("catalog", 0.15, "cat", "72"),
                ("tiktok_account", 0.20, "tt", "69"), ("pixel", 0.15, "px", None)]
    assets = []
    made = 0
    for i, (atype, share, short, prefix) in enumerate(type_mix):
        n = n_assets - made if i == len(type_mix) - 1 else round(n_assets * share)
        made += n
        for j in range(1, n + 1):
            aid = ids.pixel() if atype == "pixel" else ids.digits(prefix)
            label = {"ad_account": "Ads", "catalog": "Catalog",
                     "tiktok_account": "TikTok", "pixel": "Pixel"}[atype]
            assets.append({
                "key": "%s-%05d" % (short, j), "type": atype, "id": aid,
                "name": "%s %s %s %05d" % (rng.choice(BRANDS), rng.choice(REGIONS), label, j),
                "owner": None, "access": None,
            })
    # a few ad accounts owned by other BCs that we use (owner + access)
    ad_assets = [a for a in assets if a["type"] == "ad_account"]
    n_foreign = max(1, round(n_assets * 0.005))
    for a in rng.sample(ad_assets, min(n_foreign, len(ad_assets))):
        a["owner"] = rng.choice(foreign_bcs)
        a["access"] = rng.choice(["operator", "analyst", "admin", "analyst"])
    own = [a for a in assets if a["owner"] is None]
    own_ad = [a for a in own if a["type"] == "ad_account"]

    # ---------------------------------------------------------------- members
    members = []
    for i in range(n_members):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = "%s.%s%d@%s" % (first, last, i + 1, DOMAIN)
        if i > 0 and i % 97 == 0:          # keep the spelling, compare case-insensitively
            email = email[0].upper() + email[1:]
        is_admin = i < n_admins
        m = {"email": email, "role": "admin" if is_admin else "standard", "finance": None,
             "assets": []}
        if is_admin:
            m["finance"] = ["manager", "analyst", None, None][i % 4] if i > 0 else "manager"
        else:
            if rng.random() < 0.03:
                m["finance"] = "analyst"
            k = rng.randint(0, 4)
            m["assets"] = [(a, random_permission(rng, a["type"])) for a in pick_assets(rng, own, k)]
        members.append(m)
    caller = members[0]["email"]

    # ---------------------------------------------------------------- partners
    partners = []
    for i in range(n_partners):
        k = rng.randint(0, 10)
        shares = [(a, random_permission(rng, a["type"])) for a in pick_assets(rng, own, k)]
        partners.append({
            "bc_id": ids.digits("70"),
            "name": "%s %s %04d" % (rng.choice(AGENCY_WORDS), rng.choice(AGENCY_KINDS), i + 1),
            "media_agency": rng.random() < 0.4,
            "shares": shares,
        })

    # ---------------------------------------------------------------- live store
    applied = {"members_missing": 0, "members_extra": 0, "members_role_changed": 0,
               "members_permissions_changed": 0, "members_pending": 0,
               "partners_missing": 0, "partners_extra": 0, "partners_shares_changed": 0,
               "partners_pending": 0, "assets_access_lowered": 0, "assets_to_transfer": 0}

    def store_assignments(pairs):
        out = []
        for a, p in pairs:
            out.append({"type": a["type"], "id": a["id"], "permission": p})
        return out

    def mutate_pairs(pairs, pool, allowed_types=None):
        """Change one permission, drop one, add one (each when possible)."""
        pairs = list(pairs)
        changeable = [i for i, (a, _) in enumerate(pairs) if a["type"] != "pixel"]
        if changeable:
            i = rng.choice(changeable)
            a, p = pairs[i]
            pairs[i] = (a, random_permission(rng, a["type"], exclude=p))
        if len(pairs) > 1 and rng.random() < 0.5:
            pairs.pop(rng.randrange(len(pairs)))
        present = {a["id"] for a, _ in pairs}
        for _ in range(5):
            a = rng.choice(pool)
            if a["id"] not in present and (allowed_types is None or a["type"] in allowed_types):
                pairs.append((a, random_permission(rng, a["type"])))
                break
        return pairs

    # member drift: disjoint selections
    standard_idx = [i for i, m in enumerate(members) if m["role"] == "standard"]
    nonc_idx = list(range(1, len(members)))
    nd = round(drift * n_members)
    n_missing = round(nd * 0.25)
    n_role = round(nd * 0.20)
    n_perm = round(nd * 0.40)
    n_pending = max(0, nd - n_missing - n_role - n_perm)
    shuffled_std = standard_idx[:]
    rng.shuffle(shuffled_std)
    missing = set(shuffled_std[:n_missing])
    pending = set(shuffled_std[n_missing:n_missing + n_pending])
    rest = [i for i in nonc_idx if i not in missing and i not in pending]
    rng.shuffle(rest)
    role_changed = set(rest[:n_role])
    perm_changed = set(rest[n_role:n_role + n_perm])

    store_members = []
    store_admins = sum(1 for m in members if m["role"] == "admin")
    for i, m in enumerate(members):
        if i in missing:
            applied["members_missing"] += 1
            continue
        role, finance, pairs = m["role"], m["finance"], m["assets"]
        status, user_id = "active", ids.digits("6")
        invited_at, resends = iso(rng, 2023, 2025), 0
        if i in role_changed:
            applied["members_role_changed"] += 1
            if role == "standard" and store_admins < 20:
                role = "admin"
                store_admins += 1
            else:
                finance = {None: "analyst", "analyst": None, "manager": "analyst"}[finance]
        if i in perm_changed:
            applied["members_permissions_changed"] += 1
            pairs = mutate_pairs(pairs, own)
        if i in pending:
            applied["members_pending"] += 1
            status, user_id = "pending", None
            invited_at = "2026-10-%02dT%02d:00:00Z" % (rng.randint(20, 30), rng.randint(0, 23))
            resends = rng.choice([0, 0, 0, 1])
            pairs = [(a, p) for a, p in pairs if a["type"] == "ad_account"]
        store_members.append({
            "email": m["email"].lower(), "user_id": user_id, "status": status, "role": role,
            "finance": finance, "invited_at": invited_at, "resends": resends,
            "assets": store_assignments(pairs),
        })
    # extra (undeclared) members; never above the platform maximum
    n_extra = min(n_missing, 4000 - len(store_members))
    if n_missing == 0 and nd > 0:
        n_extra = min(max(1, nd // 4), 4000 - len(store_members))
    for j in range(n_extra):
        k = rng.randint(0, 4)
        pairs = [(a, random_permission(rng, a["type"])) for a in pick_assets(rng, own, k)]
        store_members.append({
            "email": "%s.%s.ex%d@%s" % (rng.choice(FIRST), rng.choice(LAST), j + 1, DOMAIN),
            "user_id": ids.digits("6"), "status": "active", "role": "standard",
            "finance": None, "invited_at": iso(rng, 2022, 2025), "resends": 0,
            "assets": store_assignments(pairs),
        })
        applied["members_extra"] += 1
    rng.shuffle(store_members)

    # asset drift: a few foreign accounts with lower access, a few of ours still owned elsewhere
    store_assets = []
    foreign = [a for a in assets if a["owner"] is not None]
    lowered = set(a["id"] for a in rng.sample(foreign, min(len(foreign), round(len(foreign) * drift))))
    shared_ids = {a["id"] for p in partners for a, _ in p["shares"]}
    transfer_pool = [a for a in own if a["id"] not in shared_ids and a["type"] == "ad_account"]
    n_transfer = min(len(transfer_pool), round(n_assets * drift * 0.002))
    to_transfer = set(a["id"] for a in rng.sample(transfer_pool, n_transfer))
    for a in assets:
        s = {"type": a["type"], "id": a["id"], "name": a["name"]}
        if a["owner"] is not None:
            s["owner_bc_id"] = a["owner"]
            access = a["access"]
            if a["id"] in lowered:
                applied["assets_access_lowered"] += 1
                access = {"admin": "operator", "operator": "analyst", "analyst": None}[access]
            if access is not None:
                s["access"] = access
        elif a["id"] in to_transfer:
            applied["assets_to_transfer"] += 1
            s["owner_bc_id"] = rng.choice(foreign_bcs)
            s["access"] = "admin"
        else:
            s["owner_bc_id"] = bc_id
        store_assets.append(s)
    # partners may only hold shares of assets the BC owns (live)
    live_own = [a for a in own if a["id"] not in to_transfer]

    npd = round(drift * n_partners)
    p_missing_n = round(npd * 0.2)
    p_pending_n = round(npd * 0.1)
    p_changed_n = max(0, npd - 2 * p_missing_n - p_pending_n)
    pidx = list(range(n_partners))
    rng.shuffle(pidx)
    p_missing = set(pidx[:p_missing_n])
    p_pending = set(pidx[p_missing_n:p_missing_n + p_pending_n])
    p_changed = set(pidx[p_missing_n + p_pending_n:p_missing_n + p_pending_n + p_changed_n])
    store_partners = []
    for i, p in enumerate(partners):
        if i in p_missing:
            applied["partners_missing"] += 1
            continue
        shares = p["shares"]
        status = "active"
        if i in p_changed:
            applied["partners_shares_changed"] += 1
            shares = mutate_pairs(shares, live_own)
        if i in p_pending:
            applied["partners_pending"] += 1
            status = "pending"
        store_partners.append({"bc_id": p["bc_id"], "name": p["name"], "status": status,
                               "media_agency": p["media_agency"],
                               "shares": store_assignments(shares)})
    for j in range(p_missing_n):
        k = rng.randint(0, 10)
        shares = [(a, random_permission(rng, a["type"])) for a in pick_assets(rng, live_own, k)]
        store_partners.append({
            "bc_id": ids.digits("70"),
            "name": "%s %s X%03d" % (rng.choice(AGENCY_WORDS), rng.choice(AGENCY_KINDS), j + 1),
            "status": "active", "media_agency": rng.random() < 0.4,
            "shares": store_assignments(shares)})
        applied["partners_extra"] += 1
    rng.shuffle(store_partners)

    store = {"business_center": {"id": bc_id, "name": bc_name},
             "members": store_members, "partners": store_partners, "assets": store_assets}
    cfg = {"bc_id": bc_id, "bc_name": bc_name, "caller": caller, "assets": assets,
           "members": members, "partners": partners}
    meta = {"seed": seed, "scale": scale, "drift": drift, "bcplan_now": NOW,
            "config": {"members": n_members, "admins": n_admins, "partners": n_partners,
                       "assets": n_assets, "foreign_assets": len(foreign),
                       "member_assignments": sum(len(m["assets"]) for m in members),
                       "partner_shares": sum(len(p["shares"]) for p in partners)},
            "store": {"members": len(store_members), "partners": len(store_partners),
                      "assets": len(store_assets)},
            "drift_applied": applied}
    return cfg, store, meta


def render_yaml(cfg):
    out = []
    w = out.append
    w("# Synthetic bcplan config generated by Benchmarks/generate.py (do not edit).")
    w("version: 1")
    w("business_center:")
    w('  id: "%s"' % cfg["bc_id"])
    w("  name: %s" % cfg["bc_name"])
    w("provider:")
    w("  kind: mock")
    w("  store: bcplan.mock.json")
    w("  caller: %s" % cfg["caller"])
    w("state: bcplan.state.json")
    w("policy:")
    w("  max_revoke_fraction: 1.0")
    w("assets:")
    for a in cfg["assets"]:
        w("  - key: %s" % a["key"])
        w("    type: %s" % a["type"])
        w('    id: "%s"' % a["id"])
        w("    name: %s" % a["name"])
        if a["owner"] is not None:
            w('    owner: "%s"' % a["owner"])
            w("    access: %s" % a["access"])
    w("members:")
    for m in cfg["members"]:
        w("  - email: %s" % m["email"])
        w("    role: %s" % m["role"])
        if m["finance"] is not None:
            w("    finance: %s" % m["finance"])
        if m["assets"]:
            w("    assets:")
            for a, p in m["assets"]:
                w("      %s: %s" % (a["key"], yaml_perm(a["type"], p)))
    w("partners:")
    for p in cfg["partners"]:
        w('  - bc_id: "%s"' % p["bc_id"])
        w("    name: %s" % p["name"])
        w("    media_agency: %s" % ("true" if p["media_agency"] else "false"))
        if p["shares"]:
            w("    shares:")
            for a, perm in p["shares"]:
                w("      %s: %s" % (a["key"], yaml_perm(a["type"], perm)))
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 = platform maximum")
    ap.add_argument("--drift", type=float, default=0.1, help="fraction of objects that differ live")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not 0 < args.scale <= 1.0:
        ap.error("--scale must be in (0, 1]")
    if not 0 <= args.drift <= 1.0:
        ap.error("--drift must be in [0, 1]")

    cfg, store, meta = generate(args.scale, args.drift, args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bcplan.yaml"), "w", encoding="utf-8") as f:
        f.write(render_yaml(cfg))
    with open(os.path.join(args.out, "bcplan.mock.json"), "w", encoding="utf-8") as f:
        json.dump(store, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    # stale state from an earlier generation would make the plan meaningless
    for stale in ("bcplan.state.json", "bcplan.state.json.journal", "bcplan.state.history.jsonl",
                  ".bcplan/bcplan.state.json.lock", ".bcplan/bcplan.state.json.backup", "bcplan.state.audit.jsonl"):
        path = os.path.join(args.out, stale)
        if os.path.exists(path):
            os.remove(path)
    print("%s: %d members, %d partners, %d assets (store: %d members, %d partners)" % (
        args.out, meta["config"]["members"], meta["config"]["partners"],
        meta["config"]["assets"], meta["store"]["members"], meta["store"]["partners"]),
        file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
