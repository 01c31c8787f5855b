// People (干部、请假出差、账号): the administrator adds a staff member (a taken employee number is refused
// on its field), records a leave for them and sees an overlapping one refused on its first day, changes
// it and deletes a mistaken trip after confirming, opens accounts in bulk for that person and a throwaway
// administrator, reads the one-time passwords from the page (and downloads the hand-out file), then
// disables the throwaway and checks that its login is refused with ACCOUNT_DISABLED. Every result is
// checked again through the API. It creates its own people and accounts and never touches the demo ones
// other journeys use.
import { join } from 'node:path';
import { apiLogin, assert, BASE_URL, graphql, journey, noProblems, openBrowser, PASSWORD, settle, shot, shotsDir, uiLogin } from './lib.mjs';

/** A login through the API that returns the errors instead of throwing. */
async function rawLogin(username, password) {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken viewer { mustChangePassword role staff { id } } } }',
      variables: { u: username, p: password },
    }),
  });
  return res.json();
}

/** The form item of a modal whose label is `label`. */
function field(page, label) {
  return page.locator('.ant-modal:visible .ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
}

/**
 * Picks a person in a PersonPicker: types the employee number, lets the searches finish, clicks the option
 * and waits until the picker shows the person (a search answering late must not undo the choice).
 */
async function choosePerson(page, select, employeeNo, name) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: employeeNo }).first();
  for (let i = 0; i < 5; i++) {
    await select.click();
    await select.locator('input').fill(employeeNo);
    await page.waitForLoadState('networkidle');
    if (await option.waitFor({ timeout: 6000 }).then(() => true, () => false)) {
      await option.click();
      if (await select.filter({ hasText: name }).waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  throw new Error(`person ${employeeNo} not picked`);
}

/**
 * Picks a department in a tree picker: opens it, writes the name into its search (replacing what an earlier
 * try left), clicks the option; on a busy machine a click during the modal's animation or a pick lost to a
 * late re-render is tried again, until the picker shows the department.
 */
async function chooseDept(page, select, deptName) {
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-tree-treenode, .ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: deptName })
    .first();
  for (let i = 0; i < 5; i++) {
    await select.click();
    await select.locator('input').fill(deptName);
    if (await option.waitFor({ timeout: 6000 }).then(() => true, () => false)) {
      await option.click();
      if (await select.filter({ hasText: deptName }).waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  throw new Error(`department ${deptName} not picked`);
}

async function pickDay(page, label, day) {
  const input = field(page, label).locator('input');
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

export async function people() {
  const run = journey('people');
  let b;
  // A failing step leaves a screenshot of the page behind (people-failed.png), to see what stood in the way.
  const step = (title, fn, opts) =>
    run(
      title,
      async () => {
        try {
          await fn();
        } catch (err) {
          await b?.page.screenshot({ path: join(shotsDir, 'people-failed.png') }).catch(() => undefined);
          throw err;
        }
      },
      opts,
    );
  const stamp = Date.now().toString(36).slice(-6);
  const name = `端到端${stamp}`;
  const employeeNo = `E2E${stamp}`;
  const login = `e2e.${stamp}`;
  const throwaway = `e2e.tmp.${stamp}`;
  let token;
  let dept;
  let staffId;
  const passwords = {};
  try {
    await step('staff: a new staff member is created from the 干部 tab; a taken employee number is refused on its field', async () => {
      token = await apiLogin('admin');
      const d = await graphql(
        'query { departments(first: 5, where: { closedAtIsNil: true, kind: AGENCY, hasParent: true }) { edges { node { id name } } } }',
        {},
        token,
      );
      dept = d.departments.edges[0].node;
      b = await openBrowser();
      const { page } = b;
      await uiLogin(page, 'admin');
      await page.goto(`${BASE_URL}/org?tab=staff`);
      await page.getByTestId('staff-table').waitFor();
      await settle(page);
      await shot(page, 'org-staff');
      await page.getByTestId('staff-create').click();
      await page.getByTestId('staff-name').fill(name);
      await page.getByTestId('staff-employee-no').fill(employeeNo);
      await chooseDept(page, field(page, '所在部门').locator('.ant-select'), dept.name);
      await field(page, '职务').locator('input').fill('科员');
      await field(page, '每周可用工时').locator('input').fill('36');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
      const s = await graphql(
        'query ($no: String!) { staffMembers(first: 1, where: { employeeNo: $no }) { edges { node { id name position weeklyCapacityHours active department { id } } } } }',
        { no: employeeNo },
        token,
      );
      const node = s.staffMembers.edges[0]?.node;
      assert(node, `no staff member ${employeeNo}`);
      assert(node.name === name && node.department.id === dept.id && node.position === '科员' && node.weeklyCapacityHours === 36 && node.active, JSON.stringify(node));
      staffId = node.id;
      // The list finds them by employee number.
      await page.getByTestId('staff-search').locator('input').fill(employeeNo);
      await page.getByTestId('staff-search').locator('input').press('Enter');
      await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name }).waitFor();
      // The same employee number again: CONFLICT on the field.
      await page.getByTestId('staff-create').click();
      await page.getByTestId('staff-name').fill(`${name}乙`);
      await page.getByTestId('staff-employee-no').fill(employeeNo);
      await chooseDept(page, field(page, '所在部门').locator('.ant-select'), dept.name);
      await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await field(page, '工号').locator('.ant-form-item-explain-error').filter({ hasText: '已被使用' }).waitFor();
      await page.locator('.ant-modal:visible').getByRole('button', { name: /取\s*消/ }).click();
    });

    await step('leave: a leave is recorded for them; an overlapping trip is refused on its first day', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/org?tab=leave`);
      await page.getByTestId('leave-tab').waitFor();
      await settle(page);
      await page.getByTestId('leave-create').click();
      await choosePerson(page, field(page, '人员').locator('.ant-select'), employeeNo, name);
      await pickDay(page, '第一天', '2027-03-01');
      await pickDay(page, '最后一天', '2027-03-05');
      await page.getByTestId('leave-days').filter({ hasText: '共 5 天' }).waitFor();
      await field(page, '事由').locator('textarea').fill('年休假（端到端）');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
      await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name }).filter({ hasText: '2027-03-05' }).waitFor();

      await page.getByTestId('leave-create').click();
      await choosePerson(page, field(page, '人员').locator('.ant-select'), employeeNo, name);
      await page.locator('.ant-modal:visible').getByText('出差', { exact: true }).click();
      await pickDay(page, '第一天', '2027-03-04');
      await pickDay(page, '最后一天', '2027-03-08');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await field(page, '第一天').locator('.ant-form-item-explain-error').filter({ hasText: '已有请假或出差记录' }).waitFor();
      await shot(page, 'org-leave-conflict');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /取\s*消/ }).click();

      const l = await graphql(
        'query ($s: ID!) { staffLeaves(first: 10, where: { staffID: $s }) { totalCount edges { node { kind firstDay lastDay note } } } }',
        { s: staffId },
        token,
      );
      assert(l.staffLeaves.totalCount === 1, `leaves ${JSON.stringify(l)}`);
      const leave = l.staffLeaves.edges[0].node;
      assert(leave.kind === 'LEAVE' && leave.firstDay === '2027-03-01' && leave.lastDay === '2027-03-05' && leave.note === '年休假（端到端）', JSON.stringify(leave));
    });

    await step('leave: the leave is changed, then a mistaken trip is deleted only after confirming', async () => {
      const { page } = b;
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name }).filter({ hasText: '2027-03-05' });
      await row.getByTestId('leave-edit').click();
      await pickDay(page, '最后一天', '2027-03-03');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
      await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name }).filter({ hasText: '2027-03-03' }).waitFor();
      // Now the trip fits after it; record it, then delete it as a mistake.
      await page.getByTestId('leave-create').click();
      await choosePerson(page, field(page, '人员').locator('.ant-select'), employeeNo, name);
      await page.locator('.ant-modal:visible').getByText('出差', { exact: true }).click();
      await pickDay(page, '第一天', '2027-03-04');
      await pickDay(page, '最后一天', '2027-03-08');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
      const trip = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name }).filter({ hasText: '2027-03-08' });
      await trip.getByTestId('leave-delete').click();
      const pop = page.locator('.ant-popconfirm:visible');
      await pop.getByText('仅用于删除误登记的记录').waitFor();
      await pop.getByRole('button', { name: /删\s*除/ }).click();
      await trip.waitFor({ state: 'detached' });
      const l = await graphql(
        'query ($s: ID!) { staffLeaves(first: 10, where: { staffID: $s }) { totalCount edges { node { kind firstDay lastDay } } } }',
        { s: staffId },
        token,
      );
      assert(l.staffLeaves.totalCount === 1, `leaves ${JSON.stringify(l)}`);
      const leave = l.staffLeaves.edges[0].node;
      assert(leave.kind === 'LEAVE' && leave.firstDay === '2027-03-01' && leave.lastDay === '2027-03-03', JSON.stringify(leave));
    });

    await step('accounts: two accounts opened at once; the one-time passwords are read from the page and work', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/admin?tab=accounts`);
      await page.getByTestId('accounts-table').waitFor();
      await settle(page);
      await page.getByTestId('accounts-create').click();
      const row0 = page.getByTestId('bulk-row-0');
      await row0.getByTestId('bulk-login').fill(login);
      await choosePerson(page, row0.locator('.ant-select').nth(1), employeeNo, name);
      // The throwaway administrator comes from a line pasted as from Excel (no employee number: ADMIN).
      await page.locator('.ant-modal:visible').getByText('从 Excel 粘贴多行').click();
      await page.getByTestId('bulk-paste').fill(`${throwaway}\t\t系统管理员`);
      await page.getByTestId('bulk-paste-fill').click();
      const row1 = page.getByTestId('bulk-row-1');
      await row1.locator('.ant-select').first().filter({ hasText: '系统管理员' }).waitFor();
      assert((await row1.getByTestId('bulk-login').inputValue()) === throwaway, 'the pasted row is not the throwaway');
      await row0.locator('.ant-select').nth(1).filter({ hasText: name }).waitFor();
      await page.locator('.ant-modal:visible').getByRole('button', { name: /开通并生成初始密码/ }).click();
      await page.getByTestId('passwords-table').waitFor();
      for (const l of [login, throwaway]) {
        passwords[l] = (await page.getByTestId(`password-${l}`).textContent())?.trim();
        assert(passwords[l] && passwords[l].length >= 8, `password of ${l}: "${passwords[l]}"`);
      }
      await page.getByText('初始密码只显示这一次').waitFor();
      await shot(page, 'accounts-one-time-passwords');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('passwords-download').click()]);
      assert(download.suggestedFilename().endsWith('.csv'), `downloaded ${download.suggestedFilename()}`);
      await page.getByTestId('passwords-done').click();
      await page.getByTestId('passwords-table').waitFor({ state: 'detached' });

      const r = await rawLogin(login, passwords[login]);
      assert(r.data?.login?.viewer?.staff?.id === staffId, `login ${login}: ${JSON.stringify(r)}`);
      assert(r.data.login.viewer.mustChangePassword === true && r.data.login.viewer.role === 'STAFF', JSON.stringify(r.data.login.viewer));
      const a = await graphql(
        'query ($l: String!) { accounts(first: 1, where: { login: $l }) { edges { node { role disabled staff { id } } } } }',
        { l: login },
        token,
      );
      assert(a.accounts.edges[0]?.node?.staff?.id === staffId, JSON.stringify(a));
    });

    await step('accounts: the throwaway is disabled after a confirmation, and its login is refused with ACCOUNT_DISABLED', async () => {
      const { page } = b;
      const before = await rawLogin(throwaway, passwords[throwaway]);
      assert(before.data?.login?.accessToken, `throwaway could not log in before: ${JSON.stringify(before)}`);
      await page.getByTestId('accounts-search').locator('input').fill(throwaway);
      await page.getByTestId('accounts-search').locator('input').press('Enter');
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: throwaway });
      await row.waitFor();
      await row.getByTestId('account-disable').click();
      await page.getByText('所有登录会话和接口令牌立即失效').waitFor();
      await page.getByTestId('confirm-disable').click();
      await row.getByTestId('account-enable').waitFor();
      const after = await rawLogin(throwaway, passwords[throwaway]);
      const err = after.errors?.[0];
      assert(err?.extensions?.code === 'UNAUTHENTICATED' && err?.extensions?.reason === 'ACCOUNT_DISABLED', `login after disabling: ${JSON.stringify(after)}`);
      const a = await graphql('query ($l: String!) { accounts(first: 1, where: { login: $l }) { edges { node { disabled } } } }', { l: throwaway }, token);
      assert(a.accounts.edges[0]?.node?.disabled === true, JSON.stringify(a));
      // The demo accounts were left alone.
      const demo = await rawLogin('staff', PASSWORD);
      assert(demo.data?.login?.accessToken, 'the demo staff account no longer logs in');
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
  }
}
