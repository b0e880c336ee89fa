#!/usr/bin/env python3
"""Probe targets for the health tests, on 127.0.0.1 only.

targets.py DIR [CERT KEY ...]: an HTTP server on a free port with
  /up    200 "status: healthy"
  /slow  200 after 1.5 s
  /wrong 503
  /body  200 "status: degraded"
  /hang  answers after 30 s (a probe times out first)
and, for each CERT KEY pair, an HTTPS server serving /up with it. Every
request's headers are appended to DIR/requests.jsonl. The ports are written
to DIR/ports ("http PORT", "https0 PORT", ...) once all are listening.
"""
import http.server
import json
import os
import socketserver
import ssl
import sys
import threading
import time

DIR = sys.argv[1]
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        with LOCK, open(os.path.join(DIR, "requests.jsonl"), "a") as f:
            f.write(json.dumps({"path": self.path,
                                "headers": dict(self.headers.items())}) + "\n")
        status, body, delay = 200, b"status: healthy\n", 0
        if self.path == "/slow":
            delay = 1.5
        elif self.path == "/wrong":
            status, body = 503, b"down for maintenance\n"
        elif self.path == "/body":
            body = b"status: degraded\n"
        elif self.path == "/hang":
            delay = 30
        elif self.path != "/up":
            status, body = 404, b"no such target\n"
        end = time.monotonic() + delay
        while time.monotonic() < end:  # bounded by delay
            time.sleep(0.05)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


servers = [("http", Server(("127.0.0.1", 0), Handler))]
pairs = sys.argv[2:]
for i in range(0, len(pairs) - 1, 2):
    s = Server(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pairs[i], pairs[i + 1])
    s.socket = ctx.wrap_socket(s.socket, server_side=True)
    servers.append(("https%d" % (i // 2), s))
for _, s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
tmp = os.path.join(DIR, "ports.tmp")
with open(tmp, "w") as f:
    for name, s in servers:
        f.write("%s %d\n" % (name, s.server_address[1]))
os.rename(tmp, os.path.join(DIR, "ports"))
try:
    while True:  # until the test kills it by PID
        time.sleep(1)
except KeyboardInterrupt:
    pass
