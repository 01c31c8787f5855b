// Agency staff (机关干部): finds an open task of their department, transfers it to another department —
// the reason is required — and sees the transfer on the timeline; the API confirms it.
import { apiLogin, assert, choose, graphql, journey, noProblems, openBrowser, settle, shot, uiLogin } from './lib.mjs';

const REASON = '经核实属信息中心职责范围（责任清单：办公设备维护），转信息中心办理';

export async function staff() {
  const step = journey('staff');
  const x = {};
  let b;
  try {
    await step('API: an open task led by the staff member’s department', async () => {
      const token = await apiLogin('staff');
      x.token = token;
      const v = await graphql('query { viewer { staff { id department { id name } } } }', {}, token);
      x.dept = v.viewer.staff.department;
      x.me = v.viewer.staff.id;
      const t = await graphql(
        `query ($d: ID!) { tasks(first: 100, where: {leadDepartmentID: $d, statusIn: [NEW, ACCEPTED, IN_PROGRESS]},
           orderBy: {field: DUE_AT, direction: DESC}) { edges { node { id title assignments { staff { id } } coDepartments { id } } } } }`,
        { d: x.dept.id },
        token,
      );
      const open = t.tasks.edges.map((e) => e.node);
      // A task the staff member sees only because their department leads it (not assigned to them, not a
      // co-department's), so that the transfer takes it out of their sight; and with a title no other open
      // task of the department has, so that the search below opens this one.
      const fits = (n) =>
        open.filter((o) => o.title === n.title).length === 1 &&
        !(n.assignments ?? []).some((a) => a.staff.id === x.me) &&
        !(n.coDepartments ?? []).some((c) => c.id === x.dept.id);
      const found = open.find((n) => fits(n) && n.title.includes('调研')) ?? open.find(fits);
      x.task = found && { id: found.id, title: found.title };
      assert(x.task, `no open task led by ${x.dept.name}`);
      const d = await graphql('query { departments(first: 100, where: {name: "信息中心"}) { edges { node { id name } } } }', {}, token);
      x.target = d.departments.edges[0].node;
      assert(x.target.id !== x.dept.id, 'the staff member works in 信息中心 already');
    });

    await step('tasks: filter to my department and find the task by its title', async () => {
      b = await openBrowser();
      const { page } = b;
      await uiLogin(page, 'staff');
      await page.waitForURL(/\/tasks/);
      await page.getByRole('tab', { name: '本部门任务' }).click();
      await page.getByPlaceholder('按任务名称搜索').fill(x.task.title);
      await page.getByPlaceholder('按任务名称搜索').press('Enter');
      // Recurring work repeats titles: take the open one.
      const row = page
        .locator('.ant-table-tbody tr.ant-table-row')
        .filter({ hasText: x.task.title })
        .filter({ hasNot: page.locator('[data-status="DONE"], [data-status="CANCELLED"]') })
        .first();
      await row.waitFor();
      await settle(page);
      await row.locator('.task-title').click();
      await page.waitForURL(/\/tasks\/\d+$/);
      x.task.id = page.url().split('/').pop();
      const t = await graphql('query ($id: ID!) { node(id: $id) { ... on Task { status leadDepartment { id } } } }', { id: x.task.id }, x.token);
      assert(['NEW', 'ACCEPTED', 'IN_PROGRESS'].includes(t.node.status) && t.node.leadDepartment.id === x.dept.id, `opened ${JSON.stringify(t.node)}`);
      await page.getByTestId('task-timeline').waitFor();
      await page.getByTestId('task-first-responder').waitFor();
    });

    await step('transfer: a reason is required', async () => {
      const { page } = b;
      await page.getByTestId('action-transfer').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '转办任务' });
      await dialog.waitFor();
      await choose(page, dialog.locator('.ant-select').first(), '信息', '信息中心');
      await dialog.getByRole('button', { name: /确认转办/ }).click();
      await dialog.getByText('转办理由不能为空').waitFor();
      await shot(page, 'transfer');
    });

    await step('transfer: with a reason the task moves to the other department (API: on the timeline)', async () => {
      const { page } = b;
      const dialog = page.locator('.ant-modal').filter({ hasText: '转办任务' });
      await dialog.getByTestId('transfer-reason').fill(REASON);
      await dialog.getByRole('button', { name: /确认转办/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      // The task now belongs to the other department: the staff member sees the confirmation.
      await page.getByTestId('transfer-result').filter({ hasText: REASON }).waitFor();
      await page.getByText(`已转办至${x.target.name}`).waitFor();
      const d = await graphql(
        'query ($id: ID!) { node(id: $id) { ... on Task { status leadDepartment { id } timeline { type reason fromDepartment { id } toDepartment { id } } } } }',
        { id: x.task.id },
        await apiLogin('leader'),
      );
      const last = d.node.timeline.filter((e) => e.type === 'TRANSFERRED').pop();
      assert(d.node.leadDepartment.id === x.target.id, `API: lead is ${d.node.leadDepartment.id}, want ${x.target.id}`);
      assert(last?.reason === REASON && last.fromDepartment.id === x.dept.id && last.toDepartment.id === x.target.id, `API: last transfer ${JSON.stringify(last)}`);
      assert(d.node.status === 'NEW', `API: status ${d.node.status} after a transfer, want NEW`);
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
  }
}
