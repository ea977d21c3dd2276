"""The two independent checks the store tests apply: ocfl-py per object, and the official schema.

``inventory_schema.json`` (beside this file) is the official OCFL 1.1 inventory JSON Schema,
copied byte for byte from repository OCFL/spec, path ``1.1/spec/inventory_schema.json`` (commit
8d659f3ab675c591d98963c6838e601add6d086f; published at
https://ocfl.io/1.1/spec/inventory_schema.json). Its sha256 is pinned in ``test_store_layout.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import ocfl.validator

SCHEMA_PATH = Path(__file__).with_name("inventory_schema.json")
RFC3339_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def load_schema_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    return jsonschema.Draft7Validator(schema, format_checker=checker)


def ocfl_object_errors(object_dir: Path) -> list[str]:
    """ocfl-py's verdict on one object: its error and warning messages (empty when clean).

    W008 (a user without an address) is allowed: our contract writes the address only when given.
    """
    validator = ocfl.validator.Validator(log_warnings=True, check_digests=True)
    valid = validator.validate_object(str(object_dir))
    messages = [m for m in validator.log.messages if not m.startswith("[W008]")]
    if not valid and not messages:
        messages = ["INVALID (no message)"]
    return messages


def schema_errors(validator: jsonschema.Draft7Validator, inventory_file: Path) -> list[str]:
    """Schema violations of one inventory file, plus a strict check of every `created` value
    (the schema's ``format: date-time`` is only checked when rfc3339-validator is installed)."""
    inventory = json.loads(inventory_file.read_bytes())
    errors = [error.message for error in validator.iter_errors(inventory)]
    for name, block in inventory.get("versions", {}).items():
        if not RFC3339_SECONDS.match(block.get("created", "")):
            errors.append(f"{name} created {block.get('created')!r} is not RFC 3339 at seconds")
    return errors
