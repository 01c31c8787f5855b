import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../../api/errors';
import { fieldError } from './logic';

/**
 * Shows a mutation's error where it belongs: on the form field the server named (BAD_USER_INPUT or
 * CONFLICT with extensions.field), otherwise as a message. Returns the text shown.
 */
export function showServerError(
  form: FormInstance,
  error: unknown,
  known: string[],
  t: TFunction,
  fallback: (text: string) => void,
  listName?: string,
): string {
  const text = errorMessage(t, error);
  const at = fieldError(error, known, listName);
  if (at) {
    form.setFields([{ name: at.name, errors: [text] }]);
    form.scrollToField(at.name, { block: 'center' });
  } else fallback(text);
  return text;
}
