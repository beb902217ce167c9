"""``ccg serve``: a read-only SPARQL 1.1 endpoint with a query page, on Starlette and uvicorn.

``/sparql`` speaks the SPARQL 1.1 Protocol (query via GET, URL-encoded POST and direct POST) with
content negotiation; ``/queries`` lists the research queries and ``/queries/NAME`` runs one with its
parameters from the URL; ``/`` is the query page (files in ``ontology/endpoint_static/``, no CDN).

Read-only three times over: updates are refused before they reach the store (HTTP 403), queries run
through Oxigraph's query API only, and the store is opened read-only. ``SERVICE`` calls are refused
too (403), so the server never fetches a URL. Every query runs in a worker process and is stopped at
the time limit (HTTP 503); results are cut at the row limit (headers ``CCG-Row-Limit``,
``CCG-Rows``, ``CCG-Truncated``). Errors are one line of text with their status: 400 malformed
query or parameter, 403 update or SERVICE, 404 unknown research query, 405 method, 406 no
acceptable format, 413 query too long, 415 unsupported content type, 503 timeout or all workers busy.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ontology.errors import (
    CcgError,
    NotAcceptable,
    ProtocolError,
    QueryError,
    QueryRefused,
    QueryTimeout,
    dataset_parameters_unsupported,
    no_query_sent,
    nothing_acceptable,
    repeated_parameter,
    request_not_utf8,
    request_too_long,
    unsupported_content_type,
    update_refused,
)
from ontology.iris import DEFAULT_BASE_IRI
from ontology.prefixes import PREFIXES
from ontology.query_library import LibraryQuery, bind_params, find_query, load_library
from ontology.query_runner import QueryPool
from ontology.sparql_exec import QueryRequest
from ontology.sparql_formats import negotiate
from ontology.sparql_text import QUERY_FORMS, query_form

STATIC_DIR = Path(__file__).resolve().parent / "endpoint_static"
#: Request parameters that name a result format (SPARQLWrapper and others send all three).
FORMAT_PARAMS = ("format", "output", "results")
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_STATUS = ((QueryRefused, 403), (NotAcceptable, 406), (QueryTimeout, 503), (QueryError, 400), (CcgError, 500))


@dataclass(frozen=True)
class EndpointSettings:
    """What every query of the endpoint is held to."""

    timeout: float = 30.0
    max_rows: int = 10_000
    base_iri: str = DEFAULT_BASE_IRI
    max_query_bytes: int = 100_000


def problem_response(status: int, message: str) -> PlainTextResponse:
    """A one-line plain-text error."""
    return PlainTextResponse(" ".join(message.split()) + "\n", status_code=status, headers={"X-Content-Type-Options": "nosniff"})


def status_of(error: CcgError) -> int:
    """The HTTP status for a ccg error."""
    if isinstance(error, ProtocolError):
        return error.status
    return next(status for kind, status in _STATUS if isinstance(error, kind))


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise repeated_parameter(name, len(values))
    return values[0] if values else None


async def read_protocol_request(request: Request, max_bytes: int) -> tuple[str, list[str]]:
    """The query text and the requested format names of a SPARQL 1.1 Protocol request."""
    params = request.query_params
    formats = [v for name in FORMAT_PARAMS for v in params.getlist(name)]
    if params.getlist("update"):
        raise update_refused("request")
    if params.getlist("default-graph-uri") or params.getlist("named-graph-uri"):
        raise dataset_parameters_unsupported()
    if request.method == "GET":
        text = _single(params.getlist("query"), "query")
    else:
        text, formats = await _read_body(request, max_bytes, formats)
    if text is None or not text.strip():
        raise no_query_sent()
    if len(text.encode("utf-8")) > max_bytes:
        raise request_too_long(max_bytes)
    return text, formats


async def _read_body(request: Request, max_bytes: int, formats: list[str]) -> tuple[str | None, list[str]]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if int(request.headers.get("content-length") or 0) > max_bytes:
        raise request_too_long(max_bytes)
    if content_type == "application/sparql-update":
        raise update_refused("request")
    if content_type not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise unsupported_content_type(content_type)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise request_too_long(max_bytes)
        chunks.append(chunk)
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise request_not_utf8() from None
    if content_type == "application/sparql-query":
        return text, formats
    form = urllib.parse.parse_qs(text, keep_blank_values=True)
    if form.get("update"):
        raise update_refused("request")
    return _single(form.get("query", []), "query"), formats + [v for name in FORMAT_PARAMS for v in form.get(name, [])]


def create_app(pool: QueryPool, settings: EndpointSettings = EndpointSettings(), library: dict[str, LibraryQuery] | None = None) -> Starlette:
    """The Starlette application of the endpoint, answering queries through ``pool``."""
    queries = load_library() if library is None else library

    async def answer(request: Request, text: str, source: str, formats: list[str], bindings: dict | None = None) -> Response:
        form = query_form(text)
        if form == "update":
            raise update_refused(source)
        fmt = negotiate(form if form in QUERY_FORMS else "select", request.headers.get("accept"), formats)
        if fmt is None:
            raise nothing_acceptable(source, request.headers.get("accept", ""), form)
        query = QueryRequest(text, source, fmt.name, bindings or {}, max_rows=settings.max_rows, prefixes=PREFIXES, allow_service=False, base_iri=settings.base_iri)
        result = await run_in_threadpool(pool.run, query, settings.timeout)
        headers = {
            "CCG-Row-Limit": str(settings.max_rows),
            "CCG-Rows": "" if result.rows is None else str(result.rows),
            "CCG-Truncated": "true" if result.truncated else "false",
            "X-Content-Type-Options": "nosniff",
        }
        return Response(result.body, media_type=None, headers={"Content-Type": result.content_type, **headers})

    async def sparql(request: Request) -> Response:
        text, formats = await read_protocol_request(request, settings.max_query_bytes)
        return await answer(request, text, "query", formats)

    async def library_query(request: Request) -> Response:
        name = request.path_params["name"]
        found = find_query(name, queries)
        pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in FORMAT_PARAMS and v != ""]
        bindings = bind_params(pairs, found.params, base_iri=settings.base_iri, prefixes=PREFIXES, source=name)
        formats = [v for key in FORMAT_PARAMS for v in request.query_params.getlist(key)]
        return await answer(request, found.text, name, formats, bindings)

    async def list_queries(request: Request) -> Response:
        body = {
            "prefixes": PREFIXES,
            "baseIri": settings.base_iri,
            "timeout": settings.timeout,
            "maxRows": settings.max_rows,
            "queries": [q.as_json() for q in queries.values()],
        }
        return JSONResponse(body, headers={"X-Content-Type-Options": "nosniff"})

    async def page(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    async def problems(request: Request, error: Exception) -> Response:
        assert isinstance(error, CcgError)
        return problem_response(status_of(error), str(error))

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", list_queries, methods=["GET"]),
        Route("/queries/{name}", library_query, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={CcgError: problems})


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    store: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    settings: EndpointSettings = EndpointSettings(),
    workers: int = 2,
    announce: Callable[[str], None] = print,
) -> None:
    """Open the store read-only in ``workers`` query workers and serve until interrupted."""
    import uvicorn  # noqa: PLC0415 - only the server needs it

    with QueryPool(store, workers) as pool:
        app = create_app(pool, settings)
        if not is_loopback(host):
            announce(f"warning: listening on {host}: anyone who can reach this machine can query the graph")
        announce(f"SPARQL endpoint http://{host}:{port}/sparql, query page http://{host}:{port}/ "
                 f"(read-only; time limit {settings.timeout:g} s; row limit {settings.max_rows}); Ctrl-C stops it")
        uvicorn.run(app, host=host, port=port, log_level="warning")
