// Setup (初始设置): on a fresh server outside demo mode (E2E_FRESH_URL, first admin's password
// E2E_FRESH_ADMIN_PASSWORD) the admin signs in, is sent to /setup, names the agency, creates a department,
// sees the calendar step with the bundled holidays, creates an account for a person and reads its one-time
// password, and finishes at the cockpit — every result checked through the API. Skipped without
// E2E_FRESH_URL. It uses its own department code, employee number and login, and leaves the admin's
// password as it found it, so it runs before or after any other journey on the same fresh server.
import { assert, graphqlAt, journey, noProblems, openBrowser, settle, shot } from './lib.mjs';

const FRESH = (process.env.E2E_FRESH_URL ?? '').replace(/\/+$/, '');
const ADMIN_PASSWORD = process.env.E2E_FRESH_ADMIN_PASSWORD ?? '';

const gql = (query, variables = {}, token) => graphqlAt(FRESH, query, variables, token);

const LOGIN = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken viewer { mustChangePassword role staff { id } } } }`;
const CHANGE = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }`;
const STATUS = `{ setupStatus { root { id name } agencyDepartments frontlineUnits activeStaff accounts calendarYears } }`;

/**
 * The admin's token. When the server demands a password change first, the password is changed to a
 * temporary one and back (a change ends the demand), so the next journey finds it as it was.
 */
async function adminToken() {
  const first = await gql(LOGIN, { u: 'admin', p: ADMIN_PASSWORD });
  if (!first.login.viewer.mustChangePassword) return first.login.accessToken;
  const temp = `${ADMIN_PASSWORD}-e2e-setup`;
  const a = await gql(CHANGE, { c: ADMIN_PASSWORD, n: temp }, first.login.accessToken);
  const b = await gql(CHANGE, { c: temp, n: ADMIN_PASSWORD }, a.changePassword.accessToken);
  return b.changePassword.accessToken;
}

