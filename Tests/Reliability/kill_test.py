#!/usr/bin/env python3
"""Kill test for `bcplan apply`: SIGKILL at a random moment must never corrupt a file, send an
invitation twice or commit an action twice, and re-running apply must converge (DESIGN §5.4).

    python3 Tests/Reliability/kill_test.py [--trials 12] [--actions N] [--transient-every 3] [--seed 1]
                                           [--backend file|postgres] [--binary PATH] [--keep]

The issue-7 run (50 trials of a 200-action apply, transient failures in every trial):

    python3 Tests/Reliability/kill_test.py --trials 50 --actions 200 --transient-every 1

The same trials with the state in PostgreSQL (issue 15; the database from --database-url, else
$BCPLAN_TEST_DATABASE_URL, as Tests/Postgres/cluster.sh exports it; each trial is a workspace of
its own in a schema of its own for the run):

    python3 Tests/Reliability/kill_test.py --backend postgres --trials 30 --actions 200 --transient-every 1

The fixture is generated from --seed (same seed -> same files): a mock Business Center and a
config whose plan holds 100+ actions of every kind the mock performs (invitations with several
different parameter sets, so some are batched; resends, also with a changed role; revokes of
active members and of pending invitations; role updates both ways; assigns and unassigns;
partners added with their shares; shares, unshares, partner removal; a transfer; an access
request). The mock adds --latency-ms per call and apply runs with --parallelism 4, so an
uninterrupted apply takes a second or two (measured first, per variant, on a fresh copy: that
run is also the reference end state). Every third trial sets `transient_failure_rate: 0.2`.

Each trial, on a fresh copy in a temporary folder:
  1. start `bcplan apply --auto-approve`, SIGKILL it at a random moment within the measured
     duration; then check that no file is corrupt: state, state backup and store parse as JSON
     (the backup's serial at most the state's), every complete line of the audit log, of the
     state's journal and of the mock's request journal parses, state, backup, journals, history
     and audit log have mode 0600, and `bcplan state show` reads the recorded state (with what
     the killed run journaled; from PostgreSQL with the postgres backend);
  2. re-run `bcplan apply --auto-approve` until it exits 0 (at most --max-runs runs in all; a
     re-run is itself killed with probability --rekill, --max-rekills times at most; a first run
     that ends before its kill is started again on a fresh copy), checking the files after
     every kill, and that a lock left by a killed run (a lock file, or a PostgreSQL lease row naming
     a pid that is gone) is reclaimed with a notice by the next run that gets as far as the lock (a
     re-run killed before that, in its start-up or while it waits out an unfinished lock's creation
     grace, must leave the lock exactly as it found it);
  3. `bcplan plan --detailed-exitcode` must exit 0, and:
     - the journal has exactly the store's `requests_committed` lines; no e-mail appears in two
       `invite` calls (a resend is not an invitation) and no action id in two calls;
     - the audit log's hash chain is intact (each line's prev_sha256 is the previous line's; with
       PostgreSQL, as `bcplan state pull --out` writes the log);
     - the recorded state's snapshot (`bcplan state pull`) equals the store's, and the store
       equals the end state of the uninterrupted reference run; no lock is left.

One line per trial, then a summary. Exit status 0 when every trial passes, 1 when one fails
(its folder is kept and named, with the seed to reproduce it), 2 when the setup is wrong (no
binary, the fixture does not plan or an uninterrupted run fails).

The binary: --binary, else $BCPLAN_BINARY, else .build/debug/bcplan. Only the standard library
is used; the id and name helpers come from Benchmarks/generate.py.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
from config_yaml import asset_lines, member_lines, partner_lines  # noqa: E402
from generate import FIRST, LAST, IdPool, TT_PERMS  # noqa: E402

NOW = "2026-11-21T12:00:00Z"
NOW_DATE = datetime.datetime(2026, 11, 21, 12, 0, 0)
DOMAIN = "kill-test.example"
CONFIG, STORE = "bcplan.yaml", "bcplan.mock.json"
STATE, JOURNAL = "bcplan.state.json", "bcplan.mock.requests.jsonl"
# The lock, the backup and temporary files are run files, in the .bcplan folder beside the state;
# the state's journal and history are state, beside it (a journal must outlive a killed run).
RUN = ".bcplan"
AUDIT, LOCK = "bcplan.state.audit.jsonl", os.path.join(RUN, "bcplan.state.json.lock")
BACKUP = os.path.join(RUN, "bcplan.state.json.backup")
STATE_JOURNAL, HISTORY = "bcplan.state.json.journal", "bcplan.state.history.jsonl"
PULLED, PULLED_AUDIT = "pulled.json", "pulled.audit.jsonl"   # `bcplan state pull --out` writes them
# files bcplan creates or rewrites: mode 0600
PRIVATE = (STATE, BACKUP, AUDIT, STORE, JOURNAL, STATE_JOURNAL, HISTORY, PULLED, PULLED_AUDIT)
SNAPSHOT_KEYS = ("business_center", "members", "partners", "assets")
RUN_TIMEOUT = 60.0          # seconds; an apply that takes longer is hung


class TrialFailure(Exception):
    """A failed check: a one-line message, and output worth seeing (stderr, a plan) as detail."""

    def __init__(self, message, detail=""):
        super().__init__(message)
        self.detail = detail


# ---------------------------------------------------------------------------- fixture

def build_fixture(seed, extra=0):
    """(config fields, store) for a Business Center whose plan has 100+ actions of many kinds, plus
    `extra` more: one each, alternately a new invitation and the revoke of an undeclared member."""
    rng = random.Random(seed)
    ids = IdPool(rng)
    bc_id, other_bc = ids.digits("70"), ids.digits("70")

    assets = []

    def asset(key, atype, prefix, **extra):
        aid = ids.pixel() if atype == "pixel" else ids.digits(prefix)
        a = {"key": key, "type": atype, "id": aid, "name": key.replace("-", " ").title()}
        a.update(extra)
        assets.append(a)
        return a

    ads = [asset("ad-%d" % i, "ad_account", "71") for i in range(1, 9)]
    catalogs = [asset("cat-%d" % i, "catalog", "72") for i in range(1, 5)]
    tiktoks = [asset("tt-%d" % i, "tiktok_account", "69") for i in range(1, 5)]
    pixels = [asset("px-%d" % i, "pixel", None) for i in range(1, 4)]
    # owned elsewhere, declared ours: a transfer; a client's account with too little access
    incoming = asset("ad-incoming", "ad_account", "71", store_owner=other_bc, store_access="admin")
    client = asset("ad-client", "ad_account", "71", owner=other_bc, access="operator",
                   store_owner=other_bc, store_access="analyst")
    own = ads + catalogs + tiktoks + pixels

    def perm(a, exclude=None):
        for _ in range(20):
            t = a["type"]
            if t == "ad_account":
                p = rng.choice(["admin", "operator", "analyst", "analyst"])
            elif t == "catalog":
                p = rng.choice(["admin", "ad_promote"])
            elif t == "tiktok_account":
                p = sorted(rng.sample(TT_PERMS, rng.randint(1, 3)))
            else:
                p = "use"
            if p != exclude:
                return p
        return None

    names = set()

    def email():
        while True:
            e = "%s.%s%d@%s" % (rng.choice(FIRST), rng.choice(LAST), rng.randint(1, 999), DOMAIN)
            if e not in names:
                names.add(e)
                return e

    def days_before_now(days):
        sent = NOW_DATE - datetime.timedelta(days=days, hours=rng.randint(0, 23))
        return sent.strftime("%Y-%m-%dT%H:00:00Z")

    config_members, store_members = [], []

    def member(role, finance=None, grants=(), store=None, declared=True, declare_as=None):
        """declare_as: (role, finance, grants) when the config differs from the store."""
        e = email()
        if declared:
            r, f, g = declare_as or (role, finance, list(grants))
            config_members.append({"email": e, "role": r, "finance": f, "assets": g})
        if store is not None:
            s = {"email": e, "user_id": None, "status": store.get("status", "active"),
                 "role": role, "finance": finance, "invited_at": store.get("invited_at"),
                 "resends": store.get("resends", 0),
                 "assets": [{"type": a["type"], "id": a["id"], "permission": p} for a, p in grants]}
            if s["status"] == "active":
                s["user_id"] = ids.digits("68")
                s["invited_at"] = s["invited_at"] or "2025-0%d-1%dT09:00:00Z" % (
                    rng.randint(1, 9), rng.randint(0, 9))
            store_members.append(s)
        return e

    active = {"status": "active"}
    # admins: the caller and three more; one of them is demoted (update_role, reduce)
    caller = member("admin", "manager", store=active)
    member("admin", None, store=active)
    member("admin", "analyst", store=active)
    member("admin", None, store=active, declare_as=("standard", None, []))
    # promotions and finance changes (update_role)
    for _ in range(2):
        member("standard", None, store=active, declare_as=("admin", None, []))
    for finance, to in (("analyst", None), (None, "analyst"), (None, "manager"), ("manager", "analyst")):
        member("standard", finance, store=active, declare_as=("standard", to, []))
    # assigns: one to three new grants of any type, sometimes a changed permission
    for i in range(12):
        have = [(a, perm(a)) for a in rng.sample(own, rng.randint(0, 2))]
        wanted = list(have)
        if wanted and i % 3 == 0 and wanted[0][0]["type"] != "pixel":
            wanted[0] = (wanted[0][0], perm(wanted[0][0], exclude=wanted[0][1]))
        fresh = [a for a in own if a not in [x for x, _ in have]]
        wanted += [(a, perm(a)) for a in rng.sample(fresh, rng.randint(1, 3))]
        if i == 0:
            wanted.append((incoming, "operator"))   # waits for the transfer
        if i == 1:
            wanted.append((client, "analyst"))      # within the access we hold
        member("standard", None, grants=have, store=active, declare_as=("standard", None, wanted))
    # unassigns
    for _ in range(8):
        have = [(a, perm(a)) for a in rng.sample(own, rng.randint(2, 4))]
        keep = have[:rng.randint(0, len(have) - 1)]
        member("standard", None, grants=have, store=active, declare_as=("standard", None, keep))
    # already as declared
    for _ in range(8):
        member("standard", rng.choice([None, None, "analyst"]),
               grants=[(a, perm(a)) for a in rng.sample(own, rng.randint(0, 3))], store=active)
    # revokes: active members and pending invitations nobody declares any more
    for _ in range(10):
        member("standard", None, grants=[(a, perm(a)) for a in rng.sample(own, rng.randint(0, 3))],
               store=active, declared=False)
    for _ in range(3):
        member("standard", None, store={"status": "pending", "invited_at": days_before_now(10)},
               declared=False)
    # resends: old invitations (some resent before), and young ones whose role changed
    for _ in range(6):
        grants = [(a, perm(a)) for a in rng.sample(ads, rng.randint(0, 2))]
        member("standard", rng.choice([None, "analyst"]), grants=grants,
               store={"status": "pending", "invited_at": days_before_now(rng.choice([45, 50, 55, 60])),
                      "resends": rng.choice([0, 0, 1, 2])})
    for _ in range(2):
        member("standard", None, store={"status": "pending", "invited_at": days_before_now(5)},
               declare_as=("standard", "analyst", []))
    for _ in range(3):  # young and unchanged: waiting, no action
        member("standard", None, store={"status": "pending", "invited_at": days_before_now(5)})
    # invitations: three shared parameter sets (batched into one call each), then unique ones
    shared = [("standard", None, [(ads[0], "analyst")]),
              ("standard", "analyst", [(ads[1], "operator"), (ads[2], "analyst")]),
              ("standard", None, [])]
    for count, params in zip((10, 6, 5), shared):
        for _ in range(count):
            member(*params)
    for i in range(9):
        grants = [(a, perm(a)) for a in rng.sample(ads, rng.randint(1, 3))]
        if i % 2 == 0:   # not an ad account: waits for the acceptance (info)
            other = rng.choice(catalogs + tiktoks)
            grants.append((other, perm(other)))
        member("standard", rng.choice([None, "analyst", "manager"]), grants=grants)
    member("admin", "manager")
    member("admin", None, grants=[(ads[3], "admin")])

    config_partners, store_partners = [], []
    names_used = set()

    def partner_name():
        while True:
            n = "%s %s" % (rng.choice(["Blue", "Summit", "Harbor", "Nova", "Orbit", "Cedar"]),
                           rng.choice(["Agency", "Media", "Partners", "Digital"]))
            if n not in names_used:
                names_used.add(n)
                return n

    def partner(store_status=None, have=(), want=None, declared=True):
        pid = ids.digits("70")
        name = partner_name()
        if declared:
            config_partners.append({"bc_id": pid, "name": name, "media_agency": rng.random() < 0.5,
                                    "shares": list(have if want is None else want)})
        if store_status:
            store_partners.append({
                "bc_id": pid, "name": name, "status": store_status,
                "media_agency": config_partners[-1]["media_agency"] if declared else False,
                "shares": [{"type": a["type"], "id": a["id"], "permission": p} for a, p in have]})

    # active partners: a changed permission, an unshare, new shares
    for _ in range(5):
        have = [(a, perm(a)) for a in rng.sample(own, rng.randint(3, 5))]
        want = list(have)
        changeable = [i for i, (a, _) in enumerate(want) if a["type"] != "pixel"]
        if changeable:
            i = changeable[0]
            want[i] = (want[i][0], perm(want[i][0], exclude=want[i][1]))
        want.pop()
        fresh = [a for a in own if a not in [x for x, _ in have]]
        want += [(a, perm(a)) for a in rng.sample(fresh, 2)]
        partner("active", have, want)
    partner("pending", [(ads[4], "analyst")])
    partner("pending", [(pixels[0], "use")], [(pixels[0], "use"), (catalogs[0], "ad_promote")])
    for _ in range(2):
        partner("active", [(a, perm(a)) for a in rng.sample(own, 2)], declared=False)
    # new partners with their shares; several shares of one type and permission go in one call
    for i in range(4):
        want = [(a, perm(a)) for a in rng.sample(own, rng.randint(3, 7))]
        if i == 0:
            want += [(a, "analyst") for a in ads[4:8] if a not in [x for x, _ in want]]
            want.append((incoming, "analyst"))   # waits for the transfer
        partner(None, want=want)

    # Padding up to --actions, drawn last so that it changes nothing above: each member below is
    # exactly one action, alternately a new invitation and the revoke of an undeclared member.
    for i in range(extra):
        if i % 2 == 0:
            member("standard", rng.choice([None, "analyst"]), grants=[(rng.choice(ads), "analyst")])
        else:
            member("standard", None, store=active, declared=False)

    store_assets = []
    for a in assets:
        s = {"type": a["type"], "id": a["id"], "name": a["name"],
             "owner_bc_id": a.get("store_owner", bc_id)}
        if "store_access" in a:
            s["access"] = a["store_access"]
        store_assets.append(s)
    rng.shuffle(store_members)
    store = {"business_center": {"id": bc_id, "name": "Kill Test Outdoor"},
             "members": store_members, "partners": store_partners, "assets": store_assets}
    fields = {"bc_id": bc_id, "caller": caller, "assets": assets, "members": config_members,
              "partners": config_partners}
    return fields, store


def state_line(backend):
    """The config's `state:`; a PostgreSQL workspace is named per trial folder by `localize`."""
    if backend.kind == "file":
        return "state: %s" % STATE
    return 'state: {backend: postgres, url_env: BCPLAN_DATABASE_URL, schema: %s, workspace: "%s"}' % (
        backend.schema, WORKSPACE_PLACEHOLDER)


