import type { ImportBatchFieldsFragment, ImportKind, ImportKindsQuery, ImportStatus, Role } from './types';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

/** What the server takes (graph/import.graphqls checkImport): 10 MiB and 50,000 rows a file. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 50_000;
/** How often a running batch is asked for its progress. */
export const POLL_MS = 1000;

export type Lang = 'zh' | 'en';
export type KindInfo = ImportKindsQuery['importKinds'][number];
export type Batch = ImportBatchFieldsFragment;
export type Report = NonNullable<Batch['report']>;

export function langOf(language: string | undefined): Lang {
  return language === 'en' ? 'en' : 'zh';
}

export function pick(text: { zh: string; en: string } | null | undefined, lang: Lang): string {
  if (!text) return '';
  return (lang === 'en' ? text.en : text.zh) || text.zh || text.en;
}

/** A run is under way: keep polling. */
export function isRunning(status: ImportStatus): boolean {
  return status === 'CHECKING' || status === 'APPLYING';
}

/** The kinds a role may import (docs/ACCESS.md "Imports and exports": ACCOUNTS and WORK_CALENDAR are ADMIN's). */
export function importableKinds(kinds: readonly KindInfo[], role: Role): KindInfo[] {
  if (role === 'ADMIN') return [...kinds];
  return kinds.filter((k) => k.kind !== 'ACCOUNTS' && k.kind !== 'WORK_CALENDAR');
}

/** Percent done of a run, or null while the total is not known yet (the file is being read). */
export function progressPercent(progress: { done: number; total: number } | null | undefined): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((progress.done * 100) / progress.total)));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const one = (v: number) => v.toFixed(1).replace(/\.0$/, '');
  if (n < 1024 * 1024) return `${one(n / 1024)} KB`;
  return `${one(n / 1024 / 1024)} MB`;
}

/** Why a file cannot be sent, before uploading it: a translation key and its values, or null. */
export function fileProblem(file: { name: string; size: number }): { key: string; values?: Record<string, unknown> } | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls')) return { key: 'imports.upload.xls' };
  if (!name.endsWith('.xlsx') && !name.endsWith('.csv') && !name.endsWith('.txt')) {
    return { key: 'imports.upload.wrongType' };
  }
  if (file.size === 0) return { key: 'imports.upload.empty' };
  if (file.size > MAX_UPLOAD_BYTES) {
    return { key: 'imports.upload.tooBig', values: { size: formatBytes(file.size), max: formatBytes(MAX_UPLOAD_BYTES) } };
  }
  return null;
}

export interface ProblemRow {
  key: string;
  sheet: string;
  /** As the spreadsheet numbers it; 0: the file as a whole. */
  line: number;
  /** The column's header as the file writes it, else the template's, else the key; '' for the row. */
  column: string;
  message: string;
}

/** A report's problems as table rows, by line, with the column named as the user sees it. */
export function problemRows(report: Report, lang: Lang, columns?: KindInfo['columns']): ProblemRow[] {
  const byKey = new Map((columns ?? []).map((c) => [c.key, c]));
  return report.problems
    .map((p, i) => {
      const col = p.column ? byKey.get(p.column) : undefined;
      const column = p.header || (col ? pick(col.header, lang) : p.column) || '';
      return { key: `${i}`, sheet: p.sheet || report.sheet, line: p.line, column, message: pick(p.message, lang) };
    })
    .sort((a, b) => a.line - b.line || Number(a.key) - Number(b.key));
}

/** The problem table as spreadsheet rows (header first). */
export function problemSheet(
  rows: ProblemRow[],
  header: [string, string, string, string],
  wholeFile: string,
): (string | number)[][] {
  return [header, ...rows.map((r) => [r.sheet, r.line || wholeFile, r.column, r.message])];
}

export interface Counts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: number;
}

export function counts(report: Report | null | undefined): Counts | null {
  if (!report) return null;
  return {
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    problems: report.problemCount,
  };
}

/** Where the wizard stands: 0 choose, 1 upload and check, 2 the report, 3 applied (or refused / failed). */
export function stepOf(batch: Batch | null, uploading: boolean): number {
  if (!batch) return uploading ? 1 : 0;
  switch (batch.status) {
    case 'CHECKING':
      return 1;
    case 'CHECKED':
    case 'APPLYING':
      return 2;
    default:
      return 3;
  }
}

export interface PollOptions {
  interval?: number;
  signal?: AbortSignal;
  /** Consecutive failed requests tolerated before giving up. */
  maxErrors?: number;
  onUpdate?: (batch: Batch) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class PollAborted extends Error {
  constructor() {
    super('aborted');
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new PollAborted());
      return;
    }
    const id = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(id);
        reject(new PollAborted());
      },
      { once: true },
    );
  });
}

/**
 * Asks for the batch until its run is over (not CHECKING or APPLYING); answers the last batch. Stops
 * with PollAborted when `signal` aborts, and with the error after `maxErrors` failures in a row.
 */
export async function pollBatch(
  fetchBatch: () => Promise<Batch>,
  start: Batch,
  { interval = POLL_MS, signal, maxErrors = 5, onUpdate, sleep = defaultSleep }: PollOptions = {},
): Promise<Batch> {
  let batch = start;
  let errors = 0;
  while (isRunning(batch.status)) {
    await sleep(interval, signal);
    if (signal?.aborted) throw new PollAborted();
    try {
      batch = await fetchBatch();
      errors = 0;
    } catch (e) {
      if (signal?.aborted) throw new PollAborted();
      if (++errors >= maxErrors) throw e;
      continue;
    }
    onUpdate?.(batch);
  }
  return batch;
}

export function secretsSheet(secrets: { login: string; password: string }[], header: [string, string]): string[][] {
  return [header, ...secrets.map((s) => [s.login, s.password])];
}

/** Tab-separated lines for the clipboard (pastes into a spreadsheet as two columns). */
export function secretsText(secrets: { login: string; password: string }[]): string {
  return secrets.map((s) => `${s.login}\t${s.password}`).join('\n');
}

export function importKindOrder(kind: ImportKind): number {
  return ['DEPARTMENTS', 'STAFF', 'ACCOUNTS', 'LEAVE', 'RESPONSIBILITY_ITEMS', 'WORK_CALENDAR'].indexOf(kind);
}
