#!/usr/bin/env python3
"""Validates a Comprehensive Learner Record against 1EdTech's published JSON Schemas.

Usage: validate_clr.py SCHEMA_FOLDER FILE.json

The document must validate against clr_v2p0_clrcredential_schema.json, and each credential in
credentialSubject.verifiableCredential against ob_v3p0_achievementcredential_schema.json, both
read from SCHEMA_FOLDER (JSON Schema 2019-09, checked with the `jsonschema` package, and
formats such as date-time where the package has their checkers). Prints every violation with where it is; exits 0 when there is
none, 1 when there are, 2 when a file cannot be read.
"""

import json
import os
import sys

import jsonschema

CLR_SCHEMA = "clr_v2p0_clrcredential_schema.json"
ACHIEVEMENT_SCHEMA = "ob_v3p0_achievementcredential_schema.json"


def validator(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8") as file:
        schema = json.load(file)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def problems(check, document, where):
    found = []
    for error in sorted(check.iter_errors(document), key=lambda error: list(error.absolute_path)):
        path = "/".join(str(part) for part in error.absolute_path)
        found.append("%s/%s: %s" % (where, path, error.message[:300]))
    return found


def main(arguments):
    if len(arguments) != 2:
        print("usage: validate_clr.py SCHEMA_FOLDER FILE.json", file=sys.stderr)
        return 2
    folder, path = arguments
    try:
        clr = validator(folder, CLR_SCHEMA)
        achievement = validator(folder, ACHIEVEMENT_SCHEMA)
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except (OSError, ValueError, jsonschema.SchemaError) as error:
        print("cannot read: %s" % error, file=sys.stderr)
        return 2
    found = problems(clr, document, "ClrCredential")
    nested = document.get("credentialSubject", {}).get("verifiableCredential", [])
    for index, credential in enumerate(nested if isinstance(nested, list) else [nested]):
        found += problems(achievement, credential, "verifiableCredential[%d] AchievementCredential" % index)
    for problem in found:
        print(problem)
    print("%d credentials checked, %d problems" % (1 + len(nested), len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
