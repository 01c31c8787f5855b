// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The initial JS (entry chunk + its static imports, per the Vite manifest) must stay within budget. */
const BUDGET_KIB = 250;
const dist = fileURLToPath(new URL('../../../internal/webui/dist', import.meta.url));
const manifestPath = join(dist, '.vite/manifest.json');

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

describe('bundle budget', () => {
  it(`initial JS is at most ${BUDGET_KIB} KiB gzip`, (ctx) => {
    if (!existsSync(manifestPath)) {
      console.warn(`bundle budget skipped: ${manifestPath} is absent (run \`npm run build\` first)`);
      ctx.skip();
      return;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
    const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
    expect(entries.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    const walk = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imp of manifest[key]?.imports ?? []) walk(imp);
    };
    entries.forEach(walk);
    let total = 0;
    const sizes: string[] = [];
    for (const key of seen) {
      const file = manifest[key].file;
      if (!file.endsWith('.js')) continue;
      const gz = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
      total += gz;
      sizes.push(`${file} ${(gz / 1024).toFixed(1)} KiB`);
    }
    const kib = total / 1024;
    console.info(`initial JS: ${kib.toFixed(1)} KiB gzip over ${sizes.length} chunks\n  ${sizes.join('\n  ')}`);
    expect(kib).toBeLessThanOrEqual(BUDGET_KIB);
  });
});
