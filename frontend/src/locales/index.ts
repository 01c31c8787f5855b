import zhCNBase from './zh-CN.json';
import enBase from './en.json';

import type { Tree } from './texts';

export type { Tree };

/**
 * Every UI text: the shared zh-CN.json / en.json plus one file per feature under features/
 * ({"zh-CN": {...}, "en": {...}}), so that features add their words without touching each other's.
 * The app loads the shared texts at start (i18n.ts) and a feature's with the code that shows them
 * (texts.ts); this whole set is what the tests check: the same keys in both languages, none twice.
 */
const features = import.meta.glob<{ default: Record<'zh-CN' | 'en', Tree> }>('./features/*.json', { eager: true });

function merge(into: Tree, from: Tree, where: string): Tree {
  for (const [k, v] of Object.entries(from)) {
    const have = into[k];
    if (have === undefined) into[k] = v;
    else if (typeof have !== 'string' && typeof v !== 'string') merge(have, v, `${where}.${k}`);
    else throw new Error(`locale key ${where}.${k} is defined twice`);
  }
  return into;
}

function build(lang: 'zh-CN' | 'en', base: Tree): Tree {
  const out = structuredClone(base);
  for (const [file, mod] of Object.entries(features)) merge(out, mod.default[lang] ?? {}, file);
  return out;
}

export const zhCN = build('zh-CN', zhCNBase as Tree);
export const en = build('en', enBase as Tree);
