#!/usr/bin/python3
"""Readable-without-running reports of executed LotteryLab notebooks.

For each executed notebook NAME, write into the reports folder:
  NAME.html   the notebook as one self-contained HTML page (nbconvert's lab template,
              images embedded), with a header naming profile, commit and date;
  NAME.json   its summary: status, profile, commit, date, seconds, verdicts, figures;
and rebuild index.html: one row per NAME.json in the folder, with every verdict.

The verdicts: every element of class "lab-verdict" in an output's HTML (what a cell ending
in a study.Verdict or Verdicts shows) is one verdict: its text, white space collapsed, and
its outcome from the element's data-outcome attribute (supported, not-supported,
inconclusive, too-few). A code cell whose metadata carries the tag "verdict"
(cell.metadata.tags; in Jupyter: View > Cell Toolbar > Tags) and shows no such element is
one verdict too, without an outcome: its outputs (printed text, the returned value; HTML
reduced to its text). Tags survive the git filter that clears outputs.

`./lab figures` calls this through run_notebooks.py after each notebook; run it by hand to
rebuild reports from executed notebooks:
    /usr/bin/python3 environment/reports.py --reports-dir reports notebooks/00-quickstart.ipynb
Standard library, nbformat and nbconvert only (Debian's python3-nbconvert).
"""

import argparse
import copy
import datetime
import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
VERDICT_TAG = "verdict"
VERDICT_CLASS = "lab-verdict"
# data-outcome of study.Verdict#html -> the label and colour the index shows
OUTCOMES = {"supported": ("supported", "#1b7837"), "not-supported": ("not supported", "#b2182b"),
            "inconclusive": ("inconclusive", "#a6550a"), "too-few": ("too few data", "#6b6b6b")}
# HTML elements without an end tag: they do not nest
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A text/html output without a single tag is plain text that the Java kernel labels HTML
# (its default MIME type): shown as HTML, its line breaks and column alignment would be lost.
TAG = re.compile(r"<[A-Za-z!/][^>]*>")
# The library: local changes there make the commit "dirty" (as in plot/Sidecar).
DIRTY_PATHS = ["src/main", "pom.xml"]

MATHJAX_URL = "https://cdn.jsdelivr.net/npm/mathjax@2.7.9/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
REQUIREJS_URL = "https://cdn.jsdelivr.net/npm/requirejs@2.3.6/require.min.js"

REPORT_CSS = """
<style>
.lab-banner { font: 14px/1.4 sans-serif; background: #f3f6fa; border: 1px solid #c9d6e3;
  padding: 8px 12px; margin: 8px 0 16px 0; }
.lab-banner a { color: #0b5cad; }
.celltag_verdict .jp-OutputArea { border-left: 4px solid #009E73; background: #f1faf6; }
.jp-OutputArea-output pre { white-space: pre; overflow-x: auto; }
</style>
"""

INDEX_CSS = """
body { font: 15px/1.45 sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #222; }
h1 { font-size: 24px; margin-bottom: 4px; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid #ddd; }
th { background: #f3f6fa; }
td.status-ok { color: #1a7f37; font-weight: bold; }
td.status-bad { color: #b42318; font-weight: bold; }
div.verdict { white-space: pre-wrap; margin: 0 0 8px 0; padding-left: 8px; border-left: 4px solid #ccc; }
span.outcome { color: #fff; font-weight: bold; font-size: 12px; text-transform: uppercase;
  padding: 1px 7px; border-radius: 9px; margin-right: 6px; white-space: nowrap; }
div.none { color: #888; font-style: italic; }
td.small { font-size: 13px; color: #444; white-space: nowrap; }
td.name { white-space: nowrap; }
a { color: #0b5cad; }
"""


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")


def html_text(fragment):
    """The text of an HTML fragment; a fragment without tags is returned as it is."""
    if not TAG.search(fragment):
        return fragment
    p = _Text()
    p.feed(fragment)
    p.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(p.parts))


