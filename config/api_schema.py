"""The OpenAPI schema must not depend on the database it was generated with.

Django takes the bounds of integer fields from the database backend (SQLite: 64-bit for all,
PostgreSQL: 16, 32 or 64 bits), and drf-spectacular writes them into the schema; this hook
drops those bounds, so docs/openapi.yaml is the same whichever database CI uses.
"""

BACKEND_BOUNDS = {2**15 - 1, 2**31 - 1, 2**63 - 1, -(2**15), -(2**31), -(2**63)}


def _strip_bounds(node) -> None:
    if isinstance(node, list):
        for item in node:
            _strip_bounds(item)
    elif isinstance(node, dict):
        if node.get("type") == "integer":
            for bound in ("maximum", "minimum"):
                if node.get(bound) in BACKEND_BOUNDS:
                    del node[bound]
            if node.get("format") == "int64":
                del node["format"]
        for value in node.values():
            _strip_bounds(value)


def database_independent(result, generator, request, public):
    """drf-spectacular hook (see SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    _strip_bounds(result)
    return result
