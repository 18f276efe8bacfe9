#!/usr/bin/env python3
"""Chat latency (docs/PERFORMANCE.md, issue 5): how long a chat line takes to reach the other side.

Starts `farol serve` on a throwaway SQLite file (durable commits) on loopback, signs in an agent
and a portal customer, and runs CHATS conversations of LINES lines each (PARALLEL at a time), the two
sides taking turns. For every line: the sender POSTs it; the other side, which holds the chat's live stream
(Server-Sent Events) open, hears the `ticket` event and fetches the conversation, and the clock
stops when the line is in what it fetched. That is what a person sees: send → on the other screen.
Prints the percentiles. Standard library only.
"""
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAROL = os.environ.get("FAROL_BIN", os.path.join(ROOT, "build", "farol"))
CHATS = int(os.environ.get("CHATS", "20"))
LINES = int(os.environ.get("LINES", "25"))  # per chat; a chat takes at most 60 lines a minute
PARALLEL = int(os.environ.get("PARALLEL", "1"))  # conversations at the same time
PASSWORD = "bench-password-2026"


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.csrf = ""

    def call(self, method, path, body=None):
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        res = self.conn.getresponse()
        text = res.read()
        if res.status >= 300:
            raise RuntimeError(f"{method} {path}: {res.status} {text[:300]!r}")
        cookie = res.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        return json.loads(text) if text else None

    def login(self, email):
        self.csrf = self.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})["csrf_token"]
        return self


class Stream(threading.Thread):
    """Holds /api/v1/tickets/{id}/live open and puts every event's name on a queue."""

    def __init__(self, port, cookie, ticket):
        super().__init__(daemon=True)
        self.events = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", f"/api/v1/tickets/{ticket}/live", headers={"Cookie": cookie, "Accept": "text/event-stream"})
        self.res = self.conn.getresponse()
        if self.res.status != 200:
            raise RuntimeError(f"live stream: {self.res.status}")

    def run(self):
        event = None
        try:
            while True:
                line = self.res.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line == "" and event:
                    self.events.put(event)
                    event = None
        except Exception:
            return

    def close(self):
        try:
            self.conn.sock.close()
        except Exception:
            pass


def percentile(sorted_ms, p):
    k = max(0, min(len(sorted_ms) - 1, int(round(p / 100.0 * len(sorted_ms) + 0.5)) - 1))
    return sorted_ms[k]


def main():
    work = tempfile.mkdtemp(prefix="farol-chat-bench-")
    common = ["--database", f"sqlite:{work}/farol.db", "--attachments", f"{work}/files", "--log-level", "warn"]
    subprocess.run([FAROL, "migrate", *common], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([FAROL, "user", "add", "--email", "agent@bench.test", "--name", "Ana Agent", "--role", "admin",
                    "--password-stdin", *common], input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([FAROL, "serve", *common, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        deadline = time.time() + 20
        while port is None and time.time() < deadline:
            m = re.search(r"listening on http://[\d.]+:(\d+)", server.stdout.readline())
            if m:
                port = int(m.group(1))
        if port is None:
            raise RuntimeError("farol did not start")
        agent = Client(port).login("agent@bench.test")
        org = agent.call("POST", "/api/v1/organisations", {"name": "Bench Co"})["id"]
        agent.call("POST", "/api/v1/contacts", {"organisation_id": org, "name": "Carla Customer", "email": "carla@bench.test",
                                                 "portal_user": True, "password": PASSWORD})
        customer = Client(port).login("carla@bench.test")
        agent.call("PUT", "/api/v1/me/presence", {"status": "available"})

        def converse(c, out):
            me_agent, me_customer = Client(port), Client(port)
            me_agent.cookie, me_agent.csrf = agent.cookie, agent.csrf
            me_customer.cookie, me_customer.csrf = customer.cookie, customer.csrf
            chat = me_customer.call("POST", "/api/v1/chats", {"message": f"Chat {c}: hello"})["chat"]["ticket_id"]
            me_agent.call("POST", f"/api/v1/chats/{chat}/pickup")
            sides = {"agent": (me_agent, Stream(port, agent.cookie, chat)),
                     "customer": (me_customer, Stream(port, customer.cookie, chat))}
            for _, s in sides.values():
                s.start()
                if s.events.get(timeout=10) != "ready":
                    raise RuntimeError("no ready event")
            for i in range(LINES):
                sender, receiver = ("customer", "agent") if i % 2 == 0 else ("agent", "customer")
                reader, stream = sides[receiver]
                while not stream.events.empty():
                    stream.events.get_nowait()
                text = f"line {c}.{i} from the {sender}"
                t0 = time.perf_counter()
                sides[sender][0].call("POST", f"/api/v1/chats/{chat}/messages", {"body": text})
                while True:
                    if stream.events.get(timeout=10) != "ticket":
                        continue
                    lines = reader.call("GET", f"/api/v1/chats/{chat}")["messages"]
                    if any(m["body"] == text for m in lines):
                        break
                out.append((time.perf_counter() - t0) * 1000.0)
            for _, s in sides.values():
                s.close()

        latencies = []
        done = 0
        for first in range(0, CHATS, PARALLEL):
            batch = [threading.Thread(target=converse, args=(c, latencies)) for c in range(first, min(first + PARALLEL, CHATS))]
            for t in batch:
                t.start()
            for t in batch:
                t.join()
            done += len(batch)
            print(f"\rchats {done}/{CHATS}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        ms = sorted(latencies)
        if len(ms) != CHATS * LINES:
            raise RuntimeError(f"only {len(ms)} of {CHATS * LINES} lines were seen")
        print(f"lines: {len(ms)} in {CHATS} chats of {LINES}, {PARALLEL} at a time (durable SQLite, loopback)")
        print(f"send -> seen on the other side: p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
              f"p99 {percentile(ms, 99):.1f} ms, max {ms[-1]:.1f} ms, mean {statistics.mean(ms):.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
