// Runs notebooks in a real browser, as a person would: the classic Jupyter notebook server
// (Debian's jupyter-notebook 6.4) on a free localhost port, Debian's chromium driven by
// playwright-core, every cell run from the Cell > Run All menu, then the page is read.
//
//   node environment/browser/check-notebooks.mjs --root <clone> --out <folder> [--only name,...]
//
// Writes <out>/report.json: one entry per named check {name, notebook, ok, message}, where a
// failing message says what a person sees, plus timings. Every notebook leaves a full-page
// screenshot (<out>/<notebook>.png, and <out>/<notebook>-partNN.png slices a viewer can read),
// the notebook as the page holds it (<out>/<notebook>.ipynb) and its rendered outputs
// (<out>/<notebook>.outputs.html), pass or fail. Exits 0 when every check passed, 1 when one
// failed, 2 when the test itself could not run (no server, no browser).
//
// The notebooks run from a temporary copy (the repo's files stay untouched), in the fast
// profile, with figures written to a temporary folder (paper figures stay untouched), on this
// clone's kernelspec 'lotterylab' (<clone>/.lab/jupyter first on JUPYTER_PATH).

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// ---- what is checked -----------------------------------------------------------------------

// The notebooks run top to bottom; `verdict`: a hypothesis notebook, whose verdicts a person
// must see set apart: an element with class "lab-verdict" in an output (study.Verdict#html),
// in every cell tagged "verdict" (the cells the reports index lists) and at least once.
// 00-quickstart follows one run and states milestones, not a verdict.
const NOTEBOOKS = [
  { name: '00-quickstart', verdict: false },
  { name: '02-splitting-and-performance', verdict: true },
];

// The scratch notebook of kernel behaviour: each cell is run on its own, as with Shift+Enter.
const SCRATCH = 'browser-scratch';
// Each long cell prints its marker from inside the one statement (a block) that goes on running:
// the kernel runs a cell statement by statement, and an interrupt that comes while it compiles
// the next one finds nothing to stop (environment/README.md), so the test interrupts only once
// the marker shows the long statement itself is running.
const SCRATCH_CELLS = [
  '{ System.out.println("sleeping"); Thread.sleep(600000); }',
  '"after interrupt: " + (1 + 1)',
  'int x = "s";',
  'throw new IllegalStateException("boom from the browser test");',
  '1 + 1',
  // A training run that would take hours (no early stopping), in a store inside the test's
  // temporary folder (the kernel's working folder is the notebook's), so no partial run is left.
  'var scratchStore = org.lotterylab.store.RunStore.at(java.nio.file.Path.of("scratch-store").toAbsolutePath());\n'
    + '{\n'
    + '    System.out.println("training");\n'
    + '    scratchStore.run(org.lotterylab.experiment.ExperimentConfig.defaults().with("pruning.levels", 20)\n'
    + '        .with("training.maxEpochs", 1000000).with("training.earlyStopping", false));\n'
    + '}',
  '"after second interrupt: " + (2 + 2)',
];

const CHROMIUM = process.env.LAB_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const seconds = (name, fallback) => Number(process.env[name] || fallback);
const SERVER_TIMEOUT = seconds('LAB_BROWSER_SERVER_TIMEOUT', 60);
const KERNEL_READY = seconds('LAB_BROWSER_KERNEL_READY', 30);
const KERNEL_TIMEOUT = seconds('LAB_BROWSER_KERNEL_TIMEOUT', 90);
const NOTEBOOK_TIMEOUT = seconds('LAB_BROWSER_NOTEBOOK_TIMEOUT', 420);
const CELL_TIMEOUT = seconds('LAB_BROWSER_CELL_TIMEOUT', 60);
// Interrupt: the cell must end within INTERRUPT_LIMIT (the kernel stops interrupt-checking code
// in well under a second); the test waits up to INTERRUPT_TIMEOUT to see how it ends.
const INTERRUPT_LIMIT = seconds('LAB_BROWSER_INTERRUPT_LIMIT', 5);
const INTERRUPT_TIMEOUT = seconds('LAB_BROWSER_INTERRUPT_TIMEOUT', 30);
const SLICE_HEIGHT = 1600; // px: slices of the full-page screenshot that stay readable

