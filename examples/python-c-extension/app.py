"""Answers with the libpq version the compiled extension links: it fails to import, and the
server never starts, when libpq.so.5 is missing at run time."""
from http.server import BaseHTTPRequestHandler, HTTPServer

import pqversion


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"libpq {pqversion.version()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", 8000), Handler).serve_forever()
