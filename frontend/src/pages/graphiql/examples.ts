import apiGuide from '../../../../docs/API.md?raw';

export interface ExampleTab {
  query: string;
  variables?: string;
}

/**
 * The example operations of docs/API.md (fenced as ```graphql example, optionally followed by a
 * ```json variables block): the integration page opens them as GraphiQL tabs, so the guide and the
 * page never disagree.
 */
export function parseExamples(markdown: string): ExampleTab[] {
  const out: ExampleTab[] = [];
  const re = /```graphql example\n([\s\S]*?)```(?:\s*```json variables\n([\s\S]*?)```)?/g;
  for (const m of markdown.matchAll(re)) {
    const query = m[1].trimEnd() + '\n';
    const variables = m[2]?.trim();
    out.push(variables ? { query, variables: JSON.stringify(JSON.parse(variables), null, 2) } : { query });
  }
  return out;
}

export const EXAMPLE_TABS: ExampleTab[] = parseExamples(apiGuide);
