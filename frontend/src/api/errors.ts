import i18n, { type TFunction } from 'i18next';

/** The error codes the server puts in `extensions.code`, plus two client-side ones. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'TIMEOUT',
  'INTERNAL',
  'NETWORK',
  'UNKNOWN',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** For BAD_USER_INPUT: the input field the server complained about. */
  field?: string;
  /** The server's own message (English, for logs and the details line). */
  message?: string;
}

interface GraphQLErrorLike {
  message?: string;
  extensions?: Record<string, unknown> | null;
}

interface CombinedErrorLike {
  networkError?: unknown;
  graphQLErrors?: GraphQLErrorLike[];
  message?: string;
}

function isCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

/**
 * Reduces an urql CombinedError, a single GraphQL error or anything thrown to an AppError.
 * The first GraphQL error with a known code wins; a network error without one is NETWORK.
 */
export function toAppError(error: unknown): AppError {
  if (!error) return { code: 'UNKNOWN' };
  const e = error as CombinedErrorLike & GraphQLErrorLike;
  const gqlErrors: GraphQLErrorLike[] = Array.isArray(e.graphQLErrors)
    ? e.graphQLErrors
    : e.extensions
      ? [e]
      : [];
  for (const g of gqlErrors) {
    const code = g.extensions?.code;
    if (isCode(code)) {
      const field = g.extensions?.field;
      return {
        code,
        message: g.message,
        ...(typeof field === 'string' && field ? { field } : {}),
      };
    }
  }
  if (gqlErrors.length > 0) return { code: 'UNKNOWN', message: gqlErrors[0].message };
  if (e.networkError) {
    // urql reports a non-2xx answer without a GraphQL body as a network error.
    const msg = e.networkError instanceof Error ? e.networkError.message : String(e.networkError);
    if (/429|Too Many/i.test(msg)) return { code: 'RATE_LIMITED', message: msg };
    if (/\b5\d\d\b|Internal Server Error/i.test(msg)) return { code: 'INTERNAL', message: msg };
    return { code: 'NETWORK', message: msg };
  }
  if (error instanceof TypeError) return { code: 'NETWORK', message: error.message };
  return { code: 'UNKNOWN', message: typeof e.message === 'string' ? e.message : undefined };
}

/**
 * The server writes bad-input messages as "中文 / English": returns the half in the UI language, or null
 * when the message is not written that way.
 */
export function bilingual(message: string | undefined, language: string): string | null {
  if (!message) return null;
  const i = message.indexOf(' / ');
  if (i <= 0) return null;
  const zh = message.slice(0, i).trim();
  const en = message.slice(i + 3).trim();
  if (!zh || !en || !/[\u4e00-\u9fff]/.test(zh)) return null;
  return language === 'en' ? en : zh;
}

/** The message to show for an error, in the current language. */
export function errorMessage(t: TFunction, error: unknown): string {
  const app = toAppError(error);
  const lang = i18n.language;
  if (app.code === 'BAD_USER_INPUT' || app.code === 'CONFLICT' || app.code === 'FORBIDDEN' || app.code === 'NOT_FOUND') {
    const own = bilingual(app.message, lang);
    if (own) return own;
  }
  if (app.code === 'BAD_USER_INPUT' && app.field) {
    return t('errors.BAD_USER_INPUT_FIELD', { field: app.field });
  }
  return t(`errors.${app.code}`);
}
