#!/usr/bin/python3
"""Drive the `lotterylab` kernel over the Jupyter protocol and report what it did, as JSON.

  kernel_check.py protocol --work-dir DIR   interrupts, errors, restarts, shutdown (about 30 s)
  kernel_check.py launches N                N launches under `jupyter notebook`: seconds from
                                            starting a kernel to its answered kernel_info
  kernel_check.py browser [--screenshot P]  the classic notebook page in headless Chromium:
                                            Kernel > Interrupt on a sleeping cell, then a cell

Behind KernelProtocolIT and the launch figures in environment/README.md. It only observes: the
test asserts on the JSON, printed as the last line (`--json FILE` also writes it to a file).
Runs with Debian's /usr/bin/python3 (jupyter_client, tornado); `browser` also needs chromium and
chromedriver (Debian packages chromium, chromium-driver). Kernel output goes to
`--log FILE` (default .lab/logs/kernel_check.kernel.log).
"""

import argparse
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This clone's kernelspec first, as ./lab does.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [str(ROOT / ".lab" / "jupyter")] + ([os.environ["JUPYTER_PATH"]] if os.environ.get("JUPYTER_PATH") else []))

from jupyter_client import KernelManager  # noqa: E402  (after JUPYTER_PATH)


def now():
    return time.monotonic()


class Kernel:
    """One kernel process and a blocking client on it."""

    def __init__(self, name, log):
        self.km = KernelManager(kernel_name=name)
        self.log = log
        self.km.start_kernel(stdout=log, stderr=log)
        self.proc = self.km.provisioner.process
        self.kc = self.km.client()
        self.kc.start_channels()

    def kernel_info_once(self, timeout):
        """Seconds until the reply to ONE kernel_info_request (no resend), or None."""
        t0 = now()
        msg_id = self.kc.kernel_info()
        reply = self.shell_reply(msg_id, timeout)
        return None if reply is None else round(now() - t0, 3)

    def shell_reply(self, msg_id, timeout):
        deadline = now() + timeout
        while now() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=max(0.05, deadline - now()))
            except queue.Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    def iopub_for(self, msg_id, until_idle_timeout):
        """IOPub messages whose parent is msg_id, up to its status idle (or the timeout)."""
        got, deadline = [], now() + until_idle_timeout
        while now() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.05, deadline - now()))
            except queue.Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            got.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return got

    def wait_started(self, msg_id, timeout):
        """Waits for the execute_input of msg_id on IOPub: the kernel has begun the cell."""
        deadline = now() + timeout
        while now() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.05, deadline - now()))
            except queue.Empty:
                return False
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                return True
        return False

    def run(self, code, timeout=60, interrupt_after=None):
        """Executes code; optionally sends interrupt_request `interrupt_after` s after it began.
        Returns what the frontend would show: reply status, error, stdout, result, timings."""
        msg_id = self.kc.execute(code)
        out = {"code": code}
        if interrupt_after is not None:
            out["started"] = self.wait_started(msg_id, 30)
            time.sleep(interrupt_after)
            t0 = now()
            self.km.interrupt_kernel()
        else:
            t0 = now()
        reply = self.shell_reply(msg_id, timeout)
        out["reply_seconds"] = round(now() - t0, 3)
        msgs = self.iopub_for(msg_id, 10)
        if reply is None:
            out["status"] = "no reply"
        else:
            c = reply["content"]
            out.update(status=c["status"], execution_count=c.get("execution_count"),
                       ename=c.get("ename"), evalue=c.get("evalue"))
        out["stdout"] = "".join(m["content"]["text"] for m in msgs
                                if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        out["result"] = next((m["content"]["data"].get("text/plain", m["content"]["data"].get("text/html")) for m in msgs
                              if m["msg_type"] == "execute_result"), None)
        out["error_traceback"] = "\n".join(
            line for m in msgs if m["msg_type"] == "error" for line in m["content"]["traceback"])
        out["idle"] = any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                          for m in msgs)
        return out

    def shutdown(self, restart=False):
        """Asks the kernel to shut down (or restart); seconds taken and whether the old process
        exited by itself (jupyter_client kills it after its shutdown_wait_time)."""
        old = self.proc
        t0 = now()
        if restart:
            self.km.restart_kernel(now=False)
            self.proc = self.km.provisioner.process
            self.kc.stop_channels()
            self.kc = self.km.client()
            self.kc.start_channels()
        else:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=False)
        return {"seconds": round(now() - t0, 3), "exit_code": old.returncode,
                # 0: the JVM ended by itself; 143 (128 + SIGTERM) or negative: it was signalled
                "exited_by_itself": old.returncode == 0}


