// Admin (系统管理员): the pages the other journeys do not pass through — rectifications and appeals, the
// complaint queue with an Excel export, the work calendar, accounts, the integration page (GraphiQL with
// the guide's examples, API tokens: create, shown once, revoke) — each must render without errors.
import { apiLogin, assert, BASE_URL, graphql, journey, noProblems, openBrowser, settle, shot, uiLogin } from './lib.mjs';

export async function admin() {
  const step = journey('admin');
  let b;
  try {
    await step('rectifications and pending appeals render', async () => {
      b = await openBrowser();
      const { page } = b;
      await uiLogin(page, 'admin');
      await page.goto(`${BASE_URL}/rectifications`);
      await page.locator('.ant-table-tbody').first().waitFor();
      await shot(page, 'rectifications');
      await page.getByRole('tab', { name: '申诉复核' }).click();
      await page.waitForURL(/tab=appeals/);
      await settle(page);
    });

    await step('complaint queue: rows match the API and 导出 Excel downloads a workbook', async () => {
      const { page } = b;
      const d = await graphql(
        'query { complaints(first: 1, where: {statusIn: [RECEIVED, ACCEPTED, INVESTIGATING]}) { totalCount } }',
        {},
        await apiLogin('admin'),
      );
      await page.goto(`${BASE_URL}/complaints`);
      await page.locator('.ant-table-tbody').first().waitFor();
      await settle(page);
      const total = (await page.getByTestId('pager-total').textContent().catch(() => '')) ?? '';
      assert(d.complaints.totalCount === 0 || total.includes(String(d.complaints.totalCount)), `total "${total}", API ${d.complaints.totalCount}`);
      await shot(page, 'complaints');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-complaints').click()]);
      const name = download.suggestedFilename();
      assert(name.endsWith('.xlsx') && name.startsWith('效能投诉'), `downloaded "${name}"`);
    });

    await step('work calendar and accounts render', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/admin`);
      await page.locator('.ant-picker-calendar').waitFor();
      await shot(page, 'admin-calendar');
      await page.getByRole('tab', { name: '账号与角色' }).click();
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      const logins = await page.locator('.ant-table-tbody code').allTextContents();
      assert(logins.includes('admin'), `accounts list lacks admin: ${logins.join(',')}`);
    });

    await step('integration: GraphiQL opens the guide’s examples; a token is created once and revoked', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/graphiql`);
      await page.locator('.graphiql-container').waitFor({ timeout: 60_000 });
      await page.locator('.graphiql-tab').filter({ hasText: 'Cockpit' }).first().waitFor();
      await settle(page);
      await shot(page, 'graphiql');
      await page.getByRole('tab', { name: '接口令牌' }).click();
      await page.getByTestId('api-tokens').waitFor();
      await page.getByTestId('token-create').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '新建令牌' });
      await dialog.getByTestId('token-name').fill('端到端测试令牌');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      const secret = (await page.getByTestId('token-secret').textContent())?.trim();
      assert(secret?.startsWith('xnt_'), `secret "${secret}"`);
      const v = await graphql('query { viewer { role scopes } }', {}, secret);
      assert(v.viewer.role === 'ADMIN' && !v.viewer.scopes.includes('write:tasks'), `token viewer ${JSON.stringify(v)}`);
      await page.getByRole('button', { name: /我已保存/ }).click();
      const row = page.locator('.ant-table-tbody tr').filter({ hasText: '端到端测试令牌' });
      await row.getByTestId('token-revoke').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: /吊\s*销/ }).click();
      await row.getByText('已吊销').waitFor();
      await shot(page, 'api-tokens');
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
  }
}
