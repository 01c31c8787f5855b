// Every role opens every page of its menu, in Chinese and in English: each must render without an
// error state, a console error or a failed request; no Chinese may be left in the English menu.
import { assert, journey, noProblems, openBrowser, settle, uiLogin } from './lib.mjs';

const ROLES = ['leader', 'staff', 'frontline', 'admin'];

export async function tour() {
  for (const role of ROLES) {
    const step = journey(`tour-${role}`);
    let b;
    try {
      await step(`${role}: every menu page renders in Chinese and in English`, async () => {
        b = await openBrowser({ width: 1366, height: 860 });
        const { page } = b;
        await uiLogin(page, role);
        for (const lang of ['中文', 'English']) {
          await page.locator('.ant-layout-header .ant-segmented-item').filter({ hasText: lang }).first().click();
          const items = page.locator('.ant-layout-sider .ant-menu-item');
          const n = await items.count();
          assert(n >= 3, `${role} has ${n} menu items`);
          for (let i = 0; i < n; i++) {
            const label = ((await items.nth(i).textContent()) ?? '').trim();
            if (lang === 'English') assert(!/[\u4e00-\u9fff]/.test(label), `untranslated menu item "${label}"`);
            await items.nth(i).click();
            await page.waitForTimeout(300);
            await settle(page);
            const errors = await page.getByTestId('error-message').allTextContents();
            assert(errors.length === 0, `${role} ${label} (${page.url()}): ${errors.join('; ')}`);
          }
        }
        await page.locator('.ant-layout-header .ant-segmented-item').filter({ hasText: '中文' }).first().click();
        noProblems(b.problems);
      });
    } finally {
      await b?.close();
    }
  }
}
