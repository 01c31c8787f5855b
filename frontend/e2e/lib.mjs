// Shared helpers of the end-to-end journeys: steps with pass/fail counting, an independent GraphQL
// client, Chromium contexts that record every console error, page error, failed request and HTTP error.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const PASSWORD = process.env.E2E_PASSWORD ?? 'xiaoneng-demo';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const shotsDir = process.env.SCREENSHOT_DIR ?? join(repoRoot, 'docs/screenshots');
mkdirSync(shotsDir, { recursive: true });

export const results = { passed: 0, failed: 0 };

/** A journey: its steps run in order; after the first failure the rest are reported as skipped. */
export function journey(name) {
  let blocked = null;
  return async function step(title, fn, { always = false } = {}) {
    const label = `[${name}] ${title}`;
    if (blocked && !always) {
      results.failed++;
      console.log(`FAIL ${label}: skipped because "${blocked}" failed`);
      return;
    }
    const t0 = Date.now();
    try {
      await fn();
      results.passed++;
      console.log(`ok   ${label} (${Date.now() - t0} ms)`);
    } catch (err) {
      results.failed++;
      console.log(`FAIL ${label}: ${err?.stack ?? err}`);
      if (!always) blocked = title;
    }
  };
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function graphql(query, variables = {}, token) {
  return graphqlAt(BASE_URL, query, variables, token);
}

/** A GraphQL request to the server at base (the fresh server's journeys); errors keep the response's `errors`. */
export async function graphqlAt(base, query, variables = {}, token) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json().catch(() => null);
  if (!body || body.errors?.length) {
    const err = new Error(`GraphQL ${res.status}: ${JSON.stringify(body?.errors ?? body)}`);
    err.errors = body?.errors ?? [];
    throw err;
  }
  return body.data;
}

export async function apiLogin(user) {
  const d = await graphql('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }', {
    u: user,
    p: PASSWORD,
  });
  return d.login.accessToken;
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser profile; `problems` collects everything that must not happen. */
export async function openBrowser({ width = 1440, height = 900, locale = 'zh-CN', mobile = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'xn-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    locale,
    timezoneId: 'Asia/Shanghai',
    viewport: { width, height },
    deviceScaleFactor: mobile ? 2 : 1,
    isMobile: mobile,
    hasTouch: mobile,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? '';
    // A navigation away aborts the requests of the page left behind: not a failure of the app.
    if (why.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${req.method()} ${req.url()} ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return {
    page,
    problems,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits for the network to go quiet and every spinner to stop. */
export async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0);
}

export async function shot(page, name) {
  await settle(page);
  await page.screenshot({ path: join(shotsDir, `${name}.png`), animations: 'disabled' });
}

export async function uiLogin(page, user) {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('viewer-name').waitFor();
}

/** Fails the journey if anything went wrong in its browser. */
export function noProblems(problems) {
  assert(problems.length === 0, `\n  ${problems.join('\n  ')}`);
}

/**
 * choose, then again while the picker does not show the choice: on a busy machine a pick can be lost to a
 * re-render (a form then says the field is required instead of what the journey checks).
 */
export async function chooseShown(page, select, text, shown = text) {
  for (let i = 0; i < 4; i++) {
    await choose(page, select, text, shown);
    if (await select.filter({ hasText: shown }).waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  throw new Error(`"${shown}" not picked`);
}

/** Picks an option of an antd Select/TreeSelect by typing part of its label. */
export async function choose(page, locator, text, optionText = text) {
  await locator.click();
  await page.keyboard.type(text);
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option, .ant-select-dropdown:visible .ant-select-tree-treenode')
    .filter({ hasText: optionText })
    .first();
  await option.waitFor();
  await option.click();
}
