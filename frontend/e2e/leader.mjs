// Leader (领导): signs in, checks the header and the task list against the API, opens the cockpit,
// drills from the heatmap to a department, a person, one of their tasks and its timeline; then the
// same cockpit in English.
import { apiLogin, assert, BASE_URL, graphql, journey, noProblems, openBrowser, settle, shot, uiLogin, PASSWORD } from './lib.mjs';

export async function leader() {
  const step = journey('leader');
  const expect = {};
  let b;
  try {
    await step('API: the viewer, the first tasks and the cockpit, read independently', async () => {
      const token = await apiLogin('leader');
      const v = await graphql('query { viewer { staff { name department { name } } } }', {}, token);
      expect.name = v.viewer.staff?.name;
      expect.department = v.viewer.staff?.department?.name;
      const t = await graphql(
        'query { tasks(first: 20, orderBy: {field: DUE_AT, direction: ASC}) { totalCount edges { node { title } } } }',
        {},
        token,
      );
      expect.total = t.tasks.totalCount;
      expect.firstTitle = t.tasks.edges[0].node.title;
      const c = await graphql('query { cockpit { overdueCount imbalance { overloadedCount } } loadSeries { rows { department { name } } } }', {}, token);
      expect.overdue = c.cockpit.overdueCount;
      expect.overloaded = c.cockpit.imbalance.overloadedCount;
      expect.firstHeatRow = c.loadSeries.rows[0]?.department.name;
      assert(expect.firstHeatRow, 'the heatmap has no rows');
    });

    await step('login page: / leads to the sign-in card', async () => {
      b = await openBrowser();
      await b.page.goto(`${BASE_URL}/`);
      await b.page.waitForURL(/\/login$/);
      await b.page.getByLabel('用户名').waitFor();
      await shot(b.page, 'login');
    });

    await step('login: the header shows the viewer from the API', async () => {
      const { page } = b;
      await page.getByLabel('用户名').fill('leader');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL(/\/cockpit/);
      const shown = (await page.getByTestId('viewer-name').textContent())?.trim();
      assert(shown === expect.name, `header shows "${shown}", API says "${expect.name}"`);
      const dept = (await page.getByTestId('viewer-department').textContent()) ?? '';
      assert(dept.includes(expect.department), `header department "${dept}" lacks "${expect.department}"`);
    });

    await step('cockpit: headline cards show the API figures; charts render', async () => {
      const { page } = b;
      await page.getByTestId('card-overdue').waitFor();
      const overdue = await page.getByTestId('card-overdue').textContent();
      assert(overdue.includes(String(expect.overdue)), `overdue card "${overdue}", API says ${expect.overdue}`);
      const over = await page.getByTestId('card-overloaded').textContent();
      assert(over.includes(String(expect.overloaded)), `overloaded card "${over}", API says ${expect.overloaded}`);
      for (const id of ['chart-heatmap', 'chart-distribution', 'chart-few', 'chart-lead', 'chart-flow', 'chart-meeting', 'chart-ranking', 'chart-trend']) {
        await page.getByTestId(id).locator('canvas').first().waitFor();
      }
      await shot(page, 'cockpit');
    });

    let staffName;
    let taskTitle;
    await step('cockpit: a click on the heatmap opens the department, then a person', async () => {
      const { page } = b;
      const heat = page.getByTestId('chart-heatmap');
      await heat.scrollIntoViewIfNeeded();
      const [x, y] = await heat.evaluate((el) => {
        const chart = el.querySelector('div').__xnChart ?? el.querySelector('[_echarts_instance_]')?.__xnChart;
        return chart.convertToPixel({ seriesIndex: 0 }, [0, 0]);
      });
      const box = await heat.locator('canvas').first().boundingBox();
      await page.mouse.click(box.x + x, box.y + y);
      await page.waitForURL(/drill=dept(:|%3A)/);
      const title = (await page.getByTestId('drill-title').textContent())?.trim();
      assert(title === expect.firstHeatRow, `drill shows "${title}", the heatmap's first row is "${expect.firstHeatRow}"`);
      const first = page.getByTestId('drill-staff').locator('tr.ant-table-row').first();
      await first.waitFor();
      staffName = (await first.locator('.drill-staff-name').textContent())?.trim();
      await first.click();
      await page.waitForURL(/staff(:|%3A)/);
      const shown = (await page.getByTestId('drill-staff-title').textContent())?.trim();
      assert(shown === staffName, `staff drill shows "${shown}", clicked "${staffName}"`);
      await settle(page);
    });

    await step('cockpit: the person’s task opens with its timeline', async () => {
      const { page } = b;
      const link = page.getByTestId('drill-tasks').locator('.drill-task').first();
      await link.waitFor();
      taskTitle = (await link.textContent())?.trim();
      await link.click();
      await page.waitForURL(/\/tasks\/\d+/);
      const shown = (await page.getByTestId('task-title').textContent())?.trim();
      assert(shown === taskTitle, `task page shows "${shown}", clicked "${taskTitle}"`);
      await page.getByTestId('task-timeline').waitFor();
      const events = await page.getByTestId('task-timeline').locator('[data-event]').count();
      assert(events >= 1, 'the timeline is empty');
      const id = page.url().split('/').pop();
      const d = await graphql('query ($id: ID!) { node(id: $id) { ... on Task { title timeline { id } } } }', { id }, await apiLogin('leader'));
      assert(d.node.title === taskTitle && d.node.timeline.length === events, `timeline shows ${events} events, API ${d.node.timeline.length}`);
      await shot(page, 'task-detail');
    });

    await step('tasks: 工作任务 lists the same first task as the API', async () => {
      const { page } = b;
      await page.getByRole('menuitem', { name: /工作任务/ }).click();
      await page.waitForURL(/\/tasks$/);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      await settle(page);
      const title = (await rows.first().locator('.task-title').textContent())?.trim();
      assert(title === expect.firstTitle, `first row "${title}", API says "${expect.firstTitle}"`);
      const total = (await page.getByTestId('tasks-total').textContent()) ?? '';
      assert(total.includes(String(expect.total)), `total "${total}" lacks ${expect.total}`);
      await shot(page, 'tasks');
    });

    await step('English: the cockpit switches to English throughout', async () => {
      const { page } = b;
      await page.getByRole('menuitem', { name: /领导驾驶舱/ }).click();
      await page.getByTestId('card-overdue').waitFor();
      await page.locator('.ant-segmented-item').filter({ hasText: 'English' }).first().click();
      await page.getByRole('heading', { name: 'Leader cockpit' }).waitFor();
      await page.getByText('On-time rate').first().waitFor();
      const menu = (await page.locator('.ant-layout-sider').textContent()) ?? '';
      assert(!/[\u4e00-\u9fff]/.test(menu.replace('效能', '').replace('效', '')), `menu still has Chinese: ${menu}`);
      await shot(page, 'cockpit-en');
      await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).first().click();
      await page.getByRole('heading', { name: '领导驾驶舱' }).waitFor();
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
  }
}

export { uiLogin };
