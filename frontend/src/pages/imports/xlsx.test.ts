import { describe, expect, it } from 'vitest';
import { buildXlsx, columnName, crc32, sheetName, xmlText, zip } from './xlsx';

/** Reads a stored ZIP back through its central directory, checking each CRC. */
function unzip(data: Uint8Array): Map<string, string> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = data.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = new Map<string, string>();
  const dec = new TextDecoder();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = dec.decode(data.subarray(at + 46, at + 46 + nameLen));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const body = data.subarray(start, start + size);
    expect(crc32(body)).toBe(crc);
    out.set(name, dec.decode(body));
    at += 46 + nameLen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

describe('xlsx writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('names columns and sheets as Excel does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(sheetName('问题/清单[1]')).toBe('问题 清单 1');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(xmlText('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });

  it('writes a workbook whose parts read back: text inline, numbers as numbers', () => {
    const files = unzip(
      buildXlsx('问题清单', [
        ['工作表', '行号', '列', '问题'],
        ['部门', 4, '上级编码', '上级编码 <XX> 不存在'],
      ]),
    );
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="问题清单" sheetId="1" r:id="rId1"/>');
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t xml:space="preserve">工作表</t></is></c>');
    expect(sheet).toContain('<c r="B2"><v>4</v></c>');
    expect(sheet).toContain('上级编码 &lt;XX&gt; 不存在');
    // every part is well-formed XML
    for (const [name, xml] of files) {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      expect(doc.getElementsByTagName('parsererror'), name).toHaveLength(0);
    }
  });

  it('keeps UTF-8 names in a stored archive', () => {
    const files = unzip(zip([['目录/名字.txt', '内容']]));
    expect(files.get('目录/名字.txt')).toBe('内容');
  });
});
