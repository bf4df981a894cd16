"""dbt-duckdb plugin: the keyed anonymisation of school URNs.

Registers the DuckDB functions `anonymised_school_id(urn varchar,
allow_demo_key boolean) -> varchar` and `school_id_key_is_set() -> boolean` on
every connection dbt opens. It returns
'K' + the first 15 hex digits of HMAC-SHA256(key, urn), upper case: stable for
the same key, and not reversible by enumerating the (public, six-digit) URNs
without the key.

The key is read from the environment variable DBT_ENV_SECRET_SCHOOL_ID_KEY at
call time, inside this process. It never enters SQL text, dbt's manifest or
compiled files, and dbt scrubs DBT_ENV_SECRET_* values from its logs.
Without the variable, the documented demo key is used only when
`allow_demo_key` is true (the build reads only the shipped demo inputs);
otherwise the call fails and the build stops.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from dbt.adapters.duckdb.plugins import BasePlugin

KEY_VARIABLE = "DBT_ENV_SECRET_SCHOOL_ID_KEY"
# Documented in the README: used only for the shipped demo inputs.
DEMO_KEY = "school-segregation-demo-key-not-secret"


def anonymised_school_id(urn: str | None, allow_demo_key: bool) -> str | None:
    if urn is None:
        return None
    key = os.environ.get(KEY_VARIABLE)
    if not key:
        if not allow_demo_key:
            raise ValueError(
                f"{KEY_VARIABLE} is not set: the anonymised school id needs a secret key "
                "for any input other than the shipped demo files (see README, "
                "'Anonymised school ids'), or give a lookup in var school_id_lookup"
            )
        key = DEMO_KEY
    digest = hmac.new(key.encode(), urn.encode(), hashlib.sha256).hexdigest()
    return "K" + digest[:15].upper()


def school_id_key_is_set() -> bool:
    """Whether the secret key is in the environment (never the key itself)."""
    return bool(os.environ.get(KEY_VARIABLE))


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        conn.create_function(
            "school_id_key_is_set", school_id_key_is_set, [], "BOOLEAN", side_effects=True
        )
        conn.create_function(
            "anonymised_school_id",
            anonymised_school_id,
            ["VARCHAR", "BOOLEAN"],
            "VARCHAR",
            null_handling="special",
            side_effects=False,
        )
