import { describe, expect, it, vi } from 'vitest';
import {
  fileProblem,
  importableKinds,
  isRunning,
  MAX_UPLOAD_BYTES,
  pollBatch,
  PollAborted,
  problemRows,
  problemSheet,
  progressPercent,
  secretsText,
  stepOf,
  type Batch,
  type KindInfo,
  type Report,
} from './logic';

const report = (over: Partial<Report> = {}): Report => ({
  format: 'CSV',
  encoding: 'UTF-8 BOM',
  sheet: '部门',
  headerLine: 1,
  rows: 3,
  created: 2,
  updated: 0,
  unchanged: 0,
  problemCount: 2,
  problems: [
    {
      sheet: '部门',
      line: 4,
      column: 'parent_code',
      header: null,
      message: { zh: '上级编码 XX 不存在', en: 'no department has the parent code XX' },
    },
    { sheet: '', line: 0, column: null, header: null, message: { zh: '文件没有数据行', en: 'the file has no data row' } },
  ],
  ignoredColumns: [],
  exampleLines: [],
  ...over,
});

const columns: KindInfo['columns'] = [
  { key: 'code', header: { zh: '编码', en: 'Code' }, required: true, example: 'AG13', note: { zh: '', en: '' } },
  {
    key: 'parent_code',
    header: { zh: '上级编码', en: 'Parent code' },
    required: false,
    example: 'ROOT',
    note: { zh: '', en: '' },
  },
];

const batch = (status: Batch['status'], done = 0, total = 0): Batch => ({
  id: '1',
  kind: 'DEPARTMENTS',
  fileName: 'a.csv',
  size: 10,
  status,
  progress: { done, total },
  report: null,
  failure: null,
  canApply: false,
  createdAt: '2026-12-07T10:00:00Z',
  checkedAt: null,
  appliedAt: null,
});

describe('problemRows', () => {
  it('orders by line, names the column by the template header when the file gave none, in the UI language', () => {
    const zh = problemRows(report(), 'zh', columns);
    expect(zh.map((r) => r.line)).toEqual([0, 4]);
    expect(zh[1]).toMatchObject({ sheet: '部门', column: '上级编码', message: '上级编码 XX 不存在' });
    // a problem without a sheet is the report's sheet; the file as a whole has no column
    expect(zh[0]).toMatchObject({ sheet: '部门', column: '', message: '文件没有数据行' });
    const en = problemRows(report(), 'en', columns);
    expect(en[1]).toMatchObject({ column: 'Parent code', message: 'no department has the parent code XX' });
  });

  it("prefers the file's own header, else the key when the kind is unknown", () => {
    const r = report({
      problems: [{ sheet: 'S', line: 2, column: 'parent_code', header: 'Parent Code (上级)', message: { zh: 'x', en: 'y' } }],
    });
    expect(problemRows(r, 'zh', columns)[0].column).toBe('Parent Code (上级)');
    const r2 = report({ problems: [{ sheet: 'S', line: 2, column: 'parent_code', header: null, message: { zh: 'x', en: '' } }] });
    expect(problemRows(r2, 'en')[0]).toMatchObject({ column: 'parent_code', message: 'x' });
  });

  it('becomes a sheet with a header row and "whole file" for line 0', () => {
    const rows = problemRows(report(), 'zh', columns);
    const sheet = problemSheet(rows, ['工作表', '行号', '列', '问题'], '整个文件');
    expect(sheet[0]).toEqual(['工作表', '行号', '列', '问题']);
    expect(sheet[1][1]).toBe('整个文件');
    expect(sheet[2]).toEqual(['部门', 4, '上级编码', '上级编码 XX 不存在']);
  });
});

describe('progress and steps', () => {
  it('is unknown until the total is known, then a floored, clamped percent', () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent({ done: 0, total: 0 })).toBeNull();
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 3, total: 3 })).toBe(100);
    expect(progressPercent({ done: 5, total: 3 })).toBe(100);
  });
  it('runs while CHECKING or APPLYING only', () => {
    expect(
      ['CHECKING', 'CHECKED', 'APPLYING', 'APPLIED', 'REFUSED', 'FAILED'].filter((s) => isRunning(s as Batch['status'])),
    ).toEqual(['CHECKING', 'APPLYING']);
  });
  it('maps the batch to the wizard step', () => {
    expect(stepOf(null, false)).toBe(0);
    expect(stepOf(null, true)).toBe(1);
    expect(stepOf(batch('CHECKING'), false)).toBe(1);
    expect(stepOf(batch('CHECKED'), false)).toBe(2);
    expect(stepOf(batch('APPLIED'), false)).toBe(3);
    expect(stepOf(batch('FAILED'), false)).toBe(3);
  });
});

