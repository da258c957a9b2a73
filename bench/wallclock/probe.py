#!/usr/bin/env python3
"""bench/wallclock/probe.py: is the HTTP server answering? (bench/wallclock/run)

  probe.py http PORT N      N GET requests to 127.0.0.1:PORT, half on one
                            keep-alive connection and half on fresh ones;
                            print the first response once, then "ok N" or
                            "error WHY"; exit status 0 only if every answer
                            is the same complete response
"""
import socket
import sys


def get(sock):
    """One GET on a connected socket: the whole response (headers+body)."""
    sock.sendall(b"GET / HTTP/1.1\r\nHost: kiln\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("connection closed before the headers")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    if length is None:
        raise OSError("no Content-Length")
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("connection closed in the body")
        body += chunk
    return head + b"\r\n\r\n" + body


def http(port, n):
    answers = []
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            for _ in range((n + 1) // 2):
                answers.append(get(s))
        for _ in range(n // 2):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                answers.append(get(s))
    except (OSError, ValueError) as e:
        print("error %s" % e)
        return 1
    sys.stdout.write(answers[0].decode("latin-1"))
    if any(a != answers[0] for a in answers):
        print("error answers differ")
        return 1
    print("ok %d" % len(answers))
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == "http":
        return http(int(argv[2]), int(argv[3]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
