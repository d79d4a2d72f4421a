#!/usr/bin/python3
"""Execute LotteryLab notebooks headless with the `lotterylab` kernel.

Run by `./lab figures` (outputs saved in place) and by the notebook tests
(`--output-dir` elsewhere, fast profile). Must run under Debian's interpreter,
where python3-nbclient lives; the python3 first on PATH may be another one.

Where results go (the paper's files are written only on purpose):
  --export paper    the kernel gets LAB_EXPORT=paper: figures go to <figures root>/<notebook>/;
                    the default in the full profile and whenever --figures-dir is given;
  --export scratch  figures go to <figures root>/.scratch/<notebook>/ (git-ignored); the
                    default of a fast pass without --figures-dir, so it never replaces them.
After each notebook, its HTML report, summary and the index (environment/reports.py) go to
--reports-dir: by default reports/ for a paper export in place, else <output-dir>/reports,
else <figures root>/.scratch/reports.

Exit codes: 0 all notebooks ran; 1 a notebook failed or its kernel never
answered; 2 bad arguments (e.g. an unknown notebook); 3 Jupyter is missing.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "lotterylab"

try:
    import nbformat
    import reports
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"error: {e}. Jupyter's Python packages are missing for {sys.executable}: "
          "run ./lab setup (it installs python3-nbclient and jupyter-client).",
          file=sys.stderr)
    sys.exit(3)


class KernelStartError(Exception):
    pass


DUMP_MARK = "==> thread dump of the unresponsive kernel"


class DiagnosingClient(NotebookClient):
    """A NotebookClient that, when the kernel is shut down before it ever answered, appends a
    thread dump of the kernel JVM to its log and remembers which channel-polling threads were
    alive (a dead one is how the kernel's start-up races showed)."""

    log_file = None
    answered = False
    threads = None

    async def _async_cleanup_kernel(self):
        if not self.answered and self.km is not None:
            self.threads = dump_threads(self.km, self.log_file)
        await super()._async_cleanup_kernel()


def dump_threads(km, log):
    """Appends `jcmd <pid> Thread.print` of the kernel to `log`; returns the kernel's channel
    threads as a short string, or None when no dump could be taken."""
    pid = getattr(getattr(getattr(km, "provisioner", None), "process", None), "pid", None)
    jcmd = shutil.which("jcmd")
    if pid is None or jcmd is None or log is None:
        return None
    try:
        done = subprocess.run([jcmd, str(pid), "Thread.print"], capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:  # e.g. the kernel JVM had already exited
        return None
    dump = done.stdout
    log.write(f"\n{DUMP_MARK} (pid {pid})\n{dump}\n")
    log.flush()
    names = re.findall(r'^"((?:Shell|Control|Heartbeat|IOPub|Stdin)[^"]*)"', dump, re.M)
    return ", ".join(names) or "no channel threads"


class CellFailure(Exception):
    def __init__(self, index, cell, ename, evalue, detail):
        super().__init__(f"{ename}: {evalue}")
        self.index, self.cell, self.ename, self.evalue, self.detail = (
            index, cell, ename, evalue, detail)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("notebooks", nargs="*",
                   help="names (with or without .ipynb) under --notebooks-dir; default all")
    p.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
    p.add_argument("--output-dir", type=Path, default=None,
                   help="write executed notebooks here instead of in place")
    p.add_argument("--figures-dir", type=Path, default=None,
                   help="figures root passed to the kernel as LAB_FIGURES_DIR "
                        "(default: the project's figures/)")
    p.add_argument("--profile", default=os.environ.get("LAB_PROFILE") or "full",
                   choices=["fast", "full"])
    p.add_argument("--export", choices=["paper", "scratch"], default=None,
                   help="paper: figures to <figures root>/<notebook>/ (LAB_EXPORT=paper); scratch: "
                        "to <figures root>/.scratch/<notebook>/. Default: paper in the full profile "
                        "or with --figures-dir, else scratch")
    p.add_argument("--reports-dir", type=Path, default=None,
                   help="HTML reports and index.html (default: see the module comment)")
    p.add_argument("--no-reports", action="store_true", help="write no HTML reports")
    p.add_argument("--cell-timeout", type=int, default=1800, help="seconds per cell")
    p.add_argument("--startup-timeout", type=int, default=25,
                   help="seconds for the kernel to answer after launch")
    p.add_argument("--tries", type=int, default=3, help="kernel launches before giving up")
    p.add_argument("--kernel", default=KERNEL,
                   help=f"kernelspec to run the notebooks with (default {KERNEL})")
    p.add_argument("--log-dir", type=Path, default=ROOT / ".lab" / "logs",
                   help="kernel stdout/stderr go to <log-dir>/<notebook>.kernel.log")
    args = p.parse_args(argv)
    if args.export is None:
        args.export = "paper" if args.profile == "full" or args.figures_dir is not None else "scratch"
    if args.reports_dir is None:
        if args.output_dir is not None:
            args.reports_dir = args.output_dir / "reports"
        elif args.export == "paper" and args.figures_dir is None:
            args.reports_dir = ROOT / "reports"
        else:
            args.reports_dir = (args.figures_dir or ROOT / "figures") / ".scratch" / "reports"
    return args


def figure_folder(args, name):
    """Where the kernel's Figures write for this notebook (plot/Figures.java's rule)."""
    root = (args.figures_dir or ROOT / "figures").resolve()
    return root / name if args.export == "paper" else root / ".scratch" / name


def resolve(names, notebooks_dir):
    available = sorted(p.stem for p in notebooks_dir.glob("*.ipynb"))
    if not names:
        if not available:
            raise SystemExit(f"error: no notebooks in {notebooks_dir}")
        return [notebooks_dir / f"{n}.ipynb" for n in available]
    chosen = []
    for name in names:
        stem = Path(name).name
        stem = stem[:-len(".ipynb")] if stem.endswith(".ipynb") else stem
        if stem not in available:
            print(f"error: no notebook named '{name}' in {notebooks_dir}.\n"
                  f"Available: {', '.join(available) or '(none)'}", file=sys.stderr)
            sys.exit(2)
        chosen.append(notebooks_dir / f"{stem}.ipynb")
    return chosen


def kernel_env(args, name):
    env = dict(os.environ)
    env["LAB_PROFILE"] = args.profile
    env["LAB_NOTEBOOK"] = name
    env["LAB_EXPORT"] = args.export
    if args.figures_dir is not None:
        env["LAB_FIGURES_DIR"] = str(args.figures_dir.resolve())
    return env


def execute(nb, path, args, name, log):
    """Runs every cell; raises KernelStartError or CellFailure."""
    client = DiagnosingClient(
        nb, kernel_name=args.kernel, timeout=args.cell_timeout,
        startup_timeout=args.startup_timeout, record_timing=False,
        resources={"metadata": {"path": str(path.parent)}})
    client.log_file = log
    started = False
    try:
        with client.setup_kernel(env=kernel_env(args, name), stdout=log, stderr=log):
            msg_id = client.kc.kernel_info()
            reply = client.wait_for_reply(msg_id)
            client.answered = True
            if reply is not None and "language_info" in reply["content"]:
                nb.metadata["language_info"] = reply["content"]["language_info"]
            started = True
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index,
                                        execution_count=client.code_cells_executed + 1)
                except CellExecutionError as e:
                    raise CellFailure(index, cell, e.ename, e.evalue, e.traceback) from None
                except CellTimeoutError as e:
                    raise CellFailure(index, cell, "CellTimeoutError",
                                      f"no result within {args.cell_timeout} s", str(e)) from None
                except DeadKernelError as e:
                    raise CellFailure(index, cell, "DeadKernelError",
                                      "the kernel died (out of memory?)", str(e)) from None
    except CellFailure:
        raise
    except Exception as e:  # anything before the first cell is a failed launch
        if started:
            raise
        threads = f" (kernel threads alive: {client.threads})" if client.threads else ""
        raise KernelStartError(f"{type(e).__name__}: {e}{threads}") from e


def save(nb, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    nbformat.write(nb, str(tmp))
    os.replace(tmp, target)


def count_figures(folder, since):
    """(figures and tables with a sidecar in folder, how many of them were rewritten since)."""
    if not folder.is_dir():
        return 0, 0
    total = written = 0
    for side in folder.glob("*.json"):
        total += 1
        stem = side.name[:-len(".json")]
        if any(p.stat().st_mtime >= since for p in folder.glob(glob.escape(stem) + ".*")
               if p.suffix != ".json"):
            written += 1
    return total, written


def tail(path, lines=30):
    """The last lines the kernel wrote (a thread dump appended by the runner is left out)."""
    try:
        return "\n".join(path.read_text(errors="replace").split(DUMP_MARK)[0].splitlines()[-lines:])
    except OSError:
        return "(no log)"


def run_one(path, args):
    name = path.stem
    folder = figure_folder(args, name)
    target = (args.output_dir / path.name) if args.output_dir else path
    args.log_dir.mkdir(parents=True, exist_ok=True)
    log_path = args.log_dir / f"{name}.kernel.log"
    start = time.time()
    print(f"==> {name}: executing (profile {args.profile}, figures -> {folder})", flush=True)
    status, message = "ok", None
    for attempt in range(1, args.tries + 1):
        nb = nbformat.read(str(path), as_version=4)
        with open(log_path, "w") as log:
            try:
                execute(nb, path, args, name, log)
                break
            except KernelStartError as e:
                kept = log_path.with_name(f"{name}.kernel.try{attempt}.log")
                print(f"    kernel '{args.kernel}' did not answer (try {attempt} of {args.tries}): {e};"
                      f" its log: {kept}", flush=True)
                log.flush()
                shutil.copyfile(log_path, kept)
                if attempt == args.tries:
                    status = "kernel"
                    message = (f"notebook {name}: kernel '{args.kernel}' did not start after "
                               f"{args.tries} tries. Last kernel log ({log_path}):\n"
                               f"{tail(log_path)}\nFix: run ./lab setup; check the log above.")
            except CellFailure as f:
                status = "FAILED"
                first_line = "".join(f.cell.source).strip().splitlines()[:1]
                message = (f"notebook {name}, cell {f.index + 1} of {len(nb.cells)} "
                           f"({first_line[0] if first_line else 'empty'!s}): "
                           f"{f.ename}: {f.evalue}\n{f.detail}")
                save(nb, target)  # keep the error output for the reader
                break
    else:
        pass
    if status == "ok":
        save(nb, target)
    seconds = time.time() - start
    figures, written = count_figures(folder, start)
    if not args.no_reports and status in ("ok", "FAILED"):
        try:
            reports.write_report(nb, name, args.reports_dir, status=status, profile=args.profile,
                                 seconds=seconds, figures_dir=folder,
                                 error=message.splitlines()[0] if message else None)
        except Exception as e:  # a report must not hide the notebook's own result
            print(f"    warning: no HTML report for {name}: {type(e).__name__}: {e}", flush=True)
    if message:
        print(f"\nERROR in {message}\n", file=sys.stderr, flush=True)
    else:
        print(f"    done in {seconds:.1f} s, {figures} figures and tables ({written} rewritten,"
              f" {figures - written} unchanged) -> {target}", flush=True)
    return name, status, seconds, figures


def main(argv):
    args = parse_args(argv)
    # This clone's own kernelspec comes first, so parallel clones never run each other's code.
    private = ROOT / ".lab" / "jupyter"
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(private)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    paths = resolve(args.notebooks, args.notebooks_dir)
    rows = []
    for path in paths:
        try:
            rows.append(run_one(path, args))
        except Exception:  # a runner bug must still name the notebook
            traceback.print_exc()
            rows.append((path.stem, "ERROR", 0.0, 0))
    width = max(len("notebook"), *(len(r[0]) for r in rows))
    print(f"\n{'notebook':<{width}}  {'status':<7} {'seconds':>8} {'figures':>8}")
    for name, status, seconds, figures in rows:
        print(f"{name:<{width}}  {status:<7} {seconds:>8.1f} {figures:>8}")
    if not args.no_reports:
        print(f"\nreports: {args.reports_dir / 'index.html'}")
    failed = [r[0] for r in rows if r[1] != "ok"]
    if failed:
        print(f"\n{len(failed)} of {len(rows)} notebooks failed: {', '.join(failed)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
