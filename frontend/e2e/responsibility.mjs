// 责任清单 (ADMIN) and 找谁办 (FRONTLINE): the admin adds a synonym group (下水道 = a word of their own item)
// and an item, tries an everyday phrase (下水道堵了) on /responsibility and sees the item; opens 职责空白/交叉
// and fixes a gap (an item of their own nobody is responsible for) right there; exports the list; deletes a
// mistake. A frontline user finds the item on /find, then files a request no item covers, which lands
// with the default receiving department. Every result is checked through the API. The journey makes its
// own items and group (a run tag in their names) and removes them at the end: demo items stay as they are.
import { apiLogin, assert, BASE_URL, choose, graphql, journey, noProblems, openBrowser, settle, shot, uiLogin } from './lib.mjs';

const TAG = Date.now().toString(36).slice(-5).toUpperCase();
const PIPE_WORD = `排水管道${TAG}`;
const ITEM_TITLE = `排水管道疏通（${TAG}）`;
const ITEM_PATH = `联调测试${TAG}/给排水/排水管道`;
const GAP_TITLE = `井盖破损更换（${TAG}）`;
const REQUEST_TEXT = `${TAG} 车间外墙广告牌松动，担心大风天掉落伤人`;
const PHRASE = '下水道堵了';

/** The text input of an antd field whose data-testid sits on the input itself or on its wrapper. */
const inputOf = (scope, id) => scope.locator(`[data-testid=${id}] input, input[data-testid=${id}]`).first();

const ITEM_Q = `query ($id: ID!) { node(id: $id) { ... on ResponsibilityItem { id title retired synonyms keywords responsibleDepartment { id name } } } }`;

