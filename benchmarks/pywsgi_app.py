"""The seeds' web application on gevent's pywsgi, for run-http.sh: PORT.

As in the seeds, the app knows nothing of gevent: it keeps the request in a greenlet-local and sleeps
with time.sleep, which monkey-patching makes cooperative. The seeds' werkzeug Request and LocalProxy
are left out (the local holds the WSGI environ instead), which only spares gevent work. Access logging
is off, as it is for the Java servers.
"""
from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402
import time  # noqa: E402

from gevent.local import local  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402

_requests = local()


def logic():
    return "Hello " + _requests.environ["REMOTE_ADDR"]


def application(environ, start_response):
    _requests.environ = environ
    try:
        if environ["PATH_INFO"] == "/sleep":
            time.sleep(0.01)
        body = logic().encode("ascii")
    finally:
        _requests.environ = None
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
    return [body]


WSGIServer(("127.0.0.1", int(sys.argv[1])), application, log=None, backlog=4096).serve_forever()
