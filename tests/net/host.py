#!/usr/bin/env python3
"""tests/net/host.py: the host's half of the network tests (loopback only).

  host.py free-port                 print a free TCP+UDP port on 127.0.0.1
  host.py serve PORTFILE [ADDR]     serve forever on a fresh port of ADDR
                                    (127.0.0.1, or IPv6 such as ::1; the
                                    port is written to PORTFILE): each
                                    connection reads one line "N", answers
                                    N pattern bytes, closes
  host.py udp-echo PORTFILE [ADDR]  echo UDP datagrams forever, on a fresh
                                    port of ADDR (as serve)
  host.py sink PORTFILE LOG         serve forever on a fresh port: read each
                                    connection to EOF, append "N bytes,
                                    pattern ok|differs" to LOG
  host.py http DIR PORTFILE [ADDR]  an HTTP server for DIR on a fresh port
                                    of ADDR (as serve)
  host.py client PORT NBYTES [ADDR] send NBYTES pattern bytes to ADDR
                                    (127.0.0.1), half-close, print the reply
                                    (retries while refused)
  host.py burst PORT N NBYTES LIMIT N clients at once (as client, no retry):
                                    print the replies, sorted, and whether
                                    each came within LIMIT seconds
  host.py udp PORT SIZE...          send datagrams, print each echo's size
  host.py udp6 PORT SIZE...         the same to ::1
  host.py get PORT PATH             one HTTP GET (new connection): print the
                                    status, content type and body
"""
import http.server, os, socket, socketserver, sys, threading, time


def pattern(n):
    unit = bytes(range(251))
    return (unit * (n // len(unit) + 1))[:n]


def free_port():
    while True:
        t = socket.socket()
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
            for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):  # and on ::1
                with socket.socket(socket.AF_INET6, kind) as s6:
                    s6.bind(("::1", port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()


class Pattern(socketserver.StreamRequestHandler):
    def handle(self):
        n = int(self.rfile.readline().strip() or 0)
        self.wfile.write(pattern(n))


class Sink(socketserver.StreamRequestHandler):
    def handle(self):
        n, ok = 0, True
        unit = bytes(range(251)) * 263  # any 64 KiB read, from any offset
        while True:
            b = self.rfile.read1(65536)
            if not b:
                break
            ok = ok and b == unit[n % 251:n % 251 + len(b)]
            n += len(b)
        with open(self.server.log, "a") as f:
            f.write("received %d bytes, pattern %s\n" % (n, "ok" if ok else "differs"))


class Threaded(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class Threaded6(Threaded):
    address_family = socket.AF_INET6


def serve(handler, portfile, addr="127.0.0.1"):
    srv = (Threaded6 if ":" in addr else Threaded)((addr, 0), handler)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


def udp_echo(portfile, addr="127.0.0.1"):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 0))
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)
    while True:
        b, peer = s.recvfrom(65536)
        s.sendto(b, peer)


def exchange(addr, port, data, timeout):
    """Connect, send data, half-close, return all of the reply."""
    s = socket.create_connection((addr, port), timeout=timeout)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    reply = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        reply += b
    s.close()
    return reply


def client(port, nbytes, addr="127.0.0.1"):
    data = pattern(nbytes)
    deadline = time.time() + 60
    while True:
        try:
            reply = exchange(addr, port, data, 60)
            if reply or time.time() > deadline:
                sys.stdout.write(reply.decode())
                return 0 if reply else 1
        except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, OSError):
            if time.time() > deadline:
                print("connection refused")
                return 1
        time.sleep(0.05)


def burst(port, n, nbytes, limit, addr="127.0.0.1"):
    """n connections at once; a lost SYN or SYN-ACK costs the sender's
    retransmission timeout (1 s on Linux, ~2.75 s in slirp): over limit."""
    data = pattern(nbytes)
    replies, slow = [], []

    def one(i):
        t = time.time()
        try:
            reply = exchange(addr, port, data, 30)
        except OSError as e:
            reply = ("error: %s\n" % e).encode()
        replies.append(reply.decode())
        if time.time() - t > limit:
            slow.append(i)

    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    sys.stdout.write("".join(sorted(replies)))
    print("%d connections, %d answered within %g s" % (n, n - len(slow), limit))
    return 0 if not slow else 1


def udp(port, sizes, addr="127.0.0.1"):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for i, n in enumerate(sizes):
        for attempt in range(15):
            s.sendto(pattern(n), (addr, port))
            try:
                b, _ = s.recvfrom(65536)
                print("echo %d: %d bytes%s" % (i, len(b), "" if b == pattern(n) else " (differs)"))
                break
            except socket.timeout:
                continue
        else:
            print("echo %d: lost" % i)
            return 1
    return 0


def get(port, path):
    """Retries while the server is not there yet: through slirp's -p the
    host port accepts before the guest listens, then resets."""
    import http.client
    deadline = time.time() + 60
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("GET", path)
            r = c.getresponse()
            body = r.read().decode(errors="replace")
            c.close()
            print(r.status, r.getheader("Content-Type"))
            sys.stdout.write(body)
            return 0
        except (OSError, http.client.HTTPException):
            if time.time() > deadline:
                print("no answer")
                return 1
            time.sleep(0.05)


def main(a):
    if a[0] == "free-port":
        print(free_port())
    elif a[0] == "serve":
        serve(Pattern, *a[1:3])
    elif a[0] == "sink":
        Threaded.log = a[2]
        serve(Sink, a[1])
    elif a[0] == "http":
        os.chdir(a[1])

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        serve(Quiet, *a[2:4])
    elif a[0] == "client":
        return client(int(a[1]), int(a[2]), *a[3:4])
    elif a[0] == "burst":
        return burst(int(a[1]), int(a[2]), int(a[3]), float(a[4]))
    elif a[0] == "get":
        return get(int(a[1]), a[2])
    elif a[0] == "udp":
        return udp(int(a[1]), [int(x) for x in a[2:]])
    elif a[0] == "udp6":
        return udp(int(a[1]), [int(x) for x in a[2:]], "::1")
    elif a[0] == "udp-echo":
        udp_echo(*a[1:3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