WORKSPACE_PLACEHOLDER = "WORKSPACE-OF-THIS-FOLDER"


def localize(directory):
    """Gives a copied fixture a PostgreSQL workspace of its own: the folder's name and a random
    suffix (a trial that starts again on a fresh copy starts on a fresh workspace too)."""
    path = os.path.join(directory, CONFIG)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if WORKSPACE_PLACEHOLDER in text:
        workspace = "%s-%08x" % (os.path.basename(directory), random.getrandbits(32))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(WORKSPACE_PLACEHOLDER, workspace))


def workspace_of(directory):
    with open(os.path.join(directory, CONFIG), encoding="utf-8") as f:
        for line in f:
            if line.startswith("state: {backend: postgres"):
                return line.split('workspace: "')[1].split('"')[0]
    return None


def copy_fixture(fixture, directory):
    shutil.copytree(fixture, directory)
    localize(directory)


def render_config(fields, latency_ms, failure_rate=0.0, failure_seed=0, backend=None):
    out = ["# Generated by Tests/Reliability/kill_test.py (do not edit).", "version: 1",
           "business_center:", '  id: "%s"' % fields["bc_id"], "  name: Kill Test Outdoor",
           "provider:", "  kind: mock", "  store: %s" % STORE, "  caller: %s" % fields["caller"],
           "  latency_ms: %d" % latency_ms]
    if failure_rate:
        out += ["  transient_failure_rate: %g" % failure_rate, "  seed: %d" % failure_seed]
    out += [state_line(backend), "policy:", "  min_admins: 2", "  max_revoke_fraction: 1.0",
            "  protected: [%s]" % fields["caller"]]
    out += asset_lines(fields["assets"]) + member_lines(fields["members"]) + partner_lines(fields["partners"])
    return "\n".join(out) + "\n"


