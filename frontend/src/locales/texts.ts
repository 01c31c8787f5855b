import i18n from 'i18next';

export type Tree = { [key: string]: string | Tree };
export type FeatureTexts = Record<'zh-CN' | 'en', Tree>;

/**
 * Adds a feature's texts (locales/features/*.json) to the shared ones. Each module that shows them calls
 * it when it loads, so the texts travel in that page's chunk instead of the first download; adding the
 * same texts again changes nothing.
 */
export function addTexts(texts: FeatureTexts): void {
  for (const lng of ['zh-CN', 'en'] as const) i18n.addResourceBundle(lng, 'translation', texts[lng], true, true);
}