def protocol(args):
    work = Path(args.work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    after_file = work / "after-interrupt.txt"
    report = {}
    with open(args.log, "w") as log:
        k = Kernel(args.kernel, log)
        try:
            report["first_kernel_info_seconds"] = k.kernel_info_once(args.info_timeout)
            report["setup"] = k.run("int before = 41; String loadedFrom(String c) throws Exception {"
                                    " return Class.forName(c).getProtectionDomain().getCodeSource()"
                                    ".getLocation().toString(); }")
            report["fix_classes"] = k.run(
                'System.out.println(loadedFrom("org.rapaio.jupyter.kernel.channels.Channels") + " "'
                ' + loadedFrom("org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl"));')
            report["sleep"] = k.run("Thread.sleep(120_000);", interrupt_after=1.5)
            report["loop"] = k.run("long spins = 0; while (!Thread.currentThread().isInterrupted()) { spins++; }",
                                   interrupt_after=1.5)
            report["ignores_interrupt"] = k.run(
                "long until = System.nanoTime() + 14_000_000_000L; while (System.nanoTime() < until) { }",
                interrupt_after=1.0)
            # A long training through the run store, interrupted: the cell shows the library's message.
            store = work / "store"
            report["training"] = k.run(
                f'org.lotterylab.store.RunStore.at(java.nio.file.Path.of("{store}")).run('
                'org.lotterylab.experiment.ExperimentConfig.defaults().with("training.maxEpochs", 100000)'
                '.with("training.earlyStopping", false));', interrupt_after=4.0)
            # 200 short statements, each appending a line to a file: after the interrupt none may run,
            # also when the interrupt comes while the kernel compiles the next statement.
            lines_file = work / "statements.txt"
            append = (f'java.nio.file.Files.writeString(java.nio.file.Path.of("{lines_file}"), "x\\n",'
                      ' java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);')
            report["statements"] = k.run("\n".join([append + " Thread.sleep(20);"] * 200), interrupt_after=2.0)
            count = lambda: len(lines_file.read_text().splitlines()) if lines_file.exists() else 0
            report["statements_at_reply"] = count()
            time.sleep(2)
            report["statements_2s_later"] = count()
            # Statements without sleeps: the interrupt mostly comes while the kernel compiles one.
            quick_file = work / "quick.txt"
            quick = append.replace(str(lines_file), str(quick_file))
            report["quick_statements"] = k.run("\n".join([quick] * 400), interrupt_after=2.0)
            quick_count = lambda: len(quick_file.read_text().splitlines()) if quick_file.exists() else 0
            report["quick_statements_at_reply"] = quick_count()
            time.sleep(2)
            report["quick_statements_2s_later"] = quick_count()
            report["after"] = k.run('System.out.println("after the interrupts " + (before + 1));'
                                    f' java.nio.file.Files.writeString(java.nio.file.Path.of("{after_file}"), "written");')
            report["after_file"] = after_file.read_text() if after_file.exists() else None
            report["compile_error"] = k.run('int broken = "not an int";')
            report["exception"] = k.run('throw new IllegalStateException("boom from the check");')
            report["normal"] = k.run("before + 1")
            report["restart"] = k.shutdown(restart=True)
            report["restart_kernel_info_seconds"] = k.kernel_info_once(args.info_timeout)
            report["after_restart"] = k.run('System.out.println("restarted");')
            report["gone_after_restart"] = k.run("before")
            # Restart while a cell runs, one that even ignores interrupts.
            busy = k.kc.execute("while (true) { }")
            report["busy_started"] = k.wait_started(busy, 30)
            report["busy_restart"] = k.shutdown(restart=True)
            report["after_busy_restart"] = k.run('System.out.println("restarted while busy");')
        finally:
            report["shutdown"] = k.shutdown()
    print(json.dumps(report))
    return report


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotebookServer:
    """A `jupyter notebook` server on a free local port, serving `notebook_dir`, with its REST API."""

    def __init__(self, notebook_dir, log):
        self.port, self.token = free_port(), "kernel-check"
        jupyter = shutil.which("jupyter") or "/usr/bin/jupyter"
        self.proc = subprocess.Popen(
            [jupyter, "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
             "--allow-root", f"--NotebookApp.token={self.token}", f"--notebook-dir={notebook_dir}"],
            stdout=log, stderr=log)
        self.auth = {"Authorization": f"token {self.token}"}
        for _ in range(150):
            try:
                self.api("GET", "/api")
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"jupyter notebook exited ({self.proc.returncode}); see {log.name}")
                time.sleep(0.2)
        self.close()
        raise SystemExit(f"jupyter notebook did not answer on port {self.port} in 30 s; see {log.name}")

    def api(self, method, path, body=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method, headers=self.auth,
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req, timeout=120) as r:
            text = r.read()
            return json.loads(text) if text else None

    def close(self):
        for k in self.api("GET", "/api/kernels") if self.proc.poll() is None else []:
            self.api("DELETE", f"/api/kernels/{k['id']}")
        self.proc.terminate()
        self.proc.wait(30)


