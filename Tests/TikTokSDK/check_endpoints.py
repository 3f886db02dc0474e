#!/usr/bin/env python3
"""Re-derives bcplan's TikTok endpoint table from TikTok's own SDK and prints every difference.

    python3 Tests/TikTokSDK/check_endpoints.py --sdk PATH [--table Tests/TikTokSDK/endpoints.json]

PATH is the SDK repository `tiktok/tiktok-business-api-sdk`: a checkout (it has `yml_files/`) or a
bare clone (read with `git show HEAD:yml_files/...`). For each endpoint of the table (the Swift
table `TikTokEndpoints`, written out as `endpoints.json` by the test suite) the script reads the
endpoint's `yml_files/bc_*.yml`, derives the method, the path, every parameter (type, int64
conversion, e-mail format, range, list lengths, the enumeration's accepted and refused values,
required by the schema or by `x-open-rules.extra_rule`) and the row fields of `response_rule`,
and compares. A fact the table takes from another source (it names it) is listed, not counted.

Not run by CI (it needs the SDK). Exit status: 0 when nothing differs, 1 when something does,
2 when the SDK or the table cannot be read. Needs Python 3 with PyYAML.
"""

import argparse
import json
import os
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("error: PyYAML is needed (pip install pyyaml)", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))


def read_sdk_file(sdk, path):
    if os.path.isdir(os.path.join(sdk, "yml_files")):
        with open(os.path.join(sdk, path), encoding="utf-8") as handle:
            return handle.read()
    result = subprocess.run(["git", "--git-dir", sdk, "show", "HEAD:" + path], capture_output=True, text=True)
    if result.returncode != 0:
        raise FileNotFoundError(f"{path} is not in {sdk}: {result.stderr.strip()}")
    return result.stdout


def sdk_commit(sdk):
    git_dir = os.path.join(sdk, ".git") if os.path.isdir(os.path.join(sdk, ".git")) else sdk
    result = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def value_of(schema):
    """The table's form of one parameter's schema."""
    kind = schema.get("type")
    enum = schema.get("x-open-enum")
    if enum:
        return {"enumeration": {
            "package": enum["enum_package_name"],
            "accepted": sorted(e["key"] for e in enum["enums"] if e["is_valid"]),
            "refused": sorted(e["key"] for e in enum["enums"] if not e["is_valid"]),
        }}
    if kind == "string":
        if any(c.startswith("int64") for c in schema.get("x-open-convert") or []):
            return {"text": "int64"}
        return {"text": "email" if schema.get("format") == "email" else "plain"}
    if kind == "integer":
        return {"integer": {"minimum": schema.get("minimum"), "maximum": schema.get("maximum")}}
    if kind == "array":
        return {"list": {"of": value_of(schema.get("items") or {}), "min_count": schema.get("minItems"),
                         "max_count": schema.get("maxItems")}}
    if kind == "object":
        required = set(schema.get("required") or [])
        return {"object": [{"name": name, "required": name in required, "value": value_of(child)}
                           for name, child in (schema.get("properties") or {}).items()]}
    return {"unknown": kind}


def extra_required(rules):
    """Names that `x-open-rules.extra_rule.http_source` marks required, with their parents."""
    names = set()

    def walk(items, prefix):
        for item in items:
            if "name" not in item:
                continue
            if item.get("required"):
                names.add(prefix + item["name"])
            walk(item.get("children") or [], prefix + item["name"] + ".")

    walk(((rules or {}).get("extra_rule") or {}).get("http_source") or [], "")
    return names


def response_fields(rule):
    """Dotted row fields of `response_rule`'s list: {"list[][]": [{"bc_info[]": [{"bc_id": …}]}]} -> bc_info.bc_id."""
    fields = set()

    def walk(node, prefix):
        if isinstance(node, list):
            for item in node:
                walk(item, prefix)
        elif isinstance(node, dict):
            for key, child in node.items():
                name = key.replace("[]", "")
                if isinstance(child, (dict, list)):
                    walk(child, prefix + name + ".")
                else:
                    fields.add(prefix + name)

    for key, node in (rule or {}).items():
        if key.replace("[]", "") == "list":
            walk(node, "")
    return fields