// ---- arguments -----------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { root: process.cwd(), out: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--root') args.root = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--only') args.only = argv[++i].split(',');
    else throw new Error(`unknown argument ${a}: use --root <clone> --out <folder> [--only name,name]`);
  }
  const known = [...NOTEBOOKS.map((nb) => nb.name), SCRATCH];
  const unknown = (args.only || []).filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`--only ${unknown.join(',')}: not one of ${known.join(', ')}`);
  args.root = path.resolve(args.root);
  args.out = path.resolve(args.out || path.join(args.root, 'target', 'browser'));
  return args;
}

// ---- checks --------------------------------------------------------------------------------

const checks = [];
function check(notebook, name, ok, failure, detail) {
  checks.push({ notebook, name, ok: !!ok, message: ok ? (detail || '') : failure });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${notebook}: ${name}${ok ? (detail ? ` (${String(detail).slice(0, 160)})` : '') : ' -- ' + failure}`);
}
const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (msg) => console.log(`[${elapsed()} s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the server ----------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function scratchNotebook() {
  return JSON.stringify({
    cells: SCRATCH_CELLS.map((src, i) => ({ id: `scratch-${i}`, cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: src })),
    metadata: { kernelspec: { display_name: 'LotteryLab (Java)', language: 'java', name: 'lotterylab' } },
    nbformat: 4, nbformat_minor: 5,
  }, null, 1);
}

async function startServer(root, tmp, out) {
  const dir = path.join(tmp, 'notebooks');
  fs.mkdirSync(dir, { recursive: true });
  for (const nb of NOTEBOOKS) {
    fs.copyFileSync(path.join(root, 'notebooks', nb.name + '.ipynb'), path.join(dir, nb.name + '.ipynb'));
  }
  fs.writeFileSync(path.join(dir, SCRATCH + '.ipynb'), scratchNotebook());
  const figures = path.join(tmp, 'figures');
  fs.mkdirSync(figures);
  const port = await freePort();
  const token = crypto.randomBytes(24).toString('hex');
  const argv = ['notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--NotebookApp.token=${token}`, `--notebook-dir=${dir}`];
  if (process.getuid && process.getuid() === 0) argv.push('--allow-root');
  const env = {
    ...process.env,
    JUPYTER_PATH: [path.join(root, '.lab', 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
    // Private config, data and runtime folders: no user extension or stale kernelspec interferes.
    JUPYTER_CONFIG_DIR: path.join(tmp, 'config'),
    JUPYTER_DATA_DIR: path.join(tmp, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
    LAB_HOME: root,
    LAB_PROFILE: 'fast',
    LAB_FIGURES_DIR: figures,
  };
  delete env.LAB_NOTEBOOK;
  const logFile = path.join(out, 'jupyter.log');
  const logFd = fs.openSync(logFile, 'w');
  const proc = spawn('jupyter', argv, { env, cwd: dir, stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  proc.on('error', (e) => { exited = { code: -1, signal: String(e) }; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_TIMEOUT * 1000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`jupyter notebook exited (${JSON.stringify(exited)}) before serving; see ${logFile}`);
    try {
      const r = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return { proc, base, token, figures, logFile, isExited: () => exited };
    } catch { /* not up yet */ }
    await sleep(250);
  }
  throw new Error(`jupyter notebook did not answer on ${base} within ${SERVER_TIMEOUT} s; see ${logFile}`);
}

async function stopServer(server) {
  if (!server) return;
  const headers = { Authorization: `token ${server.token}` };
  try { // shut the kernels down first, so no JVM outlives the test
    const kernels = await (await fetch(`${server.base}/api/kernels`, { headers })).json();
    for (const k of kernels) await fetch(`${server.base}/api/kernels/${k.id}`, { method: 'DELETE', headers });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && (await (await fetch(`${server.base}/api/kernels`, { headers })).json()).length > 0) await sleep(250);
    await fetch(`${server.base}/api/shutdown`, { method: 'POST', headers });
  } catch { /* already down */ }
  const deadline = Date.now() + 10000;
  while (!server.isExited() && Date.now() < deadline) await sleep(200);
  if (!server.isExited()) {
    try { process.kill(-server.proc.pid, 'SIGTERM'); } catch { /* gone */ }
    await sleep(2000);
    try { process.kill(-server.proc.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

// ---- the page ------------------------------------------------------------------------------

async function openNotebook(context, server, name) {
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`${name}: page error: ${e.message}`));
  await page.goto(`${server.base}/notebooks/${encodeURIComponent(name)}.ipynb?token=${server.token}`);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded,
    null, { timeout: 30000 });
  // A person waits for "Kernel starting, please wait..." to go; the JVM starts in a few seconds,
  // so a reply later than KERNEL_READY is a lost kernel_info_request answered only on the
  // server's retry (after 60 s). The test waits up to KERNEL_TIMEOUT before it carries on.
  const asked = Date.now();
  const ready = await page.waitForFunction(() => {
    const k = Jupyter.notebook.kernel;
    return k && k.is_connected() && k.info_reply && k.info_reply.protocol_version;
  }, null, { timeout: KERNEL_TIMEOUT * 1000 }).then(() => true, () => false);
  const waited = (Date.now() - asked) / 1000;
  const status = await kernelStatus(page);
  check(name, 'the kernel starts and answers', ready && waited <= KERNEL_READY,
    ready ? `the kernel answered kernel_info only after ${waited.toFixed(1)} s (limit ${KERNEL_READY} s): a person waits that long at "Kernel starting, please wait..."`
      : `no kernel_info reply within ${KERNEL_TIMEOUT} s: a person sees "${status}" in the toolbar and cells that never run`,
    `ready after ${waited.toFixed(1)} s`);
  return page;
}

function kernelStatus(page) {
  return page.evaluate(() => {
    const icon = document.querySelector('#kernel_indicator_icon');
    const note = document.querySelector('#notification_kernel');
    const dialog = document.querySelector('.modal.in .modal-body');
    return [icon && icon.title, note && note.offsetParent ? note.innerText : '', dialog ? 'dialog: ' + dialog.innerText : '']
      .filter(Boolean).join('; ');
  });
}

// Cells still running (prompt In [*]) or queued, by index.
function busyCells(page) {
  return page.evaluate(() => Jupyter.notebook.get_cells().map((c, i) => [c, i])
    .filter(([c]) => c.cell_type === 'code' && (c.element.hasClass('running') || /\*/.test(c.element.find('.input_prompt').text())))
    .map(([, i]) => i));
}

async function waitIdle(page, timeoutS) {
  const deadline = Date.now() + timeoutS * 1000;
  let busy = [];
  while (Date.now() < deadline) {
    busy = await busyCells(page);
    const idle = await page.evaluate(() => document.querySelector('#kernel_indicator_icon').className === 'kernel_idle_icon');
    if (busy.length === 0 && idle) return [];
    await sleep(500);
  }
  return busy;
}

async function clickMenu(page, menu, item) {
  await page.click(`#${menu}`);
  await page.click(`#${item} > a`);
}

// Everything a check needs, read from the page: per code cell its prompt, its outputs as the
// notebook model holds them, and what the DOM shows of them.
function readCells(page) {
  return page.evaluate(() => Jupyter.notebook.get_cells().map((c, index) => {
    if (c.cell_type !== 'code') return { index, type: c.cell_type };
    const el = c.element[0];
    const area = el.querySelector('.output');
    const html = [...el.querySelectorAll('.output_html')].map((h) => ({
      tables: [...h.querySelectorAll('table')].map((t) => ({ rows: t.rows.length, cols: t.rows[0] ? t.rows[0].cells.length : 0 })),
      // innerText follows the rendering: collapsed white space shows up as lost line breaks.
      renderedLines: h.innerText.trim().split('\n').length,
      sourceLines: h.textContent.trim().split('\n').length,
      text: h.innerText.slice(0, 300),
    }));
    return {
      index, type: 'code',
      source: c.get_text(),
      tags: (c.metadata && c.metadata.tags) || [],
      prompt: el.querySelector('.input_prompt').innerText.trim(),
      executionCount: c.input_prompt_number,
      outputs: c.output_area.outputs.map((o) => ({
        type: o.output_type, name: o.name, mimes: o.data ? Object.keys(o.data) : [],
        text: String(o.text || (o.data && (o.data['text/plain'] || o.data['text/html'])) || (o.traceback || []).join('\n') || '').slice(0, 4000),
        html: o.data && o.data['text/html'] ? String(o.data['text/html']).slice(0, 4000) : null,
        ename: o.ename, evalue: o.evalue,
      })),
      html,
      images: [...el.querySelectorAll('.output_png img, .output_jpeg img, .output_svg svg')].map((img) => ({
        loaded: img.tagName.toLowerCase() === 'svg' || (img.complete && img.naturalWidth > 0),
        width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height,
      })),
      errors: [...el.querySelectorAll('.output_error')].map((e) => e.innerText.slice(0, 2000)),
      stderr: [...el.querySelectorAll('.output_stderr')].map((e) => e.innerText.slice(0, 2000)),
      verdicts: [...el.querySelectorAll('.output_area .lab-verdict')].map((v) => ({
        visible: v.offsetParent !== null && v.getBoundingClientRect().height > 0, text: v.innerText.trim().slice(0, 500),
      })),
      outputText: area ? area.innerText.slice(0, 4000) : '',
    };
  }));
}

// A Tablesaw table printed as text: a header row of "|"-separated columns over a rule of dashes.
const TEXT_TABLE = /[^\n|]+\|[^\n|]+\|[^\n]*\n-{10,}/;

// Full page: the classic UI scrolls inside #site, so it is unpinned for the screenshot; the
// slices keep the text readable when the page is tens of thousands of pixels tall.
async function screenshots(page, out, name) {
  await page.addStyleTag({ content: 'body{position:static!important;overflow:visible!important;height:auto!important}'
    + '#site{height:auto!important;overflow:visible!important;display:block!important}' });
  await sleep(300);
  const files = [path.join(out, `${name}.png`)];
  await page.screenshot({ path: files[0], fullPage: true });
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  for (let y = 0, part = 1; y < height; y += SLICE_HEIGHT, part++) {
    const file = path.join(out, `${name}-part${String(part).padStart(2, '0')}.png`);
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width, height: Math.min(SLICE_HEIGHT, height - y) } });
    files.push(file);
  }
  return files;
}

async function saveNotebook(page, out, name) {
  const json = await page.evaluate(() => JSON.stringify(Jupyter.notebook.toJSON(), null, 1));
  fs.writeFileSync(path.join(out, `${name}.ipynb`), json);
  const html = await page.evaluate(() => document.querySelector('#notebook-container').outerHTML);
  fs.writeFileSync(path.join(out, `${name}.outputs.html`), html);
  return [path.join(out, `${name}.ipynb`), path.join(out, `${name}.outputs.html`)];
}

// ---- a notebook, top to bottom -------------------------------------------------------------

async function runNotebook(context, server, out, nb) {
  const started = Date.now();
  const page = await openNotebook(context, server, nb.name);
  await clickMenu(page, 'celllink', 'run_all_cells');
  const stuck = await waitIdle(page, NOTEBOOK_TIMEOUT);
  const seconds = (Date.now() - started) / 1000;
  log(`${nb.name}: ran in ${seconds.toFixed(1)} s`);
  check(nb.name, 'Run All finishes', stuck.length === 0,
    `after ${NOTEBOOK_TIMEOUT} s cells ${stuck.join(', ')} still show In [*]: a person waits for a notebook that never ends`);
  const cells = (await readCells(page)).filter((c) => c.type === 'code' && c.source.trim());
  const where = (c) => `cell ${c.index} (In [${c.executionCount ?? ' '}])`;

  const notRun = cells.filter((c) => typeof c.executionCount !== 'number');
  check(nb.name, 'every code cell ran', notRun.length === 0,
    `${notRun.map(where).join(', ')} never ran: a person sees empty prompts below the first failure`);

  const errors = cells.filter((c) => c.errors.length > 0 || c.outputs.some((o) => o.type === 'error'));
  check(nb.name, 'no error outputs', errors.length === 0,
    errors.map((c) => `${where(c)} shows an error: ${(c.errors[0] || c.outputs.find((o) => o.type === 'error').evalue || '').slice(0, 300)}`).join('; '));

  const stderr = cells.filter((c) => c.stderr.length > 0);
  check(nb.name, 'no stderr output', stderr.length === 0,
    stderr.map((c) => `${where(c)} shows red stderr text: ${c.stderr.join(' ').slice(0, 300)}`).join('; '));

  const tables = cells.flatMap((c) => c.html.flatMap((h) => h.tables.map((t) => ({ c, t }))));
  const realTables = tables.filter(({ t }) => t.rows >= 2 && t.cols >= 2);
  const textTables = cells.filter((c) => c.outputs.some((o) => TEXT_TABLE.test(o.text) && !(o.html && /<table/i.test(o.html))));
  check(nb.name, 'tables arrive as HTML tables', realTables.length > 0 && textTables.length === 0,
    (realTables.length === 0 ? 'no rendered HTML table (<table> with rows and columns) in any output. ' : '')
    + (textTables.length ? `${textTables.map(where).join(', ')} ${textTables.length > 1 ? 'show' : 'shows'} a table as text`
      + (textTables.some((c) => c.html.some((h) => h.renderedLines < h.sourceLines))
        ? ' (text/html without <pre>): a person sees its rows run together into one paragraph'
        : ' (a Tablesaw text dump from print(), printAll() or println, not the Table as the cell\'s value):'
          + ' a person reads columns of | and dashes, wrapped where the page is narrower than the table') : ''),
    `${realTables.length} HTML tables (${realTables.map(({ c, t }) => `cell ${c.index}: ${t.rows}x${t.cols}`).join(', ')})`);

  const collapsed = cells.filter((c) => c.html.some((h) => h.tables.length === 0 && h.sourceLines >= 3 && h.renderedLines === 1));
  check(nb.name, 'multi-line text keeps its lines', collapsed.length === 0,
    collapsed.map((c) => `${where(c)}: ${c.html.find((h) => h.tables.length === 0 && h.sourceLines >= 3 && h.renderedLines === 1).sourceLines}`
      + ' lines of text render as one run-on paragraph').join('; '));

  const pngOutputs = cells.flatMap((c) => c.outputs.filter((o) => o.mimes.includes('image/png')));
  const images = cells.flatMap((c) => c.images);
  const broken = images.filter((i) => !i.loaded || i.width < 50 || i.height < 50);
  check(nb.name, 'figures arrive as images', images.length > 0 && images.length >= pngOutputs.length && broken.length === 0,
    images.length === 0 ? 'no figure is shown as an image in any output'
      : `${pngOutputs.length} image outputs but ${images.length} images on the page, ${broken.length} not loaded or tiny`,
    `${images.length} images`);

  if (nb.verdict) {
    const verdicts = cells.flatMap((c) => c.verdicts.map((v) => ({ c, v })));
    const shown = verdicts.filter(({ v }) => v.visible && v.text.length > 0);
    const tagged = cells.filter((c) => c.tags.includes('verdict'));
    const bare = tagged.filter((c) => !c.verdicts.some((v) => v.visible && v.text.length > 0));
    check(nb.name, 'the verdict is shown', shown.length > 0 && bare.length === 0,
      (verdicts.length === 0 ? 'no output carries an element with class "lab-verdict": a person finds no verdict set apart from the other outputs'
        : shown.length === 0 ? 'the "lab-verdict" elements are empty or hidden' : '')
      + (bare.length ? `${shown.length === 0 ? '; ' : ''}${bare.map(where).join(', ')} tagged "verdict" ${bare.length > 1 ? 'show' : 'shows'} no lab-verdict element` : ''),
      shown.map(({ c, v }) => `cell ${c.index}: ${v.text.slice(0, 120)}`).join('; '));
  }
  return { page, seconds };
}

// ---- the scratch notebook: interrupt, compile error, exception -----------------------------

async function runScratch(context, server) {
  const name = SCRATCH;
  const started = Date.now();
  const page = await openNotebook(context, server, name);
  const cell = (i) => page.evaluate((i) => {
    const c = Jupyter.notebook.get_cell(i);
    const el = c.element[0];
    return {
      running: c.element.hasClass('running') || /\*/.test(el.querySelector('.input_prompt').innerText),
      text: [...el.querySelectorAll('.output_subarea')].map((o) => o.innerText).join('\n'),  // without the Out[n] prompt
      errors: [...el.querySelectorAll('.output_error, .output_stderr')].map((e) => e.innerText).join('\n'),
      executionCount: c.input_prompt_number,
      idle: document.querySelector('#kernel_indicator_icon').className === 'kernel_idle_icon',
    };
  }, i);
  const run = (i) => page.evaluate((i) => { Jupyter.notebook.select(i); Jupyter.notebook.execute_cell(); }, i);
  const waitFor = async (i, pred, timeoutS) => {
    const deadline = Date.now() + timeoutS * 1000;
    let c = await cell(i);
    while (!pred(c) && Date.now() < deadline) { await sleep(250); c = await cell(i); }
    return pred(c) ? c : null;
  };
  const finished = (c) => !c.running;
  // Done: the reply came (a prompt number) and the kernel went idle, which it reports on the
  // output channel after the cell's outputs; the reply itself travels on another channel.
  const waitDone = async (i) => {
    const deadline = Date.now() + CELL_TIMEOUT * 1000;
    let c = await cell(i);
    while (!(c.executionCount !== null && !c.running && c.idle) && Date.now() < deadline) { await sleep(250); c = await cell(i); }
    if (c.running || c.executionCount === null) return null;
    await sleep(300);
    return cell(i);
  };

  // A long cell, interrupted from the Kernel menu once it is seen running.
  const interrupt = async (i, marker, next, expected, label) => {
    await run(i);
    // Running once its first line is out; a cell that ends at once will never be running.
    const seen = await waitFor(i, (c) => (c.running && c.text.includes(marker))
      || (!c.running && c.executionCount !== null && c.idle), CELL_TIMEOUT);
    if (!seen || !seen.running) {
      const c = seen || await cell(i);
      check(name, `${label}: the long cell starts`, false, `cell ${i} ${c.running ? 'runs' : 'ended'} without printing "${marker}"`
        + ` and shows "${(c.errors || c.text).trim().slice(0, 200)}": the kernel does not run it`);
      return;
    }
    await sleep(1000);
    const clicked = Date.now();
    await clickMenu(page, 'kernellink', 'int_kernel');
    const stopped = await waitFor(i, finished, INTERRUPT_TIMEOUT);
    const took = (Date.now() - clicked) / 1000;
    const shows = stopped && (stopped.errors || stopped.text).trim().replace(/\s+/g, ' ').slice(0, 200);
    check(name, `${label}: Kernel > Interrupt stops the running cell`, stopped && took <= INTERRUPT_LIMIT,
      stopped ? `the cell ended ${took.toFixed(1)} s after Kernel > Interrupt (limit ${INTERRUPT_LIMIT} s) and shows: ${shows}`
        : `${INTERRUPT_TIMEOUT} s after Kernel > Interrupt cell ${i} still shows In [*] (kernel: ${await kernelStatus(page)})`,
      stopped && `ended ${took.toFixed(2)} s after the click; the cell shows: ${shows}`);
    await run(next);
    const after = await waitDone(next);
    check(name, `${label}: the next cell still produces output`, after && after.text.includes(expected),
      after ? `the next cell shows "${after.text.trim().slice(0, 200)}" instead of "${expected}"`
        : `the next cell still shows In [*] ${CELL_TIMEOUT} s after Shift+Enter: a person sees a kernel that does nothing`);
  };

  await interrupt(0, 'sleeping', 1, 'after interrupt: 2', 'sleeping cell');

  await run(2);
  const compile = await waitDone(2);
  check(name, 'a compile error renders', compile && /incompatible types/i.test(compile.errors),
    compile ? `the cell \`int x = "s";\` shows ${compile.errors ? 'an error without "incompatible types": ' + compile.errors.slice(0, 300) : 'no error output: "' + compile.text.slice(0, 200) + '"'}`
      : `the cell \`int x = "s";\` still shows In [*] after ${CELL_TIMEOUT} s`);

  await run(3);
  const thrown = await waitDone(3);
  check(name, 'an exception renders', thrown && /IllegalStateException/.test(thrown.errors) && /boom from the browser test/.test(thrown.errors),
    thrown ? `the throwing cell shows ${thrown.errors ? 'an error without the exception and its message: ' + thrown.errors.slice(0, 300) : 'no error output: "' + thrown.text.slice(0, 200) + '"'}`
      : `the throwing cell still shows In [*] after ${CELL_TIMEOUT} s`);

  await run(4);
  const alive = await waitDone(4);
  check(name, 'the kernel survives the errors', alive && alive.text.trim() === '2',
    alive ? `\`1 + 1\` shows "${alive.text.trim().slice(0, 200)}" instead of 2` : `\`1 + 1\` still shows In [*] after ${CELL_TIMEOUT} s`);

  await interrupt(5, 'training', 6, 'after second interrupt: 4', 'training run');
  return { page, seconds: (Date.now() - started) / 1000 };
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.rmSync(args.out, { recursive: true, force: true });
  fs.mkdirSync(args.out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-browser-'));
  const report = { checks, artifacts: {}, seconds: {}, out: args.out };
  let server = null;
  let browser = null;
  let infraError = null;
  try {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: ./lab test installs Debian's chromium (apt-get install chromium)`);
    server = await startServer(args.root, tmp, args.out);
    log(`notebook server on ${server.base}, notebooks copied to ${tmp}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const jobs = [...NOTEBOOKS.map((nb) => [nb.name, () => runNotebook(context, server, args.out, nb)]),
      [SCRATCH, () => runScratch(context, server)]].filter(([name]) => !args.only || args.only.includes(name));
    for (const [name, job] of jobs) {
      let page = null;
      try {
        const r = await job();
        page = r.page;
        report.seconds[name] = r.seconds;
      } catch (e) {
        check(name, 'the notebook can be driven', false, `the test could not drive the page: ${e.message}`);
        page = context.pages().at(-1);
      }
      if (page) {
        try {
          report.artifacts[name] = [...await screenshots(page, args.out, name), ...await saveNotebook(page, args.out, name)];
        } catch (e) {
          log(`${name}: could not save screenshot or notebook: ${e.message}`);
        }
        // Shut this notebook's kernel down before the next one starts: two cores, one JVM at a time.
        await page.evaluate(() => new Promise((resolve) => Jupyter.notebook.session.delete(resolve, resolve)))
          .catch((e) => log(`${name}: could not shut its kernel down: ${e.message}`));
        await page.close();
      }
    }
  } catch (e) {
    infraError = e.message;
    console.error(`error: ${e.message}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  report.seconds.total = (Date.now() - t0) / 1000;
  report.error = infraError;
  report.serverLog = path.join(args.out, 'jupyter.log');
  fs.writeFileSync(path.join(args.out, 'report.json'), JSON.stringify(report, null, 2));
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`browser test: ${checks.length - failed} checks passed, ${failed} failed in ${report.seconds.total.toFixed(1)} s; `
    + `screenshots and notebooks in ${args.out}`);
  process.exit(infraError ? 2 : failed ? 1 : 0);
}

main().catch((e) => { console.error(`error: ${e.message}`); process.exit(2); });
