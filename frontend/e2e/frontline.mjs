// Frontline unit (一线单位) on a phone (375 px): rates a department 2 stars with a comment — a bad rating
// that opens a rectification; once the department answers, judges the rectification; looks up 找谁办
// and files a request; confirms a visit.
import { apiLogin, assert, choose, graphql, journey, noProblems, openBrowser, settle, shot, uiLogin } from './lib.mjs';

const COMMENT = '申领劳保用品三次未到位，多次电话无人回复';

async function openMenu(page, label) {
  const trigger = page.getByRole('button', { name: '切换菜单' });
  if (!(await page.getByRole('menuitem', { name: label }).isVisible())) await trigger.click();
  await page.getByRole('menuitem', { name: label }).click();
}

export async function frontline() {
  const step = journey('frontline');
  const x = {};
  let b;
  try {
    await step('API: the unit and the department to rate', async () => {
      x.token = await apiLogin('frontline');
      const d = await graphql('query { departments(first: 5, where: {name: "物资供应部"}) { edges { node { id name } } } }', {}, x.token);
      x.target = d.departments.edges[0].node;
      const before = await graphql('query { myRatings(first: 1) { totalCount } }', {}, x.token);
      x.before = before.myRatings.totalCount;
    });

    await step('rate on a phone: 2 stars, a comment; the form warns of the rectification', async () => {
      b = await openBrowser({ width: 375, height: 812, mobile: true });
      const { page } = b;
      await uiLogin(page, 'frontline');
      await page.waitForURL(/\/rating$/);
      await page.getByTestId('rating-form').waitFor();
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(scroll <= 375, `the rating page is ${scroll}px wide on a 375px phone`);
      await choose(page, page.getByTestId('rate-department'), '物资', x.target.name);
      const overall = page.locator('.ant-form-item').filter({ hasText: '总体评价' }).locator('li.ant-rate-star');
      await overall.nth(1).click();
      await page.getByTestId('score-label').filter({ hasText: '不满意' }).waitFor();
      await page.getByTestId('rate-comment').fill(COMMENT);
      await shot(page, 'rating-phone');
    });

    await step('rate: submitting opens a rectification (API: the rating is mine, score 2)', async () => {
      const { page } = b;
      await page.getByTestId('rate-submit').click();
      await page.getByTestId('rating-result').filter({ hasText: '整改' }).waitFor();
      const r = await graphql(
        'query { myRatings(first: 1, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount edges { node { id score comment targetDepartment { id } rectification { id status } } } } }',
        {},
        x.token,
      );
      const n = r.myRatings.edges[0].node;
      assert(r.myRatings.totalCount === x.before + 1, `myRatings ${r.myRatings.totalCount}, want ${x.before + 1}`);
      assert(n.score === 2 && n.comment === COMMENT && n.targetDepartment.id === x.target.id, `rating ${JSON.stringify(n)}`);
      assert(n.rectification?.status === 'OPEN', `rectification ${JSON.stringify(n.rectification)}`);
      x.rating = n.id;
      x.rect = n.rectification.id;
    });

    await step('the department answers the rectification (API, as its leader)', async () => {
      const d = await graphql(
        'mutation ($id: ID!) { answerRectification(id: $id, answer: "已约谈相关人员，劳保用品已于次日配送到位，并建立申领回访机制。") { status } }',
        { id: x.rect },
        await apiLogin('leader'),
      );
      assert(d.answerRectification.status === 'ANSWERED', JSON.stringify(d));
    });

    await step('my ratings: the rectification awaits my verdict; 满意 closes it', async () => {
      const { page } = b;
      await openMenu(page, '我的评价');
      await page.waitForURL(/\/my-ratings$/);
      const card = page.locator(`[data-rating="${x.rating}"]`);
      await card.waitFor();
      await card.getByTestId('rect-status').filter({ hasText: '待评价' }).waitFor();
      await settle(page);
      await shot(page, 'my-ratings-phone');
      await card.getByTestId('judge-SATISFIED').click();
      await card.getByTestId('rect-status').filter({ hasText: '已办结' }).waitFor();
      const r = await graphql('query ($id: ID!) { node(id: $id) { ... on Rectification { status verdict } } }', { id: x.rect }, x.token);
      assert(r.node.status === 'CLOSED' && r.node.verdict === 'SATISFIED', `API: ${JSON.stringify(r.node)}`);
    });

    await step('找谁办: 落水管 shows the responsible department; a request is filed in one click', async () => {
      const { page } = b;
      const api = await graphql('query { findResponsible(query: "落水管") { item { id } responsibleDepartment { name } } }', {}, x.token);
      const best = api.findResponsible.find((m) => m.responsibleDepartment);
      assert(best, '找谁办 finds nobody for 落水管');
      await openMenu(page, '找谁办');
      await page.getByTestId('find-input').locator('input').fill('落水管');
      await page.getByTestId('find-input').locator('input').press('Enter');
      const first = page.getByTestId('find-result').first();
      await first.waitFor();
      const shown = (await first.getByTestId('find-responsible').textContent())?.trim();
      assert(shown === api.findResponsible[0].responsibleDepartment?.name, `shows "${shown}", API "${api.findResponsible[0].responsibleDepartment?.name}"`);
      await shot(page, 'find-phone');
      const before = await graphql('query { tasks(first: 1, where: {kind: REQUEST}) { totalCount } }', {}, x.token);
      await first.getByTestId('file-request').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '提交诉求' });
      await dialog.locator('textarea').fill('第一车间东侧落水管破裂，雨天漏水进配电间，请尽快维修');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await dialog.getByText('诉求已提交').waitFor();
      const after = await graphql('query { tasks(first: 1, where: {kind: REQUEST}) { totalCount } }', {}, x.token);
      assert(after.tasks.totalCount === before.tasks.totalCount + 1, `requests ${before.tasks.totalCount} → ${after.tasks.totalCount}`);
      await dialog.locator('.ant-modal-footer button').click();
    });

    await step('下沉服务: confirm a visit to the unit', async () => {
      const { page } = b;
      const q = 'query { serviceVisits(first: 1, where: {confirmed: true}) { totalCount } }';
      const before = (await graphql(q, {}, x.token)).serviceVisits.totalCount;
      await openMenu(page, '下沉服务');
      await page.waitForURL(/\/visits$/);
      const confirm = page.getByTestId('visit-confirm').first();
      await confirm.waitFor();
      await confirm.click();
      await page.getByText('已确认').first().waitFor();
      await settle(page);
      const after = (await graphql(q, {}, x.token)).serviceVisits.totalCount;
      assert(after === before + 1, `confirmed visits ${before} → ${after}`);
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => noProblems(b?.problems ?? ['no browser']), {
      always: true,
    });
  } finally {
    await b?.close();
  }
}
