#!/usr/bin/env node
// Opens the Temporal Web UI of a finished demo cycle in Debian's chromium (playwright-core drives it; no
// browser is downloaded) and checks what a person would look for. One line per check, exit 0 when all
// passed, 1 when one failed, 2 on bad arguments. Screenshots of every page go to --out.
//
//   node check-ui.js --ui http://127.0.0.1:8233 [--namespace default] [--cycle 1] [--issue 1]
//        [--merge-queue timmy-merge-timmy-demo] [--failure 'Gitea 404 on getPull'] [--out target/ui-screenshots]
//
// --failure: text of an activity failure expected in the merge queue's history (the test makes one by
// queueing a PR that does not exist); left out, that check is skipped.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const BROWSER = process.env.TIMMY_CHROMIUM || '/usr/bin/chromium';
const BROWSER_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const PHASES = ['fix-broken-prs', 'assess', 'fill-queue', 'dispatch', 'await-landings', 'reflect'];
const WAIT_MS = 45000;

function parseArgs(argv) {
  const opts = {
    ui: '', namespace: 'default', cycle: '1', issue: '1', mergeQueue: 'timmy-merge-timmy-demo',
    failure: '', out: 'target/ui-screenshots',
  };
  const names = { '--ui': 'ui', '--namespace': 'namespace', '--cycle': 'cycle', '--issue': 'issue',
    '--merge-queue': 'mergeQueue', '--failure': 'failure', '--out': 'out' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || argv[i + 1] === undefined) usage(`unknown or incomplete option: ${argv[i]}`);
    opts[key] = argv[i + 1];
  }
  if (!/^https?:\/\//.test(opts.ui)) usage('--ui http://HOST:PORT is required');
  opts.ui = opts.ui.replace(/\/+$/, '');
  return opts;
}