export async function setup() {
  const step = journey('setup');
  if (!FRESH) {
    console.log('skip [setup] E2E_FRESH_URL is not set (a fresh non-demo server)');
    return;
  }
  const tag = Date.now().toString(36).slice(-6).toUpperCase();
  const deptCode = `E2ESETUP-${tag}`;
  const deptName = `初始设置测试科${tag}`;
  const employeeNo = `E2ES${tag}`;
  const login = `e2e.setup.${tag.toLowerCase()}`;
  const year = new Date().getFullYear();
  let b;
  let token;
  let before;
  let agencyName;
  try {
    await step('the admin signs in and lands on /setup while the agency is not set up', async () => {
      assert(ADMIN_PASSWORD, 'E2E_FRESH_ADMIN_PASSWORD is not set');
      token = await adminToken();
      before = (await gql(STATUS, {}, token)).setupStatus;
      b = await openBrowser();
      const { page } = b;
      await page.goto(`${FRESH}/login`);
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByTestId('viewer-name').waitFor();
      if (before.root) {
        // Another journey set the agency up first: the wizard is still there, the first step done.
        await page.goto(`${FRESH}/setup?step=0`);
      } else {
        await page.waitForURL(/\/setup/);
      }
      await page.getByTestId('setup-step-agency').waitFor();
      await settle(page);
      await shot(page, 'setup-agency');
    });

    await step('names the agency (setupAgency), checked through the API', async () => {
      const { page } = b;
      // A name already given by another journey is kept as it is.
      agencyName = before.root?.name ?? `E2E 某市城市管理局`;
      await page.getByTestId('setup-agency-name').fill(agencyName);
      await page.getByTestId('setup-agency-save').click();
      await page.getByTestId('setup-step-departments').waitFor();
      const s = (await gql(STATUS, {}, token)).setupStatus;
      assert(s.root && s.root.name === agencyName, `the agency after the step: ${JSON.stringify(s.root)}`);
      if (before.root) assert(s.root.id === before.root.id, 'a second agency was made');
    });

    await step('creates a department under the agency (createDepartment), checked through the API', async () => {
      const { page } = b;
      await page.getByTestId('setup-dept-name').fill(deptName);
      await page.getByTestId('setup-dept-code').fill(deptCode);
      await page.getByTestId('setup-dept-add').click();
      await page.getByTestId('setup-dept-list').getByText(deptCode).waitFor();
      const d = await gql(
        `query ($c: String!) { departments(first: 2, where: { code: $c }) { edges { node { id name kind parent { id } } } } }`,
        { c: deptCode },
        token,
      );
      const node = d.departments.edges[0]?.node;
      const s = (await gql(STATUS, {}, token)).setupStatus;
      assert(node && node.name === deptName && node.kind === 'AGENCY' && node.parent?.id === s.root.id, `the department: ${JSON.stringify(node)}`);
      assert(s.agencyDepartments === before.agencyDepartments + 1, `agencyDepartments ${before.agencyDepartments} → ${s.agencyDepartments}`);
      await shot(page, 'setup-departments');
      await page.getByTestId('setup-next').click();
    });

    await step('sees the calendar step: this year bundled, next year to import', async () => {
      const { page } = b;
      await page.getByTestId('setup-step-calendar').waitFor();
      const card = page.getByTestId(`setup-calendar-${year}`);
      await card.waitFor();
      const s = (await gql(STATUS, {}, token)).setupStatus;
      const text = await card.textContent();
      assert(text.includes(s.calendarYears.includes(year) ? '已设置' : '未设置'), `the ${year} card says "${text}", the API ${JSON.stringify(s.calendarYears)}`);
      await page.getByTestId(`setup-calendar-import-${year + 1}`).waitFor();
      const bundled = await page.getByTestId(`setup-calendar-apply-${year}`).count();
      // The product bundles the PRC arrangement of 2025 and 2026 (internal/workcal/holidays_cn.go).
      if (year <= 2026) assert(bundled === 1, `no bundled arrangement offered for ${year}`);
      await shot(page, 'setup-calendar');
      await page.getByTestId('setup-next').click();
    });

    await step('creates an account for a person (createAccounts) and reads its one-time password once', async () => {
      const { page } = b;
      const dept = await gql(`query ($c: String!) { departments(first: 1, where: { code: $c }) { edges { node { id } } } }`, { c: deptCode }, token);
      const staff = await gql(
        `mutation ($in: CreateStaffInput!) { createStaff(input: $in) { id name } }`,
        { in: { name: `测试干部${tag}`, employeeNo, department: dept.departments.edges[0].node.id } },
        token,
      );
      await page.getByTestId('setup-step-accounts').waitFor();
      await page.getByTestId('setup-account-login').fill(login);
      await page.getByTestId('setup-account-role').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '机关干部' }).click();
      await page.getByTestId('setup-account-staff').click();
      await page.keyboard.type(`测试干部${tag}`);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `测试干部${tag}` }).click();
      await page.getByTestId('setup-accounts-create').click();
      const pw = (await page.getByTestId('setup-initial-password').textContent())?.trim() ?? '';
      assert(pw.length >= 8, `the one-time password "${pw}"`);
      await shot(page, 'setup-accounts');
      // The password opens the account, which must change it first and belongs to the person.
      const l = await gql(LOGIN, { u: login, p: pw });
      assert(l.login.viewer.role === 'STAFF' && l.login.viewer.mustChangePassword === true, `the new account: ${JSON.stringify(l.login.viewer)}`);
      assert(l.login.viewer.staff?.id === staff.createStaff.id, 'the account is not linked to the person');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('setup-accounts-download').click()]);
      assert(download.suggestedFilename().endsWith('.csv'), `downloaded ${download.suggestedFilename()}`);
      await page.getByTestId('setup-accounts-dismiss').click();
      await page.getByTestId('setup-initial-password').waitFor({ state: 'detached' });
      await page.getByTestId('setup-next').click();
    });

    await step('finishes: the summary matches the API and leads to the cockpit', async () => {
      const { page } = b;
      await page.getByTestId('setup-step-done').waitFor();
      const s = (await gql(STATUS, {}, token)).setupStatus;
      const summary = await page.getByTestId('setup-summary').textContent();
      assert(summary.includes(s.root.name) && summary.includes(String(s.accounts)), `summary "${summary}", API ${JSON.stringify(s)}`);
      await shot(page, 'setup-done');
      await page.getByTestId('setup-finish').click();
      await page.waitForURL(/\/cockpit/);
      await settle(page);
      noProblems(b.problems);
    });
  } finally {
    await b?.close();
  }
}