export async function responsibility() {
  const step = journey('responsibility');
  const x = {};
  let b;
  let f;
  try {
    await step('API: the admin, a department to make responsible, the default receiving department', async () => {
      x.admin = await apiLogin('admin');
      x.frontline = await apiLogin('frontline');
      const d = await graphql('query { departments(first: 5, where: {nameHasPrefix: "后勤服务中心", kind: AGENCY}) { edges { node { id name } } } }', {}, x.admin);
      x.dept = d.departments.edges[0].node;
      const s = await graphql('query { settings { key department { id name } } }', {}, x.admin);
      const set = s.settings.find((e) => e.key === 'requests.default_department')?.department;
      if (set) x.receiving = set;
      else {
        const o = await graphql('query { departments(first: 5, where: {name: "办公室", kind: AGENCY}) { edges { node { id name } } } }', {}, x.admin);
        x.receiving = o.departments.edges[0].node;
      }
      assert(x.dept && x.receiving, `departments ${JSON.stringify(x)}`);
      // a gap of the journey's own: an item nobody is responsible for
      const g = await graphql(
        'mutation ($input: CreateResponsibilityItemInput!) { createResponsibilityItem(input: $input) { id } }',
        { input: { title: GAP_TITLE, categoryPath: ITEM_PATH.replace('排水管道', '井盖'), keywords: [`井盖${TAG}`] } },
        x.admin,
      );
      x.gap = g.createResponsibilityItem.id;
    });

    await step('synonyms: the admin adds the group 下水道 = their own word (API: the group exists)', async () => {
      b = await openBrowser();
      const { page } = b;
      await uiLogin(page, 'admin');
      await page.goto(`${BASE_URL}/responsibility?tab=synonyms`);
      await page.getByTestId('syn-new').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '新增同义词组' });
      const terms = dialog.getByTestId('syn-terms');
      await terms.click();
      for (const w of ['下水道', PIPE_WORD]) {
        await page.keyboard.type(w);
        await page.keyboard.press('Enter');
      }
      await dialog.getByTestId('syn-note').fill(`联调测试 ${TAG}`);
      await dialog.getByTestId('syn-save').click();
      await page.getByTestId('syn-table').getByText(PIPE_WORD).waitFor();
      const r = await graphql('query { synonymGroups(first: 100, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id terms note } } } }', {}, x.admin);
      const g = r.synonymGroups.edges.map((e) => e.node).find((n) => n.terms.includes(PIPE_WORD));
      assert(g && g.terms.includes('下水道') && g.note === `联调测试 ${TAG}`, `groups: ${JSON.stringify(r.synonymGroups.edges.slice(0, 3))}`);
      x.group = g.id;
    });

    await step('items: the admin adds an item in the drawer (API: its words and responsible department)', async () => {
      const { page } = b;
      await page.getByRole('tab', { name: '事项' }).click();
      await page.getByTestId('resp-new').click();
      const drawer = page.getByTestId('resp-drawer');
      await drawer.waitFor();
      await inputOf(drawer, 'resp-category').fill(ITEM_PATH);
      await drawer.getByTestId('resp-title').fill(ITEM_TITLE);
      await drawer.getByTestId('resp-keywords').click();
      await page.keyboard.type(PIPE_WORD);
      await page.keyboard.press('Enter');
      await drawer.getByTestId('resp-synonyms').click();
      await page.keyboard.type(`管道反水${TAG}`);
      await page.keyboard.press('Enter');
      await choose(page, drawer.getByTestId('resp-responsible'), '后勤', x.dept.name);
      await inputOf(drawer, 'resp-hours').fill('2');
      await inputOf(drawer, 'resp-days').fill('3');
      await drawer.getByTestId('resp-contact').fill('后勤服务中心维修班 6601');
      await shot(page, 'responsibility-drawer');
      await drawer.getByTestId('resp-save').click();
      await drawer.waitFor({ state: 'hidden' });
      const r = await graphql(
        'query ($t: String!) { responsibilityItems(first: 2, where: {title: $t}) { edges { node { id categoryPath keywords synonyms respondWithinHours resolveWithinDays contact responsibleDepartment { id } } } } }',
        { t: ITEM_TITLE },
        x.admin,
      );
      const it = r.responsibilityItems.edges[0]?.node;
      assert(it, `no item "${ITEM_TITLE}"`);
      assert(it.categoryPath === ITEM_PATH && it.keywords.includes(PIPE_WORD) && it.synonyms.includes(`管道反水${TAG}`), JSON.stringify(it));
      assert(it.responsibleDepartment?.id === x.dept.id && it.respondWithinHours === 2 && it.resolveWithinDays === 3, JSON.stringify(it));
      x.item = it.id;
    });

    await step(`search: "${PHRASE}" on /responsibility finds the item through the synonym group, as 找谁办 does (API)`, async () => {
      const { page } = b;
      const api = await graphql('query ($q: String!) { findResponsible(query: $q) { item { id } matched } }', { q: PHRASE }, x.admin);
      const m = api.findResponsible.find((r) => r.item.id === x.item);
      assert(m, `findResponsible("${PHRASE}") does not offer the item: ${JSON.stringify(api.findResponsible.map((r) => r.item.id))}`);
      await inputOf(page, 'resp-search').fill(PHRASE);
      await inputOf(page, 'resp-search').press('Enter');
      const results = page.getByTestId('resp-search-results');
      await results.getByText(ITEM_TITLE).waitFor();
      const rows = await results.locator('tr.ant-table-row').count();
      assert(rows === api.findResponsible.length, `the page shows ${rows} results, the API ${api.findResponsible.length}`);
      await shot(page, 'responsibility-search');
    });

    await step('gaps: the journey\'s unowned item is listed; 修正 opens it; choosing a department fixes it (API)', async () => {
      const { page } = b;
      await page.getByTestId('resp-tab-gaps').click();
      const row = page.locator(`[data-testid=resp-gaps-table] tr[data-item="${x.gap}"]`);
      await row.waitFor();
      await row.getByText('职责空白').first().waitFor();
      await shot(page, 'responsibility-gaps');
      await row.getByTestId('resp-gap-fix').click();
      const drawer = page.getByTestId('resp-drawer');
      await drawer.getByTestId('resp-fix-reason').waitFor();
      await choose(page, drawer.getByTestId('resp-responsible'), '后勤', x.dept.name);
      await drawer.getByTestId('resp-save').click();
      await drawer.waitFor({ state: 'hidden' });
      await row.waitFor({ state: 'detached' });
      const n = await graphql(ITEM_Q, { id: x.gap }, x.admin);
      assert(n.node.responsibleDepartment?.id === x.dept.id, `the gap item: ${JSON.stringify(n.node)}`);
      const g = await graphql('query { responsibilityGaps { itemIds } }', {}, x.admin);
      assert(!g.responsibilityGaps.itemIds.includes(x.gap), 'the item is still listed as a gap');
    });

    await step('export: the list downloads as Excel (the import template\'s columns)', async () => {
      const { page } = b;
      await page.getByRole('tab', { name: '事项' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('resp-export').click()]);
      const name = download.suggestedFilename();
      assert(name.endsWith('.xlsx'), `downloaded "${name}"`);
      await download.delete();
    });

    await step('delete: a mistake no task refers to is deleted after confirming (API: gone)', async () => {
      const { page } = b;
      await page.goto(`${BASE_URL}/responsibility?cat=${encodeURIComponent(ITEM_PATH.replace('排水管道', '井盖'))}`);
      const row = page.locator(`[data-testid=resp-table] tr[data-item="${x.gap}"]`);
      await row.waitFor();
      await row.getByTestId('resp-delete').click();
      await page.getByTestId('resp-confirm-delete').click();
      await row.waitFor({ state: 'detached' });
      const n = await graphql('query ($id: ID!) { responsibilityItems(first: 1, where: {id: $id}) { totalCount } }', { id: x.gap }, x.admin);
      assert(n.responsibilityItems.totalCount === 0, `still there: ${JSON.stringify(n)}`);
      x.gap = null;
      await settle(page);
    });

    await step(`find: the frontline user finds the item on /find with "${PHRASE}"`, async () => {
      f = await openBrowser();
      const { page } = f;
      await uiLogin(page, 'frontline');
      await page.goto(`${BASE_URL}/find`);
      await page.getByTestId('find-input').locator('input').fill(PHRASE);
      await page.getByTestId('find-input').locator('input').press('Enter');
      await page.getByTestId('find-result').filter({ hasText: ITEM_TITLE }).waitFor();
    });

    await step('find: a request no item covers is filed and lands with the default receiving department (API)', async () => {
      const { page } = f;
      await page.getByTestId('find-input').locator('input').fill('广告牌松动');
      await page.getByTestId('find-input').locator('input').press('Enter');
      await page.getByTestId('file-request-anyway').first().waitFor();
      await settle(page);
      await page.getByTestId('file-request-anyway').first().click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '无对应事项' });
      await dialog.getByTestId('file-hint').filter({ hasText: `默认受理部门（${x.receiving.name}）` }).waitFor();
      await dialog.locator('textarea').fill(REQUEST_TEXT);
      await shot(page, 'find-no-item');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await dialog.getByText('诉求已提交').waitFor();
      await dialog.getByText(x.receiving.name).first().waitFor();
      const r = await graphql(
        `query ($t: String!) { tasks(first: 2, where: {kind: REQUEST, titleContains: $t}) { edges { node { id status description leadDepartment { id name } responsibilityItem { id } requestingUnit { name } firstResponder { id } timeline { type reason } } } } }`,
        { t: TAG },
        x.admin,
      );
      const t = r.tasks.edges[0]?.node;
      assert(t, `no request with "${TAG}"`);
      assert(t.description === REQUEST_TEXT, JSON.stringify(t));
      assert(t.leadDepartment.id === x.receiving.id, `lands with ${t.leadDepartment.name}, want ${x.receiving.name}`);
      assert(t.responsibilityItem === null && t.firstResponder === null, JSON.stringify(t));
      const created = t.timeline.find((e) => e.type === 'CREATED');
      assert(created?.reason.includes('默认受理部门'), `CREATED reason: ${created?.reason}`);
      await dialog.locator('.ant-modal-footer button').click();
    });

    await step('no console errors, page errors, failed requests or HTTP errors', async () => {
      noProblems([...(b?.problems ?? ['no browser']), ...(f?.problems ?? [])]);
    }, { always: true });
  } finally {
    await b?.close();
    await f?.close();
    // leave the demo as it was: the journey's own item and group go
    const del = async (m, id) => id && graphql(`mutation ($id: ID!) { ${m}(id: $id) }`, { id }, x.admin).catch(() => undefined);
    await del('deleteResponsibilityItem', x.item);
    await del('deleteResponsibilityItem', x.gap);
    await del('deleteSynonymGroup', x.group);
  }
}