class _VerdictElements(HTMLParser):
    """Collects each outermost element of class lab-verdict: its text and data-outcome."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.depth = 0  # open elements inside the current verdict element, itself included

    def handle_starttag(self, tag, attrs):
        if self.depth:
            if tag not in VOID:
                self.depth += 1
            return
        a = dict(attrs)
        if VERDICT_CLASS in (a.get("class") or "").split() and tag not in VOID:
            self.depth = 1
            self.found.append({"text": [], "outcome": a.get("data-outcome")})

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1]["text"].append(data)


def html_verdicts(fragment):
    """[{"text", "outcome"}] for each element of class lab-verdict in fragment, in order."""
    if VERDICT_CLASS not in fragment:
        return []
    p = _VerdictElements()
    p.feed(fragment)
    p.close()
    return [{"text": " ".join("".join(v["text"]).split()), "outcome": v["outcome"]} for v in p.found]


def _joined(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def output_text(output):
    """The readable text of one output: printed text, else text/plain, else text/html."""
    if output.get("output_type") == "stream":
        return _joined(output.get("text"))
    if output.get("output_type") == "error":
        return f"{output.get('ename')}: {output.get('evalue')}"
    data = output.get("data", {})
    if "text/plain" in data:
        return _joined(data["text/plain"])
    if "text/html" in data:
        return html_text(_joined(data["text/html"]))
    return ""


def is_verdict(cell):
    return cell.get("cell_type") == "code" and VERDICT_TAG in cell.get("metadata", {}).get("tags", [])


def verdicts(nb):
    """[{"text", "outcome"}] per verdict (see the module comment), in notebook order; the
    outcome is None for a tagged cell without a lab-verdict element."""
    found = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs", [])
        boxes = [v for o in outputs for v in html_verdicts(_joined(o.get("data", {}).get("text/html")))]
        found.extend(boxes)
        if is_verdict(cell) and not boxes:
            found.append({"text": "".join(output_text(o) for o in outputs).strip(), "outcome": None})
    return found


def _verdict_item(v):
    """One verdict of a summary as an index entry; a plain string is an older summary's verdict."""
    e = html.escape
    if isinstance(v, str):
        v = {"text": v, "outcome": None}
    if not v.get("text"):
        return ""
    label, colour = OUTCOMES.get(v.get("outcome") or "", (None, None))
    if label is None:
        return f'<div class="verdict">{e(v["text"])}</div>'
    key = e(v["outcome"])
    return (f'<div class="verdict outcome-{key}" data-outcome="{key}" style="border-left-color:{colour}">'
            f'<span class="outcome" style="background:{colour}">{e(label)}</span>{e(v["text"])}</div>')


def plain_text_outputs(nb):
    """A copy of nb where text/html outputs without tags become text/plain (see TAG)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data")
            if data and "text/html" in data and "text/plain" not in data \
                    and not TAG.search(_joined(data["text/html"])):
                data["text/plain"] = data.pop("text/html")
    return nb


def git_state():
    """(commit, dirty) of the clone, or (None, None) outside git."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10)
        if head.returncode != 0:
            return None, None
        status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                 "--untracked-files=no", "--", *DIRTY_PATHS],
                                capture_output=True, text=True, timeout=60)
        return head.stdout.strip(), (bool(status.stdout.strip()) if status.returncode == 0 else None)
    except (OSError, subprocess.SubprocessError):
        return None, None


def figure_summary(folder):
    """Names, kinds and run hashes of the figures whose sidecars are in folder."""
    figures, runs = [], []
    if folder is not None and Path(folder).is_dir():
        for side in sorted(Path(folder).glob("*.json")):
            try:
                j = json.loads(side.read_text())
            except (OSError, ValueError):
                continue
            if not isinstance(j, dict) or "fingerprint" not in j:
                continue
            figures.append({"name": j.get("name"), "kind": j.get("kind"), "files": j.get("files", [])})
            for r in j.get("runs", []):
                if r not in runs:
                    runs.append(r)
    return figures, runs


def _atomic_write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def to_html(nb, banner_html):
    from nbconvert import HTMLExporter  # imported here: building the index needs only nbformat
    exporter = HTMLExporter(template_name="lab")
    exporter.embed_images = True  # markdown images too; outputs are embedded anyway
    # Debian points these at file:///usr/share/javascript, which a reader on the web lacks.
    exporter.mathjax_url = MATHJAX_URL
    exporter.require_js_url = REQUIREJS_URL
    body, _ = exporter.from_notebook_node(plain_text_outputs(nb))
    body = body.replace("</head>", REPORT_CSS + "</head>", 1)
    # The banner goes first in the page's main area.
    marker = re.search(r"<body[^>]*>", body)
    if marker:
        body = body[:marker.end()] + "\n" + banner_html + body[marker.end():]
    return body


