// The public (no login): files an efficiency complaint from a department's own link (the QR code at its
// service window), keeps the tracking code, and follows the complaint as it is accepted.
import { apiLogin, assert, BASE_URL, graphql, journey, noProblems, openBrowser, settle, shot } from './lib.mjs';

const TEXT = '到物资供应部办理劳保用品申领，被要求找安全环保部，安全环保部又让回物资供应部，来回跑了三趟没人办。';

export async function publicComplaint() {
  const step = journey('public');
  const x = {};
  let b;
  try {
    await step('API: the department’s complaint link', async () => {
      x.leader = await apiLogin('leader');
      const d = await graphql('query { departments(first: 5, where: {name: "物资供应部"}) { edges { node { id name } } } }', {}, x.leader);
      x.dept = d.departments.edges[0].node;
    });

    await step('the login page links to the public complaint page', async () => {
      b = await openBrowser({ width: 1280, height: 900 });
      const { page } = b;
      await page.goto(`${BASE_URL}/login`);
      await page.getByRole('link', { name: /效能投诉/ }).click();
      await page.waitForURL(/\/complaint$/);
      await page.getByRole('heading', { name: '效能投诉' }).waitFor();
    });

    await step('file anonymously from the department’s link; a tracking code comes back', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/complaint?dept=${x.dept.id}&deptName=${encodeURIComponent(x.dept.name)}`);
      await page.getByTestId('complaint-department').filter({ hasText: x.dept.name }).waitFor();
      await page.getByTestId('complaint-text').fill(TEXT);
      await shot(page, 'complaint');
      await page.getByTestId('complaint-submit').click();
      const code = page.getByTestId('tracking-code');
      await code.waitFor();
      x.code = (await code.textContent())?.trim();
      assert(x.code && x.code.length >= 6, `tracking code "${x.code}"`);
      const c = await graphql(
        'query ($c: String!) { complaints(first: 1, where: {trackingCode: $c}) { edges { node { id text status anonymous department { id } } } } }',
        { c: x.code },
        x.leader,
      );
      const n = c.complaints.edges[0]?.node;
      assert(n && n.text === TEXT && n.status === 'RECEIVED' && n.anonymous && n.department.id === x.dept.id, `API: ${JSON.stringify(n)}`);
      x.id = n.id;
    });

    await step('track: the code shows 已收到; after acceptance it shows 已受理', async () => {
      const { page } = b;
      await page.getByRole('button', { name: /查询进度/ }).click();
      await page.getByTestId('track-status').filter({ hasText: '已收到' }).waitFor();
      await graphql('mutation ($id: ID!) { handleComplaint(id: $id, input: {action: ACCEPT}) { status } }', { id: x.id }, x.leader);
      // A new visitor with only the code (e.g. days later, on another device).
      await page.goto(`${BASE_URL}/complaint?code=${encodeURIComponent(x.code)}`);
      await page.getByTestId('track-status').filter({ hasText: '已受理' }).waitFor();
      await settle(page);
      await shot(page, 'complaint-track');
    });

    await step('English: the same page, all in English', async () => {
      const { page } = b;
      await page.locator('.ant-segmented-item').filter({ hasText: 'English' }).first().click();
      await page.getByRole('heading', { name: 'Efficiency complaint' }).waitFor();
      await page.getByTestId('track-status').filter({ hasText: 'Accepted' }).waitFor();
      await page.getByRole('tab', { name: 'File a complaint' }).waitFor();
      await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).first().click();
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
  }
}
