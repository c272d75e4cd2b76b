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


def json_bodies_only(result, generator, request, public):
    """drf-spectacular hook: a request body is documented once, as JSON, where the view takes JSON.

    The form encodings stay accepted (the browsable API uses them) but are not advertised: a
    generator given three encodings of one schema writes clients that send every field twice or
    cannot send nested objects. An upload keeps its one encoding, multipart."""
    for path_item in result["paths"].values():
        for operation in path_item.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for media_type in [m for m in content if m != "application/json"]:
                    del content[media_type]
    return result
