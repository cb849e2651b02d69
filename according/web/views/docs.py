"""``/api/v1/docs``: the OpenAPI schema as a page, drawn here (no external UI, no script)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..templating import render

router = APIRouter()


def _schema_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(_schema_name(s) for s in schema[key])
    if schema.get("type") == "array":
        return f"list[{_schema_name(schema.get('items'))}]"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    return str(schema.get("type", "object"))


@router.get("/api/v1/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    spec = request.app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            ok: dict[str, Any] = next(
                (r for s, r in op.get("responses", {}).items() if s.startswith("2")), {}
            )
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "type": _schema_name(p.get("schema")),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _schema_name(body),
                    "returns": _schema_name(ok.get("content", {}).get("application/json", {}).get("schema")),
                    "statuses": sorted(op.get("responses", {})),
                }
            )
    schemas = {
        name: [
            (field, _schema_name(prop), field in schema.get("required", []))
            for field, prop in schema.get("properties", {}).items()
        ]
        for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items())
    }
    return render(request, "api_docs.html", {"spec": spec, "operations": operations, "schemas": schemas})