def write_report(nb, name, reports_dir, status="ok", profile=None, seconds=None, error=None,
                 figures_dir=None, executed=None):
    """Writes NAME.html and NAME.json into reports_dir and rebuilds index.html there."""
    reports_dir = Path(reports_dir)
    commit, dirty = git_state()
    executed = executed or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    figures, runs = figure_summary(figures_dir)
    summary = {
        "notebook": name,
        "status": status,
        "profile": profile,
        "executed": executed,
        "seconds": None if seconds is None else round(seconds, 1),
        "commit": commit,
        "dirty": dirty,
        "verdicts": verdicts(nb),
        "error": error,
        "figures": figures,
        "runs": runs,
        "report": f"{name}.html",
    }
    short = (commit or "unknown")[:12] + (" (with local changes)" if dirty else "")
    banner = (f'<div class="lab-banner"><b>LotteryLab report: {html.escape(name)}</b> &middot; '
              f'status {html.escape(status)} &middot; profile {html.escape(str(profile))} &middot; '
              f'commit {html.escape(short)} &middot; executed {html.escape(executed)} &middot; '
              f'<a href="index.html">all notebooks</a></div>')
    _atomic_write(reports_dir / f"{name}.html", to_html(nb, banner))
    _atomic_write(reports_dir / f"{name}.json", json.dumps(summary, indent=2) + "\n")
    build_index(reports_dir)
    return summary


def build_index(reports_dir):
    """Writes reports_dir/index.html from every summary NAME.json there; returns its path."""
    reports_dir = Path(reports_dir)
    rows = []
    for side in sorted(reports_dir.glob("*.json")):
        try:
            s = json.loads(side.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(s, dict) and "notebook" in s and "verdicts" in s:
            rows.append(s)
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>LotteryLab: notebooks and their verdicts</title>",
           f"<style>{INDEX_CSS}</style></head><body>",
           "<h1>LotteryLab: notebooks and their verdicts</h1>",
           '<p class="meta">Each notebook\'s verdict is computed from its runs when the notebook '
           "executes (each returned <code>Verdict</code>, and cells tagged <code>verdict</code>). Open a report for its figures and tables; "
           "written by <code>./lab figures</code>.</p>",
           "<table><thead><tr><th>notebook</th><th>status</th><th>verdict</th>"
           "<th>run</th></tr></thead><tbody>"]
    for s in rows:
        name = s["notebook"]
        status = s.get("status") or "?"
        cls = "status-ok" if status == "ok" else "status-bad"
        items = [i for i in map(_verdict_item, s.get("verdicts") or []) if i]
        if s.get("error"):
            items.append(f'<div class="verdict">{e(s["error"])}</div>')
        if not items:
            items = ['<div class="verdict none">no verdict</div>']
        commit = (s.get("commit") or "unknown")[:12] + (" with local changes" if s.get("dirty") else "")
        seconds = "" if s.get("seconds") is None else f"{s['seconds']:.0f} s, "
        meta = (f"profile {e(str(s.get('profile')))}<br>{e(seconds)}{len(s.get('figures') or [])} figures, "
                f"{len(s.get('runs') or [])} runs<br>commit {e(commit)}<br>{e(str(s.get('executed')))}")
        out.append(f'<tr><td class="name"><a href="{e(s.get("report") or name + ".html")}">{e(name)}</a></td>'
                   f'<td class="{cls}">{e(status)}</td><td>{"".join(items)}</td>'
                   f'<td class="small">{meta}</td></tr>')
    out.append("</tbody></table></body></html>\n")
    index = reports_dir / "index.html"
    _atomic_write(index, "\n".join(out))
    return index


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("notebooks", nargs="*", type=Path, help="executed .ipynb files")
    p.add_argument("--reports-dir", type=Path, required=True)
    p.add_argument("--profile", default=os.environ.get("LAB_PROFILE") or "full")
    p.add_argument("--figures-dir", type=Path, default=None,
                   help="figures root whose <notebook>/ sidecars are summarised")
    args = p.parse_args(argv)
    for path in args.notebooks:
        nb = nbformat.read(str(path), as_version=4)
        folder = args.figures_dir / path.stem if args.figures_dir else None
        write_report(nb, path.stem, args.reports_dir, profile=args.profile, figures_dir=folder)
        print(f"{path.stem}: {args.reports_dir / (path.stem + '.html')}")
    print(build_index(args.reports_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
