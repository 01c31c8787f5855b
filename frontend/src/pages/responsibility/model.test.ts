import { describe, expect, it } from 'vitest';
import { categoryTree, cleanTerms, createInput, formFieldOf, formOf, itemWhere, readFilters, subtreeOf, updateInput, writeFilters, type Item } from './model';

const item: Item = {
  id: '7',
  list: 'RESPONSIBILITY',
  title: '下水道疏通',
  categoryPath: '设施设备/给排水/下水道',
  keywords: ['下水道', '排污管'],
  synonyms: ['马桶堵'],
  respondWithinHours: 4,
  resolveWithinDays: 3,
  commitment: '',
  legalBasis: '',
  contact: '6601',
  retired: false,
  updatedAt: '2026-12-01T00:00:00Z',
  responsibleDepartment: { id: 'd1', name: '后勤服务中心' },
  leadDepartment: { id: 'd1', name: '后勤服务中心' },
};

describe('itemWhere', () => {
  it('hides retired items unless asked, and filters by category prefix and department', () => {
    expect(itemWhere(readFilters(new URLSearchParams()))).toEqual({ retiredAtIsNil: true });
    expect(itemWhere(readFilters(new URLSearchParams('retired=1')))).toBeUndefined();
    expect(itemWhere(readFilters(new URLSearchParams('cat=设施设备/给排水&dept=d1')))).toEqual({
      and: [
        { or: [{ categoryPath: '设施设备/给排水' }, { categoryPathHasPrefix: '设施设备/给排水/' }] },
        { responsibleDepartmentID: 'd1' },
        { retiredAtIsNil: true },
      ],
    });
  });
  it('职责空白 wins over a department', () => {
    expect(itemWhere({ cat: null, dept: 'd1', unowned: true, retired: true, q: '' })).toEqual({ responsibleDepartmentIDIsNil: true });
  });
  it('round-trips through the URL, keeping other parameters', () => {
    const p = writeFilters(new URLSearchParams('tab=gaps'), { cat: 'A/B', dept: null, unowned: true, retired: false, q: ' 门坏了 ' });
    expect(p.get('tab')).toBe('gaps');
    expect(readFilters(p)).toEqual({ cat: 'A/B', dept: null, unowned: true, retired: false, q: '门坏了' });
  });
});

describe('categoryTree', () => {
  it('counts the items at or below each level, levels sorted', () => {
    const tree = categoryTree(['设施设备/给排水/下水道', '设施设备/给排水/落水管', '设施设备/门窗', '办公用品']);
    expect(tree.map((n) => [n.key, n.count])).toEqual([
      ['办公用品', 1],
      ['设施设备', 3],
    ]);
    const water = tree[1].children.find((n) => n.title === '给排水')!;
    expect(water.key).toBe('设施设备/给排水');
    expect(water.count).toBe(2);
    expect(water.children.map((n) => n.key)).toEqual(['设施设备/给排水/落水管', '设施设备/给排水/下水道']); // pinyin order: luo < xia
  });
});

describe('inputs', () => {
  it('cleans words: splits pasted lists, trims, drops repeats', () => {
    expect(cleanTerms([' 下水道 ', '下水管、排污管', '下水道', ''])).toEqual(['下水道', '下水管', '排污管']);
  });
  it('a new item: the path normalised, no department when none is chosen', () => {
    const v = { ...formOf(null), title: ' 门窗维修 ', categoryPath: ' 设施设备 / 门窗 ', keywords: ['门'] };
    const input = createInput(v);
    expect(input).toMatchObject({ title: '门窗维修', categoryPath: '设施设备/门窗', keywords: ['门'], respondWithinHours: 4, resolveWithinDays: 5 });
    expect(input).not.toHaveProperty('responsibleDepartment');
  });
  it('an update sends only what changed, and clears a department emptied', () => {
    expect(updateInput(item, formOf(item))).toEqual({});
    const v = { ...formOf(item), responsibleDepartment: undefined, synonyms: ['马桶堵', '下水道堵了'], resolveWithinDays: 2 };
    expect(updateInput(item, v)).toEqual({ clearResponsibleDepartment: true, synonyms: ['马桶堵', '下水道堵了'], resolveWithinDays: 2 });
    expect(updateInput({ ...item, responsibleDepartment: null }, { ...formOf(item), responsibleDepartment: 'd2' })).toEqual({
      responsibleDepartment: 'd2',
    });
  });
  it('maps the server field to the form field', () => {
    const err = (field: string) => ({ graphQLErrors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', field } }] });
    expect(formFieldOf(err('input.keywords[3]'))).toBe('keywords');
    expect(formFieldOf(err('input.clearResponsibleDepartment'))).toBe('responsibleDepartment');
    expect(formFieldOf(err('terms[1]'))).toBe('terms');
    expect(formFieldOf(err('id'))).toBeNull();
  });
});

describe('subtreeOf', () => {
  it('is the department and everything below it', () => {
    const depts = [
      { id: '1', parentID: null },
      { id: '2', parentID: '1' },
      { id: '3', parentID: '2' },
      { id: '4', parentID: '1' },
    ];
    expect([...subtreeOf('2', depts)].sort()).toEqual(['2', '3']);
    expect(subtreeOf(null, depts).size).toBe(0);
  });
});
