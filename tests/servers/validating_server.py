"""An HTTP server that checks every request against an OpenAPI spec with openapi-core,
which reads parameters in each of OpenAPI's styles (`simple`, `label`, `matrix`, `form`,
`deepObject`, ...), cookies and API keys among them. A valid request is answered `204`; an
invalid one `400`, with what is wrong as JSON.

The spec's `servers` are replaced by `/`: requests are checked against this server.
openapi-core reads a `label` or `matrix` path parameter under the name RFC 6570 gives its
expansion (`{.name}`, `{;name*}`), while OpenAPI's templates say `{name}`: the path's
variables are handed to it under both.

    validating_server.py SPEC PORT
"""

import json
import re
import sys

import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response


def load(path):
    """The spec, checked against this server, and its path templates."""
    with open(path, encoding="utf-8") as spec:
        document = yaml.safe_load(spec)
    document["servers"] = [{"url": "/"}]
    return OpenAPI.from_dict(document), list(document.get("paths", {}))


class StyledVariables(dict):
    """Path variables that also answer to the names of their RFC 6570 expansions: `.name`,
    `;name` and `name*` are `name`."""

    def __missing__(self, key):
        plain = key.lstrip(".;").rstrip("*")
        if plain == key:
            raise KeyError(key)
        return self[plain]


def path_variables(templates, path):
    """The variables of the first template that matches `path` (one per segment or part of
    one, never across a `/`)."""
    for template in templates:
        names = re.findall(r"\{([^}]+)\}", template)
        pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]*)", re.escape(template))
        match = re.fullmatch(pattern, path)
        if match:
            return StyledVariables(zip(names, match.groups()))
    return StyledVariables()


def problems(error):
    """The error and every cause behind it, as text."""
    found = []
    while error is not None:
        found.append(f"{type(error).__name__}: {error}")
        for inner in getattr(error, "schema_errors", None) or []:
            found.append(f"  {inner.message}")
        error = error.__cause__ or error.__context__
    return found


def application(openapi, templates):
    @Request.application
    def answer(request):
        checked = WerkzeugOpenAPIRequest(request)
        checked.parameters.path = path_variables(templates, request.path)
        try:
            openapi.validate_request(checked)
        except Exception as error:  # every way a request can be wrong
            body = json.dumps({"problems": problems(error)})
            return Response(body, status=400, content_type="application/json")
        return Response(status=204)

    return answer


if __name__ == "__main__":
    spec_path, port = sys.argv[1], int(sys.argv[2])
    openapi, templates = load(spec_path)
    run_simple("127.0.0.1", port, application(openapi, templates), threaded=True)
