#!/usr/bin/env python3
"""Check files against one of bcplan's JSON Schemas (schema/*.schema.json).

    check_schema.py SCHEMA --expect valid|invalid FILE...

With --expect valid, every file must pass the schema; with --expect invalid, the schema must reject
every file. Exits 0 when every file meets the expectation, 1 when any does not (each such file is
printed with the first schema error), 2 on a usage error or a missing Python module.

Config files are read with PyYAML's safe loader, as an editor's YAML language server would read them:
unquoted 19-digit ids become integers and so fail the schema's string type; days such as 2027-03-31
stay strings, as YAML 1.2 reads them. A file that is not
readable YAML (a syntax error, more than one document) does not meet either expectation: the
schema never saw it. Files named *.json (bcplan's JSON output: validate, log) are read as JSON.
"""

import argparse
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"check_schema.py: {error}; install PyYAML and jsonschema (pip install pyyaml jsonschema)",
          file=sys.stderr)
    sys.exit(2)


class CoreSchemaLoader(yaml.SafeLoader):
    """PyYAML's safe loader without YAML 1.1 timestamps: an editor's YAML language server reads YAML
    1.2's core schema, where `expires: 2027-03-31` is a string (https://yaml.org/spec/1.2.2/#103-core-schema)."""


CoreSchemaLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def place(error):
    """Where an error is, as a JSON path: $.members[2].email."""
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def first_error(validator, document):
    """The first schema error in a stable order (by place in the document, then message), or None."""
    errors = sorted(validator.iter_errors(document), key=lambda e: (place(e), e.message))
    return errors[0] if errors else None


def main(argv):
    parser = argparse.ArgumentParser(description="Check files against one of bcplan's JSON Schemas.")
    parser.add_argument("schema", help="path of a schema: bcplan.schema.json, validate.schema.json, …")
    parser.add_argument("--expect", choices=["valid", "invalid"], required=True,
                        help="whether every file must pass (valid) or fail (invalid) the schema")
    parser.add_argument("files", nargs="+", help="YAML config files, or *.json output, to check")
    args = parser.parse_args(argv)

    try:
        with open(args.schema, encoding="utf-8") as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as error:
        print(f"{args.schema}: not a usable JSON Schema: {error}", file=sys.stderr)
        return 2
    if not hasattr(jsonschema, "Draft202012Validator"):
        print(f"check_schema.py: jsonschema {getattr(jsonschema, '__version__', '?')} is too old; 4.0 or later "
              "reads JSON Schema 2020-12", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)

    failures = 0
    for path in args.files:
        reads_json = path.endswith(".json")
        try:
            with open(path, "rb") as handle:
                document = json.load(handle) if reads_json else yaml.load(handle, Loader=CoreSchemaLoader)
        except (OSError, ValueError, yaml.YAMLError) as error:
            summary = " ".join(str(error).split())
            print(f"{path}: FAIL: not readable {'JSON' if reads_json else 'YAML'}, so the schema cannot judge it: {summary}")
            failures += 1
            continue
        error = first_error(validator, document)
        if args.expect == "valid" and error is not None:
            print(f"{path}: FAIL: expected the schema to accept it, but at {place(error)}: {error.message}")
            failures += 1
        elif args.expect == "invalid" and error is None:
            print(f"{path}: FAIL: expected the schema to reject it, but it is valid")
            failures += 1
        else:
            detail = "" if error is None else f" ({place(error)}: {error.message})"
            print(f"{path}: ok: {args.expect}{detail}")

    if failures:
        print(f"{failures} of {len(args.files)} file(s) did not meet --expect {args.expect}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