def write_fixture(directory, fields, store, **provider):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, CONFIG), "w", encoding="utf-8") as f:
        f.write(render_config(fields, **provider))
    with open(os.path.join(directory, STORE), "w", encoding="utf-8") as f:
        json.dump(store, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------------------- running bcplan

class Backend:
    """Where the recorded state lives: files beside the config, or PostgreSQL (one schema per run)."""

    def __init__(self, kind, database_url=None):
        self.kind, self.database_url = kind, database_url
        self.schema = "bcplan_kill_%08x" % random.getrandbits(32)


class Bcplan:
    def __init__(self, binary, parallelism, backend):
        self.binary, self.parallelism, self.backend = binary, parallelism, backend
        self.env = dict(os.environ, BCPLAN_NOW=NOW, NO_COLOR="1")
        if backend.kind == "postgres":
            self.env["BCPLAN_DATABASE_URL"] = backend.database_url

    def start_apply(self, directory, log_prefix):
        out = open(log_prefix + ".out", "wb")
        err = open(log_prefix + ".err", "wb")
        try:
            return subprocess.Popen(
                [self.binary, "apply", "--auto-approve", "-c", os.path.join(directory, CONFIG),
                 "--parallelism", str(self.parallelism),
                 # A run killed while creating its lock leaves it empty; the next run waits out
                 # the lock's creation grace (2 s) and then reclaims it, as a pipeline would.
                 "--lock-timeout", "5"],
                env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        finally:
            out.close()
            err.close()

    def plan(self, directory, *args):
        return self.run(directory, "plan", *args)

    def run(self, directory, command, *args):
        return subprocess.run([self.binary] + command.split() + ["-c", os.path.join(directory, CONFIG)] + list(args),
                              env=self.env, stdin=subprocess.DEVNULL, capture_output=True, timeout=RUN_TIMEOUT)

    def recorded(self, directory):
        """The recorded state as `bcplan state show` prints it (journal or database included);
        None before the first write."""
        shown = self.run(directory, "state show")
        if shown.returncode != 0:
            if b"there is no recorded state yet" in shown.stderr:
                return None
            raise TrialFailure("bcplan state show exited %d" % shown.returncode, shown.stderr.decode()[-1000:])
        try:
            return json.loads(shown.stdout)
        except ValueError as e:
            raise TrialFailure("bcplan state show printed no JSON: %s" % e)

    def pull(self, directory):
        """(state, raw audit lines) as `bcplan state pull --out` writes them."""
        pulled = self.run(directory, "state pull", "--out", os.path.join(directory, PULLED))
        if pulled.returncode != 0:
            raise TrialFailure("bcplan state pull exited %d" % pulled.returncode, pulled.stderr.decode()[-1000:])
        state = load_json(os.path.join(directory, PULLED), "pulled state")
        _, audit_raw = load_jsonl(os.path.join(directory, PULLED_AUDIT), "pulled audit log", True)
        return state, audit_raw

    def lock_left(self, directory):
        """True when a lock is held (a lock file, or a lease row with a holder)."""
        return self.lock_identity(directory) is not None

    def lock_identity(self, directory):
        """What identifies the lock now held, None when there is none: the lock file's (inode, bytes),
        or the workspace's `state list` row naming its holder. A reclaimed lock is removed and a new
        one names a new holder, so an unchanged identity means nobody touched the lock."""
        if self.backend.kind == "file":
            return lock_file_identity(directory)
        listed = self.run(directory, "state list")
        rows = listed.stdout.decode().splitlines()[1:]
        workspace = workspace_of(directory)
        held = [row.rstrip() for row in rows if row.split() and row.split()[0] == workspace and not row.rstrip().endswith(" -")]
        return held[0] if held else None


def wait(proc, timeout=RUN_TIMEOUT):
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise TrialFailure("bcplan apply did not finish within %d s (killed)" % timeout)


def kill_at(proc, delay):
    """SIGKILL proc after `delay` seconds; returns True when it was still running then."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def read_text(path):
    with open(path, encoding="utf-8", errors="strict") as f:
        return f.read()


# ---------------------------------------------------------------------------- checks

def load_json(path, what):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError) as e:
        raise TrialFailure("%s %s is corrupt: %s" % (what, os.path.basename(path), e))


def load_jsonl(path, what, final):
    """Parsed complete lines. After a kill, an unterminated last fragment is tolerated (reported)
    unless `final`: an apply that later appended to it would have made a corrupt line."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return [], []
    lines = data.split(b"\n")
    fragment = lines.pop()          # b"" when the file ends with a newline
    parsed = []
    for number, line in enumerate(lines, 1):
        try:
            value = json.loads(line.decode("utf-8"))
            if not isinstance(value, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as e:
            raise TrialFailure("%s %s: line %d is corrupt (%s): %r" % (
                what, os.path.basename(path), number, e, line[:200]))
        parsed.append(value)
    if fragment and final:
        raise TrialFailure("%s %s ends in an unterminated line: %r" % (what, os.path.basename(path), fragment[:200]))
    return parsed, lines


def check_files(directory, final=False):
    """No JSON file corrupt; returns (state, store, journal entries, audit lines, raw audit lines)."""
    state = load_json(os.path.join(directory, STATE), "state")
    backup = load_json(os.path.join(directory, BACKUP), "state backup")
    store = load_json(os.path.join(directory, STORE), "mock store")
    if store is None:
        raise TrialFailure("the mock store %s is gone" % STORE)
    if state is not None and backup is not None and backup.get("serial", 0) > state.get("serial", 0):
        raise TrialFailure("the state backup has serial %s, above the state's %s" % (
            backup.get("serial"), state.get("serial")))
    for name in PRIVATE:
        path = os.path.join(directory, name)
        if name != STORE and os.path.exists(path) and os.stat(path).st_mode & 0o777 != 0o600:
            raise TrialFailure("%s has mode %o, not 600" % (name, os.stat(path).st_mode & 0o777))
    for name, value in (("state", state), ("mock store", store)):
        if value is not None and not isinstance(value, dict):
            raise TrialFailure("%s is not a JSON object" % name)
    journal, _ = load_jsonl(os.path.join(directory, JOURNAL), "journal", final)
    audit, audit_raw = load_jsonl(os.path.join(directory, AUDIT), "audit log", final)
    load_jsonl(os.path.join(directory, STATE_JOURNAL), "state journal", final)
    load_jsonl(os.path.join(directory, HISTORY), "state history", final)
    if final and os.path.exists(os.path.join(directory, STATE_JOURNAL)):
        raise TrialFailure("the state journal is left after apply exited 0")
    return state, store, journal, audit, audit_raw


def lock_file_identity(directory):
    """(inode, bytes) of the state lock, None when there is none: a reclaimed lock is removed, and a
    new one holds a new id, so an unchanged identity means nobody touched the file."""
    try:
        with open(os.path.join(directory, LOCK), "rb") as f:
            return os.fstat(f.fileno()).st_ino, f.read()
    except FileNotFoundError:
        return None


def normalized(snapshot):
    def sort_grants(items):
        return sorted(items or [], key=lambda g: (g["type"], g["id"]))
    s = {k: snapshot.get(k) for k in SNAPSHOT_KEYS}
    s["members"] = sorted(({**m, "email": m["email"].lower(), "assets": sort_grants(m.get("assets"))}
                           for m in s["members"] or []), key=lambda m: m["email"])
    s["partners"] = sorted(({**p, "shares": sort_grants(p.get("shares"))} for p in s["partners"] or []),
                           key=lambda p: p["bc_id"])
    s["assets"] = sort_grants(s["assets"])
    return s


def first_difference(a, b, path=""):
    if type(a) is not type(b):
        return "%s: %r vs %r" % (path or "/", a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s/%s: only in one" % (path, k)
            d = first_difference(a[k], b[k], "%s/%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d vs %d items" % (path or "/", len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (path or "/", a, b)


def check_journal(store, journal):
    committed = store.get("requests_committed", 0)
    if len(journal) != committed:
        raise TrialFailure("the journal has %d lines but the store committed %d requests" % (len(journal), committed))
    invited, actions = {}, {}
    for entry in journal:
        for a in entry.get("actions", []):
            if a in actions:
                raise TrialFailure("action %s was committed twice (journal seq %s and %s)" % (a, actions[a], entry.get("seq")))
            actions[a] = entry.get("seq")
        if entry.get("call") == "invite":
            for m in entry.get("members", []):
                if m.lower() in invited:
                    raise TrialFailure("%s was invited twice (journal seq %s and %s)" % (m, invited[m.lower()], entry.get("seq")))
                invited[m.lower()] = entry.get("seq")
    return len(invited), len(actions)


def check_audit_chain(raw_lines):
    previous = "0" * 64
    for number, line in enumerate(raw_lines, 1):
        entry = json.loads(line.decode("utf-8"))
        if entry.get("prev_sha256") != previous:
            raise TrialFailure("audit log line %d: prev_sha256 does not match line %d" % (number, number - 1))
        previous = hashlib.sha256(line).hexdigest()


# ---------------------------------------------------------------------------- trials

def reference_run(bcplan, fixture, workdir, name):
    """An uninterrupted apply on a fresh copy: its duration and its end state (the reference)."""
    directory = os.path.join(workdir, name)
    copy_fixture(fixture, directory)
    start = time.perf_counter()
    proc = bcplan.start_apply(directory, os.path.join(workdir, name + "-apply"))
    code = wait(proc)
    elapsed = time.perf_counter() - start
    stdout = read_text(os.path.join(workdir, name + "-apply.out"))
    if code != 0:
        raise TrialFailure("the uninterrupted apply (%s) exited %d" % (name, code),
                           stdout[-2000:] + read_text(os.path.join(workdir, name + "-apply.err"))[-2000:])
    plan = bcplan.plan(directory, "--detailed-exitcode")
    if plan.returncode != 0:
        raise TrialFailure("after the uninterrupted apply (%s), plan --detailed-exitcode exited %d" % (
            name, plan.returncode), plan.stdout.decode()[-2000:])
    _, store, journal, _, _ = check_files(directory, final=True)
    check_journal(store, journal)
    check_audit_chain(bcplan.pull(directory)[1])
    summary = [l for l in stdout.splitlines() if l.startswith("Apply complete")]
    return {"seconds": elapsed, "store": normalized(store), "calls": len(journal),
            "summary": summary[-1] if summary else "?"}


def run_trial(number, rng, bcplan, fixture, reference, workdir, args):
    """One trial; returns a dict for the report line. Raises TrialFailure."""
    directory = os.path.join(workdir, "trial-%02d" % number)
    log = lambda run: os.path.join(workdir, "trial-%02d-run%d" % (number, run))  # noqa: E731
    info = {"kills": 0, "reclaimed": 0, "before_lock": 0, "runs": [], "committed_at_kill": None,
            "kill_at": None, "restarts": 0, "uncommitted": 0}
    # The first run is always killed: when it finishes before the chosen moment (this run was
    # faster than the reference), start again from a fresh copy and aim within this run's time.
    expected = reference["seconds"]
    for attempt in range(5):
        shutil.rmtree(directory, ignore_errors=True)
        copy_fixture(fixture, directory)
        delay = rng.uniform(0.02, 1.0) * expected
        t0 = time.perf_counter()
        if kill_at(bcplan.start_apply(directory, log(1)), delay):
            break
        expected = time.perf_counter() - t0
        info["restarts"] += 1
    else:
        raise TrialFailure("five first runs in a row finished before their kill; the fixture is too small for this machine")
    lock_left = None    # the lock a killed run left: bcplan.lock_identity(), else None
    kills_left = args.max_rekills
    for run in range(1, args.max_runs + 1):
        if run == 1:
            killed = True
        else:
            proc = bcplan.start_apply(directory, log(run))
            if kills_left > 0 and rng.random() < args.rekill:
                kills_left -= 1
                delay = rng.uniform(0.02, 0.6) * expected
                killed = kill_at(proc, delay)
            else:
                wait(proc)
                killed = False
        err = read_text(log(run) + ".err")
        if lock_left:
            if "reclaimed the lock" in err:
                info["reclaimed"] += 1
            elif killed and bcplan.lock_identity(directory) in (lock_left, None):
                # Killed before it reached the lock (start-up takes 70-80 ms of a debug build at load
                # 8 on 2 cores; an unfinished lock is waited on for 2 s), or between removing the
                # lock and printing the notice (the lock is gone then): the next run must reclaim it.
                info["before_lock"] += 1
            else:
                raise TrialFailure("run %d did not reclaim the lock left by the killed run before it%s" % (
                    run, " (killed at %.2fs; the lock file changed without a notice)" % delay if killed else ""),
                    "stderr of run %d:\n%s" % (run, err[-1000:]))
        if killed:
            info["kills"] += 1
            info["runs"].append("killed@%.2fs" % delay)
            _, store, journal, _, _ = check_files(directory)
            bcplan.recorded(directory)
            if len(journal) > store.get("requests_committed", 0):
                info["uncommitted"] += 1    # requests in the journal, not yet in the store: the next run replays them
            if run == 1:
                info["kill_at"] = delay
                info["committed_at_kill"] = len(journal)   # committed: every complete journal line
            lock_left = bcplan.lock_identity(directory)
            continue
        code = proc.returncode
        info["runs"].append(str(code))
        lock_left = None
        check_files(directory)
        if code == 0:
            break
        if code != 1:
            raise TrialFailure("run %d exited %d" % (run, code), "stderr:\n%s" % err[-1500:])
    else:
        raise TrialFailure("apply did not converge: no exit 0 in %d runs (%s)" % (args.max_runs, ", ".join(info["runs"])))

    plan = bcplan.plan(directory, "--detailed-exitcode")
    if plan.returncode != 0:
        raise TrialFailure("after apply exited 0, plan --detailed-exitcode exited %d" % plan.returncode,
                           plan.stdout.decode()[-1500:] + plan.stderr.decode()[-500:])
    _, store, journal, _, _ = check_files(directory, final=True)
    info["invited"], info["actions"] = check_journal(store, journal)
    info["calls"] = len(journal)
    state, audit_raw = bcplan.pull(directory)
    check_audit_chain(audit_raw)
    if state is None:
        raise TrialFailure("no state file after a successful apply")
    d = first_difference(normalized(state), normalized(store))
    if d:
        raise TrialFailure("the recorded state differs from the mock store at %s" % d)
    d = first_difference(normalized(store), reference["store"])
    if d:
        raise TrialFailure("the Business Center differs from the uninterrupted run's at %s" % d)
    if bcplan.lock_left(directory):
        raise TrialFailure("a lock is left after apply exited 0")
    run = os.path.join(directory, RUN)
    info["strays"] = len([n for n in os.listdir(directory) + (os.listdir(run) if os.path.isdir(run) else [])
                          if n.endswith(".tmp")])
    if not args.keep:
        shutil.rmtree(directory, ignore_errors=True)
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=12)
    ap.add_argument("--actions", type=int, default=0,
                    help="pad the fixture to exactly this many planned actions (default: the base fixture, 158)")
    ap.add_argument("--seed", type=int, default=1, help="fixture and kill moments (default 1)")
    ap.add_argument("--binary", default=os.environ.get("BCPLAN_BINARY") or os.path.join(ROOT, ".build", "debug", "bcplan"))
    ap.add_argument("--parallelism", type=int, default=4)
    ap.add_argument("--latency-ms", type=int, default=20)
    ap.add_argument("--transient-every", type=int, default=3,
                    help="every Nth trial uses transient_failure_rate 0.2 (0: never)")
    ap.add_argument("--rekill", type=float, default=0.25, help="chance that a re-run is killed too")
    ap.add_argument("--max-rekills", type=int, default=2)
    ap.add_argument("--max-runs", type=int, default=10)
    ap.add_argument("--keep", action="store_true", help="keep every trial's folder (failed ones are always kept)")
    ap.add_argument("--backend", choices=("file", "postgres"), default="file",
                    help="where the recorded state lives (default: files beside the config)")
    ap.add_argument("--database-url", default=os.environ.get("BCPLAN_TEST_DATABASE_URL"),
                    help="postgres: the server (default $BCPLAN_TEST_DATABASE_URL)")
    args = ap.parse_args(argv)
    if args.trials < 1:
        ap.error("--trials must be at least 1")
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print("error: %s is not an executable; build first (swift build) or pass --binary / BCPLAN_BINARY" % binary,
              file=sys.stderr)
        return 2

    started = time.perf_counter()
    if args.backend == "postgres" and not args.database_url:
        print("error: --backend postgres needs --database-url or BCPLAN_TEST_DATABASE_URL "
              "(Tests/Postgres/cluster.sh run … starts a throwaway server)", file=sys.stderr)
        return 2
    workdir = tempfile.mkdtemp(prefix="bcplan-kill-test-")
    backend = Backend(args.backend, args.database_url)
    bcplan = Bcplan(binary, args.parallelism, backend)
    fields, store = build_fixture(args.seed)
    if args.actions:
        # The base fixture's plan, counted once, tells how many one-action members to add.
        base = os.path.join(workdir, "fixture-count")
        write_fixture(base, fields, store, latency_ms=args.latency_ms, backend=backend)
        counted = bcplan.plan(base, "--format", "json")
        try:
            have = len(json.loads(counted.stdout)["actions"])
        except (ValueError, KeyError):
            print("setup: plan of the generated fixture failed (exit %d):\n%s" % (
                counted.returncode, counted.stderr.decode()[-3000:]), file=sys.stderr)
            return 2
        if args.actions < have:
            print("setup: --actions %d is below the base fixture's %d actions" % (args.actions, have), file=sys.stderr)
            return 2
        fields, store = build_fixture(args.seed, extra=args.actions - have)
    fixtures = {"plain": os.path.join(workdir, "fixture-plain"),
                "transient": os.path.join(workdir, "fixture-transient")}
    write_fixture(fixtures["plain"], fields, store, latency_ms=args.latency_ms, backend=backend)
    write_fixture(fixtures["transient"], fields, store, latency_ms=args.latency_ms, failure_rate=0.2,
                  failure_seed=args.seed, backend=backend)

    plan = bcplan.plan(fixtures["plain"], "--format", "json")
    try:
        actions = json.loads(plan.stdout)["actions"]
    except (ValueError, KeyError):
        print("setup: plan of the generated fixture failed (exit %d):\n%s" % (
            plan.returncode, plan.stderr.decode()[-3000:]), file=sys.stderr)
        return 2
    kinds = {}
    for a in actions:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    if plan.returncode != 0 or len(actions) < 100 or len(kinds) < 8 or (args.actions and len(actions) != args.actions):
        print("setup: the fixture's plan is too small or failed (exit %d, %d actions, kinds %s)" % (
            plan.returncode, len(actions), kinds), file=sys.stderr)
        return 2
    print("fixture (seed %d, state in %s): %d actions: %s" % (args.seed, args.backend, len(actions), ", ".join(
        "%d %s" % (n, k) for k, n in sorted(kinds.items()))))
    try:
        references = {name: reference_run(bcplan, path, workdir, "reference-" + name)
                      for name, path in fixtures.items()}
    except TrialFailure as e:
        print("setup: %s\n%s(files in %s)" % (e, "".join("    | %s\n" % line for line in e.detail.rstrip().splitlines()),
                                              workdir), file=sys.stderr)
        return 2
    if first_difference(references["plain"]["store"], references["transient"]["store"]):
        print("setup: transient failures change the end state: %s" % first_difference(
            references["plain"]["store"], references["transient"]["store"]), file=sys.stderr)
        return 2
    for name, ref in references.items():
        print("uninterrupted (%s): %.2f s, %d provider calls committed; %s" % (
            name, ref["seconds"], ref["calls"], ref["summary"]))

    rng = random.Random(args.seed * 7919 + 17)
    failures, totals = [], {"kills": 0, "reclaimed": 0, "before_lock": 0, "strays": 0, "uncommitted": 0}
    width = len(str(args.trials))
    for number in range(1, args.trials + 1):
        variant = "transient" if args.transient_every and number % args.transient_every == 0 else "plain"
        trial_rng = random.Random(rng.getrandbits(64))
        label = "trial %*d/%d %-9s" % (width, number, args.trials, variant)
        t0 = time.perf_counter()
        try:
            info = run_trial(number, trial_rng, bcplan, fixtures[variant], references[variant], workdir, args)
        except TrialFailure as e:
            folder = os.path.join(workdir, "trial-%02d" % number)
            failures.append((number, str(e)))
            detail = "".join("    | %s\n" % line for line in e.detail.rstrip().splitlines())
            print("%s FAIL: %s\n%s    files kept in %s, logs in %s-run*.out/.err" % (
                label, e, detail, folder, folder))
            continue
        for k in totals:
            totals[k] += info.get(k, 0)
        print("%s ok   killed at %.2fs after %d/%d calls; runs: %s; %d calls, %d invited once, %d actions once%s (%.1f s)" % (
            label, info["kill_at"] or 0.0, info["committed_at_kill"] or 0, references[variant]["calls"],
            " ".join(info["runs"]), info["calls"], info["invited"], info["actions"],
            ("; %d stray .tmp" % info["strays"] if info["strays"] else "")
            + ("; %d restart(s): ended before the kill" % info["restarts"] if info["restarts"] else ""),
            time.perf_counter() - t0))
    elapsed = time.perf_counter() - started
    passed = args.trials - len(failures)
    print("kill test (%s backend): %d/%d trials passed; %d kills (%d with requests in the mock's journal not yet "
          "in its store), %d stale locks reclaimed (%d re-runs killed before the lock), %d temporary files left by "
          "killed writes; %.1f s" % (
              args.backend, passed, args.trials, totals["kills"], totals["uncommitted"], totals["reclaimed"],
              totals["before_lock"],
              totals["strays"], elapsed))
    if backend.kind == "postgres" and shutil.which("psql"):
        # The run's schema, workspaces and all (best effort: the server is usually a throwaway one).
        subprocess.run(["psql", "-q", backend.database_url, "-c", 'DROP SCHEMA IF EXISTS "%s" CASCADE' % backend.schema],
                       stdin=subprocess.DEVNULL, capture_output=True)
    if failures:
        print("FAILED: %s. Reproduce: python3 Tests/Reliability/kill_test.py --seed %d --trials %d --binary %s" % (
            "; ".join("trial %d: %s" % (n, m) for n, m in failures),
            args.seed, args.trials, binary), file=sys.stderr)
        return 1
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print("kept: %s" % workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