def derive(text):
    """The endpoint one yml file defines: method, path, parameters, row fields."""
    document = yaml.safe_load(text)
    (path, operations), = document["paths"].items()
    (method, operation), = operations.items()
    rules = operation.get("x-open-rules") or {}
    extra = extra_required(rules)
    parameters = []
    for parameter in operation.get("parameters") or []:
        if parameter["name"] == "Access-Token":
            continue
        schema = parameter.get("schema") or parameter["content"]["application/json"]["schema"]
        parameters.append({"name": parameter["name"], "required": bool(parameter.get("required")) or parameter["name"] in extra,
                           "value": value_of(schema)})
    body = operation.get("requestBody")
    if body:
        schema = body["content"]["application/json"]["schema"]
        required = set(schema.get("required") or [])
        for name, child in (schema.get("properties") or {}).items():
            parameters.append({"name": name, "required": name in required or name in extra, "value": value_of(child)})
    return {"method": method.upper(), "path": path, "parameters": parameters,
            "rows": response_fields(rules.get("response_rule")), "lists_rows": rules.get("response_rule") is not None}


def compare_values(where, ours, theirs, out):
    if set(ours) != set(theirs):
        out.append(f"{where}: the table says {json.dumps(ours, sort_keys=True)}, the SDK {json.dumps(theirs, sort_keys=True)}")
        return
    kind = next(iter(ours))
    if kind == "object":
        compare_parameters(where + ".", ours[kind], theirs[kind], out, second_source=None)
    elif kind == "list":
        for key in ("min_count", "max_count"):
            if ours[kind].get(key) != theirs[kind].get(key):
                out.append(f"{where}: {key} is {ours[kind].get(key)} in the table, {theirs[kind].get(key)} in the SDK")
        compare_values(where + "[]", ours[kind]["of"], theirs[kind]["of"], out)
    elif ours != theirs:
        out.append(f"{where}: the table says {json.dumps(ours[kind], sort_keys=True)}, the SDK {json.dumps(theirs[kind], sort_keys=True)}")


def compare_parameters(prefix, ours, theirs, out, second_source):
    by_name = {p["name"]: p for p in theirs}
    mine = {p["name"]: p for p in ours}
    for name in sorted(set(by_name) - set(mine)):
        out.append(f"{prefix}{name}: in the SDK, not in the table")
    for name in sorted(set(mine) - set(by_name)):
        out.append(f"{prefix}{name}: in the table, not in the SDK")
    for name in sorted(set(mine) & set(by_name)):
        ours_p, theirs_p = mine[name], by_name[name]
        found = []
        if ours_p["required"] != theirs_p["required"]:
            found.append(f"{prefix}{name}: required is {ours_p['required']} in the table, {theirs_p['required']} in the SDK")
        compare_values(prefix + name, ours_p["value"], theirs_p["value"], found)
        if found and ours_p.get("source") and second_source is not None:
            second_source.extend(f"{line} (the table's source: {ours_p['source']})" for line in found)
        else:
            out.extend(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdk", required=True, help="the SDK repository: a checkout or a bare clone")
    parser.add_argument("--table", default=os.path.join(HERE, "endpoints.json"))
    args = parser.parse_args()
    try:
        with open(args.table, encoding="utf-8") as handle:
            table = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"error: cannot read the table {args.table}: {error}", file=sys.stderr)
        return 2
    differences, elsewhere = [], []
    print(f"SDK {args.sdk} at {sdk_commit(args.sdk)}; table {os.path.relpath(args.table)}: {len(table['endpoints'])} endpoints")
    for endpoint in table["endpoints"]:
        name = f"{endpoint['method']} {endpoint['path']}"
        try:
            sdk = derive(read_sdk_file(args.sdk, endpoint["source"]))
        except (OSError, ValueError, KeyError, yaml.YAMLError) as error:
            print(f"error: {name}: cannot read {endpoint['source']}: {error}", file=sys.stderr)
            return 2
        found = []
        if (sdk["method"], sdk["path"]) != (endpoint["method"], endpoint["path"]):
            found.append(f"{endpoint['source']} defines {sdk['method']} {sdk['path']}")
        second = []
        compare_parameters("", endpoint["parameters"], sdk["parameters"], found, second)
        for row in endpoint["rows"]:
            if row.get("source"):
                second.append(f"row field {row['name']}: from {row['source']}"
                              + ("" if not sdk["lists_rows"] or row["name"] not in sdk["rows"] else " (the SDK lists it too)"))
            elif row["name"] not in sdk["rows"]:
                found.append(f"row field {row['name']}: not in the response_rule of {endpoint['source']}")
        status = "ok" if not found else f"{len(found)} difference{'s' if len(found) != 1 else ''}"
        print(f"{name:28} {endpoint['source']:40} {status}")
        differences += [f"  {name}: {line}" for line in found]
        elsewhere += [f"  {name}: {line}" for line in second]
    if elsewhere:
        print("\nFacts the SDK does not settle, from the sources the table names:")
        print("\n".join(elsewhere))
    if differences:
        print(f"\n{len(differences)} difference{'s' if len(differences) != 1 else ''} between the table and the SDK:")
        print("\n".join(differences))
        return 1
    print("\nThe table matches the SDK.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
