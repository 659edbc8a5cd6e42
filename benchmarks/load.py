"""Load on the public matching endpoint, and concurrent writers saving needs.

Serves the application as ``make run`` does (gunicorn) on loopback, with the shipped catalogue
in a temporary store, then:

1. ``wrk`` (Debian package) sends ``POST /api/v1/match`` with the evaluation needs in
   turn for ``--duration`` seconds over ``--connections`` connections: requests per
   second and latency percentiles; the same run on ``GET /api/v1/schemes`` (no ranking)
   is the baseline that shows what the server and the framework cost alone.
2. ``--writers`` threads start together and each saves ``--needs`` needs through
   ``POST /api/v1/needs``: every 201 must be in the store exactly once, nothing else.

    python benchmarks/load.py [--duration 20] [--connections 16] [--json benchmarks/results/load.json]
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

LUA = r"""
local bodies = {%s}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[i])
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def wrk(url, duration, connections, threads, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    seconds = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}

    def latency(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M).groups()
        return round(float(value) * seconds[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50_ms": latency(50), "p90_ms": latency(90), "p99_ms": latency(99),
            "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else "none"}


def writers(base, token, count, per_writer):
    """``count`` threads released together, each saving ``per_writer`` needs; their answers."""
    start = threading.Barrier(count)
    answers = []
    lock = threading.Lock()

    def write(n):
        start.wait()
        for k in range(per_writer):
            body = json.dumps({"title": f"Besoin {n}-{k}", "text": f"capteurs de crue et niveau des rivières {n} {k}",
                               "lang": "fr"}).encode()
            request = urllib.request.Request(f"{base}/api/v1/needs", data=body, method="POST", headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    answer = (response.status, json.loads(response.read())["data"]["id"])
            except urllib.error.HTTPError as error:
                answer = (error.code, None)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(count)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (make run: 2)")
    parser.add_argument("--server-threads", type=int, default=4, help="threads of each worker (make run: 4)")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--needs", type=int, default=4, help="needs saved by each writer")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian)")

    from matcher.engine import Engine
    from matcher.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TANDEM_DATABASE_URL": f"sqlite:///{tmp}/tandem.sqlite3",
               "TANDEM_CACHE_DIR": f"{tmp}/cache", "TANDEM_RATE_LIMIT": "100000000 per minute",
               "TANDEM_SECRET_KEY": "load-benchmark"}
        engine = Engine(Settings.from_mapping(env))
        engine.import_catalog(ROOT / "data")
        engine.accounts.create("load@vortex-io.test", "load-benchmark-password", "sme", company_id="vortex-io")
        token = engine.accounts.issue_token(engine.accounts.find("load@vortex-io.test").id)
        needs_before = len(engine.store.needs())

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                   "--worker-class", "gthread", "--threads", str(args.server_threads), "web.wsgi:app"]
        # A file, not a pipe: a pipe nobody reads would fill up and block the server.
        with open(Path(tmp) / "server.log", "wb") as log:
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_until_up(f"{base}/api/v1/companies/vortex-io")
                texts = [need["text"] for need in yaml.safe_load((ROOT / "data" / "eval" / "needs.yaml").read_text())]
                bodies = [json.dumps({"text": text, "top": 10}) for text in texts]
                script = Path(tmp) / "match.lua"
                script.write_text(LUA % ", ".join(json.dumps(body) for body in bodies))
                for body in bodies[: args.workers * 4]:  # every worker builds its index before the clock runs
                    urllib.request.urlopen(urllib.request.Request(f"{base}/api/v1/match", data=body.encode(),
                                                                  headers={"Content-Type": "application/json"})).read()
                baseline = wrk(f"{base}/api/v1/companies/vortex-io", args.duration, args.connections, args.wrk_threads)
                match = wrk(f"{base}/api/v1/match", args.duration, args.connections, args.wrk_threads, str(script))
                answers, seconds = writers(base, token, args.writers, args.needs)
            finally:
                server.terminate()
                server.wait(timeout=30)

        created = [need_id for status, need_id in answers if status == 201]
        stored = [need.id for need in engine.store.needs()]
        saved = {
            "writers": args.writers, "needs_each": args.needs, "seconds": round(seconds, 2),
            "answers_201": len(created), "other_answers": sorted({status for status, _ in answers if status != 201}),
            "stored_new": len(stored) - needs_before, "lost": len(set(created) - set(stored)),
            "duplicated": len(created) - len(set(created)),
        }
    result = {"server": "gunicorn", "workers": args.workers, "threads": args.server_threads,
              "connections": args.connections, "duration_s": args.duration, "needs_texts": len(bodies),
              "baseline_get_company": baseline, "post_match": match,
              "match_vs_baseline_throughput": round(match["requests_per_s"] / baseline["requests_per_s"], 3),
              "writers": saved}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
