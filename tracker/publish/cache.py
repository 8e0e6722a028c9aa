"""Derived JSON kept in memory per kind until the database changes, served gzipped to clients that accept it."""

import gzip
import json
import threading
from collections import OrderedDict

from datasette.utils.asgi import Response


def cached(datasette, kind, build, *, detail=None, size=8):
    """Derived JSON, rebuilt only when the database's change token moves; the `size` latest per kind.

    One store per kind, so scrubbing the map through many dates never evicts the chart data.
    Datasette runs these on several threads: the store is locked, the building is not.
    """
    stores = datasette.__dict__.setdefault("_frontline_cache", {})
    cache, lock = stores.setdefault(kind, (OrderedDict(), threading.Lock()))

    def run(tdb, campaign):
        key = (campaign, detail, tdb.change_token())
        with lock:
            found = cache.get(key)
            if found:
                cache.move_to_end(key)
                return found
        body = json.dumps(build(tdb, campaign), separators=(",", ":")).encode("utf-8")
        bodies = (body, gzip.compress(body, compresslevel=6))
        with lock:
            cache[key] = bodies
            while len(cache) > size:
                cache.popitem(last=False)
        return bodies

    return run


def json_response(request, bodies):
    """The cached JSON, gzipped for clients that accept it (the map data is megabytes at 100k events)."""
    plain, compressed = bodies
    headers = {"Cache-Control": "no-store", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(compressed, content_type="application/json; charset=utf-8", headers=headers)
    return Response(plain, content_type="application/json; charset=utf-8", headers=headers)
