import { describe, expect, it } from 'vitest';

const features = import.meta.glob<Record<'zh-CN', Record<string, unknown>>>('./features/*.json', { eager: true, import: 'default' });
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../graphql/**'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

describe('feature texts', () => {
  it('are added by every module that shows them (else the page shows keys)', () => {
    const missing: string[] = [];
    for (const [file, texts] of Object.entries(features)) {
      const feature = file.replace('./features/', '').replace('.json', '');
      for (const ns of Object.keys(texts['zh-CN'])) {
        const uses = new RegExp(`[\`'"]${ns}\\.`);
        for (const [src, text] of Object.entries(sources)) {
          if (!uses.test(text)) continue;
          if (!text.includes(`features/${feature}.json'`) || !text.includes(`addTexts(${feature}Texts)`)) {
            missing.push(`${src} uses ${ns}.* without addTexts(${feature}Texts)`);
          }
        }
      }
    }
    expect(Object.keys(features).length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