def launches(args):
    """N kernel starts under a real `jupyter notebook` server: POST /api/kernels, then open the
    kernel's websocket, which the server accepts only after its one kernel_info_request was
    answered (notebook 6: no resend, gives up after kernel_info_timeout = 60 s)."""
    from tornado.httpclient import HTTPRequest
    from tornado.ioloop import IOLoop
    from tornado.websocket import websocket_connect

    with open(args.log, "w") as log, tempfile.TemporaryDirectory() as home:
        server = NotebookServer(home, log)
        port = server.port
        try:
            waits, handshakes = [], []
            for i in range(args.n):
                t0 = now()
                kid = server.api("POST", "/api/kernels", {"name": args.kernel})["id"]

                async def connect():
                    ws = await websocket_connect(HTTPRequest(
                        f"ws://127.0.0.1:{port}/api/kernels/{kid}/channels", headers=server.auth,
                        connect_timeout=120, request_timeout=120))
                    handshake = now() - t0
                    # The server has its kernel_info; now one request of our own, as the page sends.
                    msg_id = uuid.uuid4().hex
                    await ws.write_message(json.dumps({
                        "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "check",
                                   "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell"}))
                    while True:
                        raw = await ws.read_message()
                        if raw is None:
                            raise SystemExit(f"the websocket of kernel {kid} closed before kernel_info_reply")
                        if isinstance(raw, str):
                            msg = json.loads(raw)
                            if (msg.get("msg_type") == "kernel_info_reply"
                                    and msg.get("parent_header", {}).get("msg_id") == msg_id):
                                break
                    ws.close()
                    return handshake

                handshake = IOLoop.current().run_sync(connect, timeout=150)
                waits.append(round(now() - t0, 3))
                handshakes.append(round(handshake, 3))
                print(f"launch {i + 1}/{args.n}: {waits[-1]:.2f} s", file=sys.stderr, flush=True)
                server.api("DELETE", f"/api/kernels/{kid}")
        finally:
            server.close()
    report = {"launches": len(waits), "waits": waits, "server_handshakes": handshakes, "max": max(waits),
              "median": statistics.median(waits), "over_5s": sum(w > 5 for w in waits)}
    print(json.dumps(report))
    return report


