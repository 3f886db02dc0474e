"""The parts of a bcplan.yaml that the generators share: assets, members and partners as YAML lines.

Assets: dicts with key, type, id, name, and optionally owner and access.
Members: dicts with email, role, finance (or None), assets: [(asset, permission)].
Partners: dicts with bc_id, name, media_agency (default false), shares: [(asset, permission)].
A tiktok_account permission is a collection of post/live/direct_message, written in config order.
"""

from generate import TT_PERMS


def yaml_permission(atype, permission):
    if atype == "tiktok_account":
        return "[" + ", ".join(x for x in TT_PERMS if x in permission) + "]"
    return permission


def asset_lines(assets):
    out = ["assets:"]
    for a in assets:
        out += ["  - key: %s" % a["key"], "    type: %s" % a["type"], '    id: "%s"' % a["id"],
                "    name: %s" % a["name"]]
        if a.get("owner"):
            out += ['    owner: "%s"' % a["owner"], "    access: %s" % a["access"]]
    return out


def member_lines(members):
    out = ["members:"]
    for m in members:
        out += ["  - email: %s" % m["email"], "    role: %s" % m["role"]]
        if m["finance"]:
            out.append("    finance: %s" % m["finance"])
        if m["assets"]:
            out.append("    assets:")
            out += ["      %s: %s" % (a["key"], yaml_permission(a["type"], p)) for a, p in m["assets"]]
    return out


def partner_lines(partners):
    out = ["partners:" if partners else "partners: []"]
    for p in partners:
        out += ['  - bc_id: "%s"' % p["bc_id"], "    name: %s" % p["name"],
                "    media_agency: %s" % ("true" if p.get("media_agency") else "false")]
        if p["shares"]:
            out.append("    shares:")
            out += ["      %s: %s" % (a["key"], yaml_permission(a["type"], perm)) for a, perm in p["shares"]]
    return out
