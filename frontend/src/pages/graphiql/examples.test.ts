import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import apiGuide from '../../../../docs/API.md?raw';
import { EXAMPLE_TABS, parseExamples } from './examples';

describe('examples from docs/API.md', () => {
  it('finds every example of the guide, each a valid GraphQL document with a title comment', () => {
    // Counted independently of the parser: one tab per fenced example.
    expect(EXAMPLE_TABS.length).toBe(apiGuide.split('```graphql example\n').length - 1);
    expect(EXAMPLE_TABS.length).toBeGreaterThanOrEqual(6);
    for (const tab of EXAMPLE_TABS) {
      expect(tab.query.startsWith('# ')).toBe(true);
      expect(() => parse(tab.query)).not.toThrow();
      if (tab.variables) expect(() => JSON.parse(tab.variables!)).not.toThrow();
    }
  });

  it('pairs a variables block with the example before it', () => {
    const md = 'x\n```graphql example\n# A\nquery A($id: ID!) { node(id: $id) { id } }\n```\n\n```json variables\n{"id":"1"}\n```\n```graphql example\n# B\n{ viewer { role } }\n```\n';
    const tabs = parseExamples(md);
    expect(tabs).toHaveLength(2);
    expect(JSON.parse(tabs[0].variables!)).toEqual({ id: '1' });
    expect(tabs[1].variables).toBeUndefined();
  });
});
