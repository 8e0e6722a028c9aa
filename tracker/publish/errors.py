"""Errors over HTTP: misuse answers 4xx with a short message, never a traceback in the server log.

Datasette 0.65 prints a rich traceback for every error it handles, 404s included, and outside an except
block rich itself then fails, turning a 404 into a 500. This handler answers first: Datasette's own 4xx
keep their status, its "cannot sort by" kind of error is the client's (400), a write to a read-only tracker
database is 405; only a real fault is a 500, logged as one line.
"""

import sys

from datasette.utils.asgi import Base400, Response

from ..model.errors import NotFound, TrackerError

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def status_and_message(exception) -> tuple:
    from datasette.views.base import DatasetteError

    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0] if exception.args else "Bad request")
    if isinstance(exception, NotFound):
        return 404, str(exception)
    if isinstance(exception, TrackerError):
        return 400, str(exception)
    if isinstance(exception, DatasetteError):
        status = exception.status if exception.status < 500 else 400
        return status, str(exception.message)
    if isinstance(exception, AssertionError) and "POST" in str(exception):
        return 405, "Read-only: this page only answers GET"
    print(f"frontline: {type(exception).__name__}: {str(exception)[:300]}", file=sys.stderr)
    return 500, "Something went wrong on the server; the error is in its log"


async def error_response(datasette, request, exception):
    status, message = status_and_message(exception)
    info = {"ok": False, "error": message, "status": status, "title": None}
    if request.path.split("?")[0].endswith((".json", ".geojson")):
        return Response.json(info, status=status)
    template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
    html = await template.render_async(dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(),
                                            menu_links=lambda: []))
    return Response.html(html, status=status)


def read_only_tracker(app, is_tracker_path):
    """ASGI middleware: a write method to a tracker database's pages is refused (405) before Datasette sees it."""

    async def wrapped(scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") not in READ_METHODS and is_tracker_path(scope.get("path", "")):
            body = b'{"ok": false, "error": "Read-only: a tracker database is only read here (GET)", "status": 405}'
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"content-type", b"application/json"), (b"allow", b"GET, HEAD")]})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return wrapped


def quiet_sql_function_refusals():
    """Datasette turns on sqlite3's callback tracebacks, so a date a SQL function refuses would print a
    traceback per row; print one line instead (the query itself fails with a 400)."""
    from ..derive.sqlfunctions import BadArgument

    previous = sys.unraisablehook
    if getattr(previous, "frontline", False):
        return

    def hook(unraisable):
        if isinstance(unraisable.exc_value, BadArgument):
            print(f"frontline: a SQL function refused an argument: {unraisable.exc_value}", file=sys.stderr)
        else:
            previous(unraisable)

    hook.frontline = True
    sys.unraisablehook = hook