describe('fileProblem', () => {
  it('refuses .xls, other types, empty and oversized files before uploading', () => {
    expect(fileProblem({ name: 'a.XLS', size: 10 })?.key).toBe('imports.upload.xls');
    expect(fileProblem({ name: 'a.pdf', size: 10 })?.key).toBe('imports.upload.wrongType');
    expect(fileProblem({ name: 'a.csv', size: 0 })?.key).toBe('imports.upload.empty');
    expect(fileProblem({ name: 'a.xlsx', size: MAX_UPLOAD_BYTES + 1 })?.key).toBe('imports.upload.tooBig');
    expect(fileProblem({ name: '部门.xlsx', size: MAX_UPLOAD_BYTES })).toBeNull();
    expect(fileProblem({ name: 'staff.csv', size: 100 })).toBeNull();
  });
});

describe('importableKinds', () => {
  const k = (kind: KindInfo['kind']): KindInfo => ({ kind, title: { zh: kind, en: kind }, sessionOnly: false, columns: [] });
  const all = [k('DEPARTMENTS'), k('STAFF'), k('ACCOUNTS'), k('WORK_CALENDAR')];
  it('leaves accounts and the calendar to ADMIN', () => {
    expect(importableKinds(all, 'ADMIN').map((x) => x.kind)).toEqual(['DEPARTMENTS', 'STAFF', 'ACCOUNTS', 'WORK_CALENDAR']);
    expect(importableKinds(all, 'LEADER').map((x) => x.kind)).toEqual(['DEPARTMENTS', 'STAFF']);
  });
});

describe('pollBatch', () => {
  const noSleep = () => Promise.resolve();

  it('does not ask when the first answer is already done', async () => {
    const fetchBatch = vi.fn();
    const b = await pollBatch(fetchBatch, batch('CHECKED'), { sleep: noSleep });
    expect(b.status).toBe('CHECKED');
    expect(fetchBatch).not.toHaveBeenCalled();
  });

  it('asks until the run ends, reporting each answer', async () => {
    const answers = [batch('CHECKING', 1, 3), batch('CHECKING', 2, 3), batch('CHECKED', 3, 3)];
    const fetchBatch = vi.fn(async () => answers.shift()!);
    const seen: number[] = [];
    const b = await pollBatch(fetchBatch, batch('CHECKING'), { sleep: noSleep, onUpdate: (x) => seen.push(x.progress.done) });
    expect(b.status).toBe('CHECKED');
    expect(fetchBatch).toHaveBeenCalledTimes(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops on REFUSED and FAILED too', async () => {
    for (const end of ['REFUSED', 'FAILED', 'APPLIED'] as const) {
      const answers = [batch('APPLYING', 1, 2), batch(end)];
      const b = await pollBatch(async () => answers.shift()!, batch('APPLYING'), { sleep: noSleep });
      expect(b.status).toBe(end);
    }
  });

  it('tolerates a few failed requests, then gives up with the error', async () => {
    const answers: (Batch | Error)[] = [new Error('net'), batch('CHECKING'), new Error('net'), batch('CHECKED')];
    const b = await pollBatch(
      async () => {
        const a = answers.shift()!;
        if (a instanceof Error) throw a;
        return a;
      },
      batch('CHECKING'),
      { sleep: noSleep, maxErrors: 2 },
    );
    expect(b.status).toBe('CHECKED');

    const failing = vi.fn(async () => {
      throw new Error('down');
    });
    await expect(pollBatch(failing, batch('CHECKING'), { sleep: noSleep, maxErrors: 3 })).rejects.toThrow('down');
    expect(failing).toHaveBeenCalledTimes(3);
  });

  it('stops when aborted (the page was left), without asking again', async () => {
    vi.useFakeTimers();
    try {
      const ac = new AbortController();
      const fetchBatch = vi.fn(async () => batch('CHECKING'));
      const p = pollBatch(fetchBatch, batch('CHECKING'), { signal: ac.signal, interval: 1000 });
      const done = expect(p).rejects.toBeInstanceOf(PollAborted);
      await vi.advanceTimersByTimeAsync(2500);
      expect(fetchBatch).toHaveBeenCalledTimes(2);
      ac.abort();
      await done;
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchBatch).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('secretsText', () => {
  it('is one login and password a line, tab-separated', () => {
    expect(
      secretsText([
        { login: 'a', password: 'x1' },
        { login: 'b', password: 'y2' },
      ]),
    ).toBe('a\tx1\nb\ty2');
  });
});
