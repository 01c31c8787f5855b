// Organisation admin (组织机构维护): the admin maintains the department tree on /org — creates a department
// under the agency and one below it, renames the first, tries to move it under its own child (the server
// refuses: a cycle), merges the child into another department after reading the preview, closes the
// first with a successor after reading that preview — and changes a setting on /admin?tab=settings.
// Every result is read back through the API. It works on departments of its own (a suffix per run) and
// leaves the demo as it found it: its departments end closed, its staff member inactive, the setting reset.
import { apiLogin, assert, BASE_URL, chooseShown, graphql, journey, noProblems, openBrowser, settle, shot, uiLogin } from './lib.mjs';

const DEPT = `query ($id: ID!) { node(id: $id) { ... on Department { id name code parentID closedAt successor { id } } } }`;
const BY_CODE = `query ($code: String!) { departments(first: 1, where: {code: $code}) { edges { node { id name parentID closedAt } } } }`;
const SETTING_KEY = 'deadlines.hand_back_days';

export async function orgadmin() {
  const step = journey('orgadmin');
  const sfx = Date.now().toString(36).slice(-5).toUpperCase();
  const x = {
    a: { name: `端到端甲处${sfx}`, code: `E2EA${sfx}` },
    b: { name: `端到端乙科${sfx}`, code: `E2EB${sfx}` },
    c: { name: `端到端承接处${sfx}`, code: `E2EC${sfx}` },
    renamed: `端到端甲处（更名）${sfx}`,
  };
  let b;
  const byCode = async (code) => (await graphql(BY_CODE, { code }, x.token)).departments.edges[0]?.node;
  const node = async (id) => (await graphql(DEPT, { id }, x.token)).node;
  const select = async (page, code) => {
    await page.getByTestId('dept-tree').locator(`[data-testid="dept-node"][data-code="${code}"]`).click();
    await page.getByTestId('dept-detail-code').filter({ hasText: code }).waitFor();
  };

  try {
    await step('API: the agency, a department to take over (承接) and the setting in force', async () => {
      x.token = await apiLogin('admin');
      const s = await graphql('query { setupStatus { root { id name } } settings { key number min max isDefault } }', {}, x.token);
      x.root = s.setupStatus.root;
      assert(x.root, 'no agency');
      x.setting = s.settings.find((e) => e.key === SETTING_KEY);
      assert(x.setting, `no setting ${SETTING_KEY}`);
      const c = await graphql(
        'mutation ($p: ID!, $n: String!, $c: String!) { createDepartment(input: {name: $n, code: $c, kind: AGENCY, parent: $p, sortOrder: 900}) { id } }',
        { p: x.root.id, n: x.c.name, c: x.c.code },
        x.token,
      );
      x.c.id = c.createDepartment.id;
    });

    await step('部门: the tree shows the agency; a department is created under it (checked through the API)', async () => {
      b = await openBrowser();
      const { page } = b;
      await uiLogin(page, 'admin');
      await page.goto(`${BASE_URL}/org`);
      await page.getByTestId('dept-tree').getByText(x.root.name, { exact: true }).waitFor();
      await page.getByTestId('dept-tree').getByText(x.c.name).waitFor();
      await settle(page);
      await shot(page, 'org-departments');
      await page.getByTestId('dept-tree').getByText(x.root.name, { exact: true }).click();
      await page.getByTestId('dept-detail-name').filter({ hasText: x.root.name }).waitFor();
      await page.getByTestId('dept-create').click();
      await page.getByTestId('dept-form-name').fill(x.a.name);
      await page.getByTestId('dept-form-code').fill(x.a.code);
      await page.getByTestId('dept-form-sort').fill('901');
      await page.getByTestId('dept-form-quota').fill('6');
      await page.getByTestId('dept-form-ok').click();
      await page.getByTestId('dept-detail-code').filter({ hasText: x.a.code }).waitFor();
      const a = await byCode(x.a.code);
      assert(a && a.name === x.a.name && a.parentID === x.root.id && !a.closedAt, `API: ${JSON.stringify(a)}`);
      x.a.id = a.id;
    });

    await step('a department below the new one, then the new one renamed (checked through the API)', async () => {
      const { page } = b;
      await page.getByTestId('dept-create').click();
      await page.getByTestId('dept-form-name').fill(x.b.name);
      await page.getByTestId('dept-form-code').fill(x.b.code);
      await page.getByTestId('dept-form-ok').click();
      await page.getByTestId('dept-detail-code').filter({ hasText: x.b.code }).waitFor();
      const bb = await byCode(x.b.code);
      assert(bb && bb.parentID === x.a.id, `API: ${JSON.stringify(bb)}`);
      x.b.id = bb.id;

      await select(page, x.a.code);
      await page.getByTestId('dept-edit').click();
      await page.getByTestId('dept-form-name').fill(x.renamed);
      await page.getByTestId('dept-form-ok').click();
      await page.getByTestId('dept-detail-name').filter({ hasText: x.renamed }).waitFor();
      const a = await node(x.a.id);
      assert(a.name === x.renamed && a.code === x.a.code, `API: ${JSON.stringify(a)}`);
    });

    await step('moving it under its own child is refused, with the server’s reason on the field', async () => {
      const { page } = b;
      await page.getByTestId('dept-move').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '移动部门' });
      await chooseShown(page, dialog.locator('.ant-select').first(), x.b.code, x.b.name);
      await page.getByTestId('dept-move-ok').click();
      const err = dialog.locator('.ant-form-item-explain-error').filter({ hasText: '循环' });
      await err.waitFor();
      await shot(page, 'org-move-refused');
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
      const a = await node(x.a.id);
      assert(a.parentID === x.root.id, `API: moved anyway: ${JSON.stringify(a)}`);
    });

    await step('merge: the preview says what moves (a staff member), then the merge is confirmed (checked through the API)', async () => {
      const { page } = b;
      const s = await graphql(
        'mutation ($d: ID!, $n: String!) { createStaff(input: {name: $n, employeeNo: $n, department: $d, weeklyCapacityHours: 0}) { id } }',
        { d: x.b.id, n: `E2E${sfx}` },
        x.token,
      );
      x.staff = s.createStaff.id;
      await select(page, x.b.code);
      await page.getByTestId('dept-merge').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '合并部门' });
      await chooseShown(page, dialog.locator('.ant-select').first(), x.c.code, x.c.name);
      const moves = dialog.getByTestId('dept-change-moves');
      await moves.filter({ hasText: '在岗人员 1 人' }).waitFor();
      await dialog.getByText(`「${x.b.name}」并入「${x.c.name}」后将被撤销。`).waitFor();
      await shot(page, 'org-merge-preview');
      await page.getByTestId('dept-change-ok').click();
      await page.getByTestId('dept-detail-code').filter({ hasText: x.c.code }).waitFor();
      const merged = await node(x.b.id);
      assert(merged.closedAt && merged.successor?.id === x.c.id, `API: ${JSON.stringify(merged)}`);
      const st = await graphql('query ($id: ID!) { node(id: $id) { ... on Staff { department { id } } } }', { id: x.staff }, x.token);
      assert(st.node.department.id === x.c.id, `API: the staff member is in ${JSON.stringify(st.node)}`);
      // The merged department stays in the tree, marked closed.
      const closedNode = page.getByTestId('dept-tree').locator(`[data-testid="dept-node"][data-code="${x.b.code}"]`);
      await closedNode.filter({ hasText: '已撤销' }).waitFor();
    });

    await step('close: the preview with a successor is read, then the close is confirmed (checked through the API)', async () => {
      const { page } = b;
      await select(page, x.a.code);
      await page.getByTestId('dept-close').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '撤销部门' });
      await dialog.getByTestId('dept-change-summary').waitFor();
      await chooseShown(page, dialog.locator('.ant-select').first(), x.c.code, x.c.name);
      await dialog.getByText(`撤销「${x.renamed}」，由「${x.c.name}」接替。`).waitFor();
      await page.getByTestId('dept-change-ok').and(page.locator(':enabled')).waitFor();
      await page.getByTestId('dept-change-ok').click();
      await page.getByTestId('dept-detail-status').filter({ hasText: '已于' }).waitFor();
      const a = await node(x.a.id);
      assert(a.closedAt && a.successor?.id === x.c.id, `API: ${JSON.stringify(a)}`);
      await shot(page, 'org-closed');
    });

    await step('the tree exports to Excel', async () => {
      const { page } = b;
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-departments').click()]);
      const name = download.suggestedFilename();
      assert(name.endsWith('.xlsx'), `downloaded "${name}"`);
    });

    await step('参数设置: a deadline is changed and saved (checked through the API)', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/admin?tab=settings`);
      const row = page.getByTestId(`setting-${SETTING_KEY}`);
      await row.waitFor();
      await settle(page);
      await shot(page, 'admin-settings');
      x.newValue = x.setting.number >= x.setting.max ? x.setting.min : x.setting.number + 1;
      const input = row.getByRole('spinbutton');
      // Out of range first: refused here, nothing sent.
      await input.fill(String(x.setting.max + 5));
      await page.getByTestId('settings-save').click();
      await row.locator('.ant-form-item-explain-error').filter({ hasText: '之间' }).waitFor();
      await input.fill(String(x.newValue));
      await input.blur();
      await row.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
      await page.getByTestId('settings-save').click();
      await page.locator('.ant-message').getByText('已保存').waitFor();
      const s = await graphql('query { settings { key number isDefault } }', {}, x.token);
      const got = s.settings.find((e) => e.key === SETTING_KEY);
      assert(got.number === x.newValue && !got.isDefault, `API: ${JSON.stringify(got)}`);
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
    // Leave the demo as it was for the journeys after this one.
    await cleanup(x).catch((e) => console.log(`note [orgadmin] cleanup: ${e}`));
  }
}

async function cleanup(x) {
  if (!x.token) return;
  if (x.setting)
    await graphql(
      'mutation ($in: [SettingInput!]!) { updateSettings(input: $in) { key } }',
      { in: [x.setting.isDefault ? { key: SETTING_KEY, reset: true } : { key: SETTING_KEY, number: x.setting.number }] },
      x.token,
    );
  if (x.staff) await graphql('mutation ($id: ID!) { updateStaff(id: $id, input: {active: false}) { id } }', { id: x.staff }, x.token);
  for (const id of [x.b.id, x.a.id, x.c.id]) {
    if (!id) continue;
    const d = await graphql(DEPT, { id }, x.token);
    if (!d.node.closedAt) await graphql('mutation ($id: ID!) { closeDepartment(id: $id) { action } }', { id }, x.token).catch(() => undefined);
  }
}