function usage(why) {
  console.error(`check-ui: ${why}`);
  process.exit(2);
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class Checks {
  constructor(page, out) {
    this.page = page;
    this.out = out;
    this.failed = 0;
  }

  /** The text of the page and of its frames (the UI renders summaries and details as markdown in iframes). */
  async text() {
    const parts = await Promise.all(this.page.frames().map((f) =>
      f.evaluate(() => (document.body ? document.body.innerText : '')).catch(() => '')));
    return parts.join('\n');
  }

  /** Waits until the page's text matches every pattern; prints ok/FAIL with the check's name. */
  async expect(name, patterns) {
    const started = Date.now();
    const regexes = patterns.map((p) => (p instanceof RegExp ? p : new RegExp(escapeRe(p))));
    const missing = async () => {
      const text = await this.text();
      return regexes.filter((r) => !r.test(text));
    };
    let left = await missing();
    while (left.length > 0 && Date.now() - started < WAIT_MS) {
      await this.page.waitForTimeout(500);
      left = await missing();
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (left.length === 0) {
      console.log(`ok    ${name} (${secs}s)`);
      return true;
    }
    this.failed++;
    console.log(`FAIL  ${name}: not on ${this.page.url()} after ${secs}s: ${left.map((r) => r.source).join(' | ')}`);
    return false;
  }

  async shot(file) {
    const target = path.join(this.out, file);
    await this.page.screenshot({ path: target, fullPage: false });
    console.log(`      screenshot ${target}`);
  }

  /** The workflow's page (latest run), then one of its tabs. A running workflow's page never reaches
   * networkidle (it polls), so: load, then the tab by its role and name, then the text. */
  async openWorkflow(ui, namespace, id, tab) {
    await this.page.goto(`${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(id)}`,
      { waitUntil: 'load' });
    const tabLink = this.page.getByRole('tab', { name: tab });
    await tabLink.waitFor({ timeout: WAIT_MS });
    await tabLink.click();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(o.out, { recursive: true });
  const browser = await chromium.launch({ executablePath: BROWSER, args: BROWSER_ARGS });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(WAIT_MS);
  const c = new Checks(page, o.out);
  const cycleId = `timmy-cycle-${o.cycle}`;
  try {
    // 1. The list filtered by the search attribute shows the cycle and its six phase children by id.
    const query = encodeURIComponent(`TimmyCycle = ${o.cycle}`);
    await page.goto(`${o.ui}/namespaces/${o.namespace}/workflows?query=${query}`, { waitUntil: 'load' });
    await c.expect(`list 'TimmyCycle = ${o.cycle}' shows ${cycleId} and its six phases by id`,
      [new RegExp(`${escapeRe(cycleId)}\\s`)].concat(
        PHASES.map((p, i) => `${cycleId}/phase-${i + 1}-${p}`)));
    await c.shot('1-list-timmy-cycle.png');

    // 2. The cycle's page: its phases in the timeline; its summary and current details.
    await c.openWorkflow(o.ui, o.namespace, cycleId, /^Timeline/);
    await c.expect(`${cycleId}: the timeline names the six phases`,
      PHASES.map((p, i) => `Phase ${i + 1}: ${p}`));
    await c.shot('2-cycle-timeline.png');
    await page.getByRole('tab', { name: /^User Metadata/ }).click();
    await c.expect(`${cycleId}: its summary`, [new RegExp(`Timmy cycle ${o.cycle}\\b`)]);
    await c.expect(`${cycleId}: its current details`, [/phase-\d-[a-z-]+ · done: \[/]);
    await c.shot('3-cycle-metadata.png');

    // 3. An issue job's history: the activity summaries.
    const issueId = `timmy-issue-${o.issue}`;
    await c.openWorkflow(o.ui, o.namespace, issueId, /^Event History/);
    await c.expect(`${issueId}: history shows the landing's summary`,
      [/Summary\s+queue PR #\d+ for merge/]);
    await c.shot('4-issue-history.png');
    // A job's history is longer than one page (100 events, newest first): its first events (the
    // worktree, the agent, the tests) are read oldest first.
    await page.getByRole('button', { name: /Descending/ }).click();
    await c.expect(`${issueId}: oldest first, the worktree's, agent's and tests' summaries`,
      // The agent's profile names the job (kimi-cli by default); the branch's kind comes from the issue.
      [/Summary\s+worktree add (fix|feat|refactor|policy)\/\d+-/,
        new RegExp(`Summary\\s+[a-z-]+ on Kimi:\\d+\\.\\d+ for #${o.issue}\\b`),
        /Summary\s+tox -e unit in (fix|feat|refactor|policy)\/\d+-/]);

    // 4. The merge queue's history: the squash merges, and the failed activity with its failure.
    await c.openWorkflow(o.ui, o.namespace, o.mergeQueue, /^Event History/);
    await c.expect(`${o.mergeQueue}: history shows 'merge PR #N (squash)'`,
      [/Summary\s+merge PR #\d+ \(squash\)/, /Summary\s+CI on [0-9a-f]{7,} of PR #\d+/]);
    if (o.failure) {
      await c.expect(`${o.mergeQueue}: a failed activity shows its failure`,
        [new RegExp(`Activity Task Failed\\s+Failure Message\\s+${escapeRe(o.failure)}`)]);
      // Opened, the failed event shows the activity's summary, its retry state and the failure itself.
      const row = page.locator('tr', { hasText: 'Activity Task Failed' }).first();
      await row.click();
      await c.expect(`${o.mergeQueue}: the failed event opened shows the failure and its retry state`,
        [/RETRY_STATE_NON_RETRYABLE_FAILURE/, new RegExp(`"message": "${escapeRe(o.failure)}`)]);
      await row.evaluate((el) => el.scrollIntoView({ block: 'start', inline: 'nearest' }));
    }
    await c.shot('5-merge-queue-history.png');
  } catch (e) {
    c.failed++;
    console.log(`FAIL  ${String(e.message || e).split('\n')[0]} (on ${page.url()})`);
    await c.shot('error.png').catch(() => {});
  } finally {
    await browser.close();
  }
  console.log(c.failed === 0 ? 'check-ui: ok' : `check-ui: ${c.failed} check(s) FAILED`);
  process.exit(c.failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`check-ui: ${e.message || e}`);
  process.exit(1);
});