def browser(args):
    """The issue's scenario in the classic notebook page, in headless Chromium driven through
    chromedriver's WebDriver protocol: run a sleeping cell, click Kernel > Interrupt, run a cell
    that prints and writes a file; screenshot of the page."""
    import base64
    work = Path(tempfile.mkdtemp(prefix="kernel-check-"))
    marker = work / "after.txt"
    cells = ["Thread.sleep(120_000);",
             'System.out.println("after the interrupt");\n'
             f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "written");']
    (work / "interrupt.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
                  for c in cells],
        "metadata": {"kernelspec": {"name": args.kernel, "display_name": args.kernel, "language": "java"}},
        "nbformat": 4, "nbformat_minor": 5}))
    dport = free_port()
    report = {}
    with open(args.log, "w") as log:
        server = NotebookServer(work, log)
        driver = subprocess.Popen(["chromedriver", f"--port={dport}"], stdout=log, stderr=log)
        try:
            def wd(method, path, body=None):
                req = urllib.request.Request(f"http://127.0.0.1:{dport}{path}", method=method,
                                             data=None if body is None else json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=120) as r:
                    return json.loads(r.read())["value"]

            for _ in range(50):
                try:
                    wd("GET", "/status")
                    break
                except OSError:
                    time.sleep(0.2)
            sid = wd("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
                "binary": shutil.which("chromium") or "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1100,600", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync"]}}}})["sessionId"]

            def js(code):
                return wd("POST", f"/session/{sid}/execute/sync", {"script": code, "args": []})

            def click(using, value):
                element = wd("POST", f"/session/{sid}/element", {"using": using, "value": value})
                wd("POST", f"/session/{sid}/element/{next(iter(element.values()))}/click", {})

            def prompt(i):
                return js(f"return String(Jupyter.notebook.get_cell({i}).input_prompt_number)")

            t0 = now()
            wd("POST", f"/session/{sid}/url",
               {"url": f"http://127.0.0.1:{server.port}/notebooks/interrupt.ipynb?token={server.token}"})
            while now() - t0 < 90 and js("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                                         " && Jupyter.notebook.kernel.is_connected())") is not True:
                time.sleep(0.2)
            report["page_ready_seconds"] = round(now() - t0, 3)
            js("Jupyter.notebook.execute_cells([0]);")
            time.sleep(3)
            report["prompt_while_running"] = prompt(0)
            click("xpath", "//a[contains(@class,'dropdown-toggle') and normalize-space(text())='Kernel']")
            click("css selector", "#int_kernel > a")
            t1 = now()
            while now() - t1 < 30 and prompt(0) == "*":
                time.sleep(0.1)
            report["interrupted_cell_prompt"] = prompt(0)
            report["interrupt_seconds"] = round(now() - t1, 3)
            report["interrupted_cell_output"] = js("return Jupyter.notebook.get_cell(0).output_area.element.text()")
            js("Jupyter.notebook.execute_cells([1]);")
            t2 = now()
            while now() - t2 < 30 and prompt(1) in ("*", "null", "undefined"):
                time.sleep(0.1)
            time.sleep(0.5)
            report["next_cell_prompt"] = prompt(1)
            report["next_cell_output"] = js("return Jupyter.notebook.get_cell(1).output_area.element.text()")
            report["next_cell_file"] = marker.read_text() if marker.exists() else None
            if args.screenshot:
                Path(args.screenshot).write_bytes(base64.b64decode(wd("GET", f"/session/{sid}/screenshot")))
            wd("DELETE", f"/session/{sid}")
        finally:
            driver.terminate()
            server.close()
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report))
    return report


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--kernel", default="lotterylab")
    p.add_argument("--log", default=str(ROOT / ".lab" / "logs" / "kernel_check.kernel.log"))
    p.add_argument("--json", help="also write the report to this file")
    sub = p.add_subparsers(dest="what", required=True)
    pr = sub.add_parser("protocol")
    pr.add_argument("--work-dir", required=True, help="where a cell writes its file")
    pr.add_argument("--info-timeout", type=float, default=60)
    la = sub.add_parser("launches")
    la.add_argument("n", type=int)
    br = sub.add_parser("browser")
    br.add_argument("--screenshot", help="PNG of the notebook page at the end")
    args = p.parse_args(argv)
    Path(args.log).parent.mkdir(parents=True, exist_ok=True)
    report = {"protocol": protocol, "launches": launches, "browser": browser}[args.what](args)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
