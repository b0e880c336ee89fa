#!/usr/bin/env python3
"""Counting probe targets for the backoff test, on 127.0.0.1 only.

counter.py DIR NAME...: one TCP listener per NAME on a free port. Each
accepted connection adds one to DIR/count-NAME (rewritten atomically). While
DIR/answer-NAME does not exist the connection is closed at once, unread (a
target that gives no answer: curl sees an empty reply); once it exists,
the request gets "HTTP/1.0 200 OK". The ports go to DIR/ports ("NAME PORT"
lines) once all are listening.
"""
import os
import socket
import sys
import threading

DIR = sys.argv[1]
NAMES = sys.argv[2:]
LOCK = threading.Lock()
COUNTS = {n: 0 for n in NAMES}


def bump(name):
    with LOCK:
        COUNTS[name] += 1
        tmp = os.path.join(DIR, "count-%s.tmp" % name)
        with open(tmp, "w") as f:
            f.write("%d\n" % COUNTS[name])
        os.rename(tmp, os.path.join(DIR, "count-" + name))


def serve(name, ls):
    while True:  # until the test kills the process by PID
        conn, _ = ls.accept()
        bump(name)
        try:
            if os.path.exists(os.path.join(DIR, "answer-" + name)):
                conn.settimeout(5)
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n"
                             b"Connection: close\r\n\r\nok\n")
        except OSError:
            pass
        conn.close()


listeners = []
for n in NAMES:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    listeners.append((n, s))
for n, s in listeners:
    threading.Thread(target=serve, args=(n, s), daemon=True).start()
tmp = os.path.join(DIR, "ports.tmp")
with open(tmp, "w") as f:
    for n, s in listeners:
        f.write("%s %d\n" % (n, s.getsockname()[1]))
os.rename(tmp, os.path.join(DIR, "ports"))
threading.Event().wait()
