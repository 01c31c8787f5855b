import { describe, expect, it } from 'vitest';
import { CombinedError } from '@urql/core';
import i18n from '../i18n';
import { ERROR_CODES, errorMessage, toAppError } from './errors';

function gqlError(code: string, extra: Record<string, unknown> = {}) {
  return new CombinedError({
    graphQLErrors: [{ message: `server said ${code}`, extensions: { code, ...extra } }],
  });
}

describe('toAppError', () => {
  it.each(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'TIMEOUT', 'INTERNAL'])(
    'reads extensions.code %s',
    (code) => {
      expect(toAppError(gqlError(code)).code).toBe(code);
    },
  );

  it('keeps the field of BAD_USER_INPUT', () => {
    expect(toAppError(gqlError('BAD_USER_INPUT', { field: 'dueAt' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'dueAt',
    });
  });

  it('takes the first error with a known code', () => {
    const err = new CombinedError({
      graphQLErrors: [
        { message: 'no code' },
        { message: 'forbidden', extensions: { code: 'FORBIDDEN' } },
      ],
    });
    expect(toAppError(err).code).toBe('FORBIDDEN');
  });

  it('maps unknown codes and plain errors to UNKNOWN', () => {
    expect(toAppError(gqlError('TEAPOT')).code).toBe('UNKNOWN');
    expect(toAppError(new Error('boom')).code).toBe('UNKNOWN');
    expect(toAppError(null).code).toBe('UNKNOWN');
  });

  it('maps network failures to NETWORK, 429 to RATE_LIMITED and 5xx to INTERNAL', () => {
    expect(toAppError(new CombinedError({ networkError: new TypeError('Failed to fetch') })).code).toBe('NETWORK');
    expect(toAppError(new CombinedError({ networkError: new Error('Too Many Requests') })).code).toBe(
      'RATE_LIMITED',
    );
    expect(toAppError(new CombinedError({ networkError: new Error('Internal Server Error') })).code).toBe(
      'INTERNAL',
    );
    expect(toAppError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });

  it('accepts a single GraphQL error object', () => {
    expect(toAppError({ message: 'x', extensions: { code: 'CONFLICT' } }).code).toBe('CONFLICT');
  });
});

describe('errorMessage', () => {
  it('has a message for every code in both languages', async () => {
    for (const lng of ['zh-CN', 'en']) {
      await i18n.changeLanguage(lng);
      for (const code of ERROR_CODES) {
        expect(i18n.exists(`errors.${code}`), `${lng} errors.${code}`).toBe(true);
      }
    }
    await i18n.changeLanguage('zh-CN');
  });

  it('speaks the current language', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(errorMessage(i18n.t, gqlError('FORBIDDEN'))).toBe('您没有权限执行此操作。');
    expect(errorMessage(i18n.t, gqlError('BAD_USER_INPUT', { field: 'title' }))).toBe('输入有误：title。');
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, gqlError('RATE_LIMITED'))).toBe('Too many requests. Please try again later.');
    expect(errorMessage(i18n.t, new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe(
      'Cannot reach the server. Please check the network and try again.',
    );
    await i18n.changeLanguage('zh-CN');
  });
});

describe('bilingual server messages', () => {
  it('shows the half in the UI language', async () => {
    const err = gqlError('BAD_USER_INPUT', { field: 'reason' });
    err.graphQLErrors[0].message = '转办理由不能为空 / reason is required';
    await i18n.changeLanguage('zh-CN');
    expect(errorMessage(i18n.t, err)).toBe('转办理由不能为空');
    await i18n.changeLanguage('en');
    expect(errorMessage(i18n.t, err)).toBe('reason is required');
    await i18n.changeLanguage('zh-CN');
  });
});
