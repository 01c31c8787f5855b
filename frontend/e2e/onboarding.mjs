// Onboarding (a real agency moves in): on a fresh server OUTSIDE demo mode — no departments, no staff,
// only the first admin — the admin signs in (changing the password if the server demands it), imports
// a departments file with one bad row, sees it flagged with its line and column while nothing is
// written, fixes it and imports it; imports one person and an account for them (the one-time password
// shown once); gives their department a task; the person signs in with the one-time password, must
// change it, and sees the task on /tasks. Every result is checked again through the API.
//
// Runs only when E2E_FRESH_URL names such a server (scripts/e2e.sh starts one) and
// E2E_FRESH_ADMIN_PASSWORD is its XN_ADMIN_PASSWORD; skipped otherwise.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, graphqlAt, journey, noProblems, openBrowser, settle, shot } from './lib.mjs';

const URL_ = (process.env.E2E_FRESH_URL ?? '').replace(/\/+$/, '');
const STAMP = Date.now().toString(36).slice(-5);

const gql = (query, variables = {}, token) => graphqlAt(URL_, query, variables, token);

async function login(user, password) {
  const d = await gql(
    'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken viewer { mustChangePassword } } }',
    {
      u: user,
      p: password,
    },
  );
  return d.login;
}

/** Signs in on the login page; answers once the SPA has left /login. */
async function signIn(page, user, password) {
  await page.goto(`${URL_}/login`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Fills the forced password change and waits until the SPA goes on. */
async function changePassword(page, current, next) {
  await page.waitForURL(/\/change-password/);
  await page.getByTestId('password-forced').waitFor();
  await shot(page, 'change-password');
  await page.getByLabel(/初始密码|当前密码/).fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码').fill(next);
  await page.getByRole('button', { name: /修改密码并继续/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/change-password'));
}

/** Uploads a file on the import page and waits for the check's outcome. */
async function upload(page, path) {
  await page.getByTestId('import-wizard').locator('input[type=file]').setInputFiles(path);
  await page
    .locator('[data-testid="check-ok"], [data-testid="check-problems"], [data-testid="import-error"]')
    .first()
    .waitFor({ timeout: 60_000 });
}

async function chooseKind(page, title) {
  await page.getByTestId('import-kind').getByText(title, { exact: true }).click();
}

/** Confirms the apply and waits for 导入完成. */
async function apply(page) {
  await page.getByTestId('import-apply').click();
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /导\s*入/ })
    .click();
  await page.getByTestId('import-applied').waitFor({ timeout: 60_000 });
}

/** The template's lines as the server writes them (UTF-8 CSV with a BOM), for files the test writes. */
async function template(kind, token) {
  const res = await fetch(`${URL_}/export/templates/${kind}.csv`, { headers: { Authorization: `Bearer ${token}` } });
  assert(res.ok, `template ${kind}: HTTP ${res.status}`);
  return (await res.text())
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}

export async function onboarding() {
  if (!URL_) {
    console.log('skip [onboarding]: E2E_FRESH_URL is not set (scripts/e2e.sh starts a fresh non-demo server for it)');
    return;
  }
  const step = journey('onboarding');
  const dir = mkdtempSync(join(tmpdir(), 'xn-onboarding-'));
  const x = { adminPassword: process.env.E2E_FRESH_ADMIN_PASSWORD ?? '' };
  const DEPT = '市政设施科';
  const PERSON = { no: `E${STAMP}`, name: '周敏', login: `zhou.${STAMP}` };
  const TASK = `疏通人民路排水管道 ${STAMP}`;
  let admin;
  let person;
  try {
    await step('API: the server is fresh outside demo mode (no department, the first admin only)', async () => {
      const health = await (await fetch(`${URL_}/healthz`)).json();
      assert(health.demo !== true, `healthz says demo: ${JSON.stringify(health)}`);
      const l = await login('admin', x.adminPassword);
      x.token = l.accessToken;
      if (!l.viewer.mustChangePassword) {
        const d = await gql('query { departments(first: 1) { totalCount } staffMembers(first: 1) { totalCount } }', {}, x.token);
        assert(d.departments.totalCount === 0 && d.staffMembers.totalCount === 0, `not fresh: ${JSON.stringify(d)}`);
      }
    });

    await step('the admin signs in (changing the password if the server asks) and opens 导入导出', async () => {
      admin = await openBrowser();
      const { page } = admin;
      await signIn(page, 'admin', x.adminPassword);
      if (page.url().includes('/change-password')) {
        const next = `${x.adminPassword}-2`;
        await changePassword(page, x.adminPassword, next);
        x.adminPassword = next;
        x.token = (await login('admin', next)).accessToken;
      }
      // Straight to the page by URL (a first-start wizard may greet a fresh admin elsewhere).
      await page.goto(`${URL_}/imports`);
      await page.getByTestId('import-wizard').waitFor();
      await page.getByTestId('import-columns').getByText('上级编码').first().waitFor();
      await settle(page);
    });

    await step(
      'departments: the template downloads; a file with an unknown parent code is flagged on its line and column, nothing written',
      async () => {
        const { page } = admin;
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByTestId('template-DEPARTMENTS-csv').click(),
        ]);
        assert(download.suggestedFilename().endsWith('.csv'), `template "${download.suggestedFilename()}"`);
        const lines = readFileSync(await download.path(), 'utf8')
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/)
          .filter((l) => l !== '');
        const header = lines[0].split(',');
        assert(header[0].startsWith('编码') && header.some((h) => h.startsWith('上级编码')), `template header ${lines[0]}`);
        // The test's own rows under the template's header and example row: code,name,kind,parent code.
        const cols = header.length;
        const row = (...v) => [...v, ...Array(cols - v.length).fill('')].join(',');
        x.deptRows = [
          row('ROOT', `新城区城市管理局${STAMP}`, '机关部门', ''),
          row('AG01', '办公室', '机关部门', 'ROOT'),
          row('AG02', DEPT, '机关部门', 'ROOT'),
          row('FL01', '东城街道', '一线单位', 'ROOT'),
        ];
        const bad = row('AG03', '执法科', '机关部门', 'AG99');
        x.badLine = lines.length + x.deptRows.length + 1; // the header and the example row come first
        writeFileSync(join(dir, '部门.csv'), `\uFEFF${[...lines, ...x.deptRows, bad].join('\r\n')}\r\n`);
        await upload(page, join(dir, '部门.csv'));
        await page.getByTestId('check-problems').waitFor();
        const problem = page.getByTestId('problem-row').filter({ hasText: 'AG99' });
        await problem.waitFor();
        const line = (await problem.getByTestId('problem-line').textContent())?.trim();
        const column = (await problem.getByTestId('problem-column').textContent())?.trim();
        assert(
          line === String(x.badLine) && column === '上级编码',
          `flagged line ${line}, column ${column}; want ${x.badLine}, 上级编码`,
        );
        assert((await page.getByTestId('problem-row').count()) === 1, 'more than the one bad row flagged');
        assert((await page.getByTestId('import-apply').count()) === 0, 'the apply is offered despite the problem');
        await shot(page, 'import-problems');
        const [xl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-problems').click()]);
        assert(xl.suggestedFilename().endsWith('.xlsx'), `problem list "${xl.suggestedFilename()}"`);
        const head = readFileSync(await xl.path())
          .subarray(0, 2)
          .toString('latin1');
        assert(head === 'PK', 'the problem list is no workbook');
        // Independently: nothing written, the batch says where the problem is.
        const d = await gql(
          `query { departments(first: 1) { totalCount }
                 importBatches(kind: DEPARTMENTS) { status canApply report { problemCount problems { line column } } } }`,
          {},
          x.token,
        );
        assert(d.departments.totalCount === 0, `departments written by a dry run: ${d.departments.totalCount}`);
        const b = d.importBatches[0];
        assert(
          b.status === 'CHECKED' &&
            !b.canApply &&
            b.report.problemCount === 1 &&
            b.report.problems[0].line === x.badLine &&
            b.report.problems[0].column === 'parent_code',
          `batch ${JSON.stringify(b)}`,
        );
      },
    );

    await step('departments: the fixed file checks clean and imports (API: the tree by parent code)', async () => {
      const { page } = admin;
      const lines = await template('DEPARTMENTS', x.token);
      const cols = lines[0].split(',').length;
      const fixed = ['AG03', '执法科', '机关部门', 'ROOT'].concat(Array(cols - 4).fill('')).join(',');
      writeFileSync(join(dir, '部门-修改后.csv'), `\uFEFF${[...lines, ...x.deptRows, fixed].join('\r\n')}\r\n`);
      await upload(page, join(dir, '部门-修改后.csv'));
      await page.getByTestId('check-ok').waitFor();
      const created = await page.getByTestId('report-created').textContent();
      assert(created === '5', `to create: ${created}`);
      await apply(page);
      const d = await gql(
        `query { departments(first: 10, where: {codeIn: ["ROOT", "AG01", "AG02", "AG03", "FL01"]}) {
                   edges { node { id code name kind parent { code } } } } }`,
        {},
        x.token,
      );
      const byCode = Object.fromEntries(d.departments.edges.map((e) => [e.node.code, e.node]));
      assert(Object.keys(byCode).length === 5, `departments ${JSON.stringify(byCode)}`);
      assert(!byCode.ROOT.parent && byCode.AG02.parent?.code === 'ROOT' && byCode.AG03.parent?.code === 'ROOT', 'tree');
      assert(byCode.AG02.name === DEPT && byCode.FL01.kind === 'FRONTLINE', `AG02 ${JSON.stringify(byCode.AG02)}`);
      x.dept = byCode.AG02;
    });

    await step(`staff: one person imported into ${DEPT} (API: their department)`, async () => {
      const { page } = admin;
      await page.getByRole('button', { name: /重新上传文件/ }).click();
      await chooseKind(page, '人员');
      await page.getByTestId('import-columns').getByText('部门编码').first().waitFor();
      const lines = await template('STAFF', x.token);
      const header = lines[0].split(',');
      const at = (h) => header.findIndex((c) => c.startsWith(h));
      const cells = Array(header.length).fill('');
      cells[at('工号')] = PERSON.no;
      cells[at('姓名')] = PERSON.name;
      cells[at('部门编码')] = 'AG02';
      cells[at('职务')] = '科员';
      cells[at('每周工作时长')] = '40';
      assert(!cells.includes(undefined) && at('部门编码') >= 0, `staff header ${lines[0]}`);
      writeFileSync(join(dir, '人员.csv'), `\uFEFF${[lines[0], cells.join(',')].join('\r\n')}\r\n`);
      await upload(page, join(dir, '人员.csv'));
      await page.getByTestId('check-ok').waitFor();
      await apply(page);
      const d = await gql(
        'query ($no: String!) { staffMembers(first: 2, where: {employeeNo: $no}) { edges { node { id name department { code } } } } }',
        { no: PERSON.no },
        x.token,
      );
      const s = d.staffMembers.edges.map((e) => e.node);
      assert(s.length === 1 && s[0].name === PERSON.name && s[0].department.code === 'AG02', `staff ${JSON.stringify(s)}`);
      x.staffId = s[0].id;
    });

    await step(
      'accounts: an account for that person; the one-time password is shown once (API: forced change pending)',
      async () => {
        const { page } = admin;
        await page.getByRole('button', { name: /重新上传文件/ }).click();
        await chooseKind(page, '账号');
        const lines = await template('ACCOUNTS', x.token);
        const header = lines[0].split(',');
        const at = (h) => header.findIndex((c) => c.startsWith(h));
        const cells = Array(header.length).fill('');
        cells[at('登录名')] = PERSON.login;
        cells[at('角色')] = '机关人员';
        cells[at('工号')] = PERSON.no;
        writeFileSync(join(dir, '账号.csv'), `\uFEFF${[lines[0], cells.join(',')].join('\r\n')}\r\n`);
        await upload(page, join(dir, '账号.csv'));
        await page.getByTestId('check-ok').waitFor();
        await apply(page);
        await page.getByTestId('import-secrets').waitFor();
        const logins = await page.getByTestId('secret-login').allTextContents();
        assert(logins.length === 1 && logins[0] === PERSON.login, `secrets for ${logins.join(',')}`);
        x.oneTime = (await page.getByTestId('secret-password').first().innerText()).trim();
        assert(/^[\w-]{12,}$/.test(x.oneTime), `one-time password "${x.oneTime}"`);
        await shot(page, 'import-secrets');
        await page.getByTestId('secrets-done').click();
        await page
          .locator('.ant-modal-confirm')
          .getByRole('button', { name: /已保存/ })
          .click();
        await page.getByTestId('import-secrets').waitFor({ state: 'detached' });
        const d = await gql(
          'query ($l: String!) { accounts(first: 2, where: {login: $l}) { edges { node { role mustChangePassword disabled staff { id } } } } }',
          { l: PERSON.login },
          x.token,
        );
        const a = d.accounts.edges.map((e) => e.node);
        assert(
          a.length === 1 && a[0].role === 'STAFF' && a[0].mustChangePassword && !a[0].disabled && a[0].staff?.id === x.staffId,
          `account ${JSON.stringify(a)}`,
        );
        // The history lists the three applied imports.
        await page.goto(`${URL_}/imports?tab=history`);
        await page.getByTestId('import-history').locator('.ant-table-row').first().waitFor();
        const applied = await page.getByTestId('import-history').getByText('已导入').count();
        assert(applied >= 3, `history shows ${applied} applied batches`);
        await shot(page, 'import-history');
      },
    );

    await step('export: the departments as they are now come out as a file the importer reads back unchanged', async () => {
      const { page } = admin;
      await page.goto(`${URL_}/imports?tab=export`);
      await page.getByTestId('export-kinds').waitFor();
      await shot(page, 'import-exports');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-DEPARTMENTS-csv').click()]);
      const file = join(dir, download.suggestedFilename());
      assert(file.endsWith('.csv'), `export "${download.suggestedFilename()}"`);
      await download.saveAs(file);
      await page.getByRole('tab', { name: '导入', exact: true }).click();
      await chooseKind(page, '部门');
      await upload(page, file);
      await page.getByTestId('check-ok').waitFor();
      const [created, updated, unchanged] = await Promise.all(
        ['report-created', 'report-updated', 'report-unchanged'].map((id) => page.getByTestId(id).textContent()),
      );
      assert(
        created === '0' && updated === '0' && unchanged === '5',
        `round trip: ${created} created, ${updated} updated, ${unchanged} unchanged`,
      );
    });

    await step(`task: the admin gives ${DEPT} a task (API)`, async () => {
      const due = new Date(Date.now() + 7 * 86400_000).toISOString();
      const d = await gql(
        'mutation ($in: CreateTaskInput!) { createTask(input: $in) { id title leadDepartment { code } } }',
        { in: { title: TASK, kind: 'ROUTINE', leadDepartment: x.dept.id, dueAt: due } },
        x.token,
      );
      assert(d.createTask.leadDepartment.code === 'AG02', `task ${JSON.stringify(d.createTask)}`);
      x.task = d.createTask;
    });

    await step(
      'the person signs in with the one-time password, must change it, and sees the department’s task on /tasks',
      async () => {
        person = await openBrowser();
        const { page } = person;
        await signIn(page, PERSON.login, x.oneTime);
        x.personPassword = `Zm-${STAMP}-换个新密码`;
        await changePassword(page, x.oneTime, x.personPassword);
        await page.waitForURL(/\/tasks/);
        await page.getByTestId('viewer-name').waitFor();
        await settle(page);
        const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: TASK });
        if ((await row.count()) === 0) await page.getByRole('tab', { name: '本部门任务' }).click();
        await row.first().waitFor();
        await shot(page, 'onboarding-tasks');
        // Independently: the new password works, the one-time one does not, and the API shows the task.
        const l = await login(PERSON.login, x.personPassword);
        assert(!l.viewer.mustChangePassword, 'still must change the password');
        let refused = false;
        try {
          await login(PERSON.login, x.oneTime);
        } catch (e) {
          refused = e.errors?.some((g) => g.extensions?.code === 'UNAUTHENTICATED');
        }
        assert(refused, 'the one-time password still signs in');
        const d = await gql(
          'query ($id: ID!) { viewer { staff { department { code } } } node(id: $id) { ... on Task { title leadDepartment { code } } } }',
          { id: x.task.id },
          l.accessToken,
        );
        assert(d.viewer.staff.department.code === 'AG02' && d.node?.title === TASK, `person sees ${JSON.stringify(d)}`);
      },
    );

    await step('a disabled account is told so at login, not “wrong password” (API: ACCOUNT_DISABLED)', async () => {
      const { page } = person;
      const d = await gql(
        'query ($l: String!) { accounts(first: 1, where: {login: $l}) { edges { node { id } } } }',
        { l: PERSON.login },
        x.token,
      );
      await gql(
        'mutation ($id: ID!) { updateAccount(id: $id, input: {disabled: true}) { disabled } }',
        { id: d.accounts.edges[0].node.id },
        x.token,
      );
      // Disabling ended the person's session: the SPA goes back to the login page.
      await page.goto(`${URL_}/tasks`);
      await page.waitForURL(/\/login/);
      await page.getByLabel('用户名').fill(PERSON.login);
      await page.getByLabel('密码').fill(x.personPassword);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByTestId('login-error').filter({ hasText: '已被停用' }).waitFor();
      const text = await page.getByTestId('login-error').textContent();
      assert(!text.includes('用户名或密码不正确'), `login error "${text}"`);
      let reason = null;
      try {
        await login(PERSON.login, x.personPassword);
      } catch (e) {
        reason = e.errors?.[0]?.extensions?.reason;
      }
      assert(reason === 'ACCOUNT_DISABLED', `API login of a disabled account: reason ${reason}`);
    });

    await step(
      'no console errors, page errors, failed requests or HTTP errors',
      async () => {
        noProblems([...(admin?.problems ?? ['no browser']), ...(person?.problems ?? [])]);
      },
      { always: true },
    );
  } finally {
    await admin?.close();
    await person?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
