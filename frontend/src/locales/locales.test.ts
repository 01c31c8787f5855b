import { describe, expect, it } from 'vitest';
import { en, zhCN, type Tree } from '.';

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
}

describe('locales', () => {
  const zh = leaves(zhCN);
  const enLeaves = leaves(en);

  it('zh-CN and en have exactly the same keys (deep)', () => {
    const zhKeys = [...zh.keys()].sort();
    const enKeys = [...enLeaves.keys()].sort();
    expect(zhKeys.filter((k) => !enLeaves.has(k)), 'keys missing in en.json').toEqual([]);
    expect(enKeys.filter((k) => !zh.has(k)), 'keys missing in zh-CN.json').toEqual([]);
    expect(enKeys).toEqual(zhKeys);
  });

  it('has no empty strings and the same {{placeholders}} in both languages', () => {
    for (const [key, zhText] of zh) {
      const enText = enLeaves.get(key) ?? '';
      expect(zhText.trim(), `zh-CN ${key}`).not.toBe('');
      expect(enText.trim(), `en ${key}`).not.toBe('');
      expect(placeholders(enText), key).toEqual(placeholders(zhText));
    }
  });
});
