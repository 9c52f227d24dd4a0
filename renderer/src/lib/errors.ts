/** Helpers to show `{ ok: false, error }` results: titles by code, main's messages in the UI's language, field errors by path. */
import type { AppError, ErrorCode, FieldIssue } from '../../../shared/ipc/result';
import { NESTED_PARAMS } from '../../../shared/mapping/nested-params';
import { CREATE_STEP_TITLES, type CreateStepKey } from '../../../shared/mapping/step-label';
import { mainMessageReader, t } from './i18n';

/** The i18n key of the headline shown for an error code. */
export function errorTitleKey(code: ErrorCode): string {
  return `errors.codes.${code}`;
}


/**
 * A message from main in the UI's language when it is one of main's own (shared/mapping/app-messages.ts, recognised by
 * the language's catalogue; a value named `reason` or `where` may be one too), else exactly as it came — a cloud's own
 * words, a file system error, or any message in English.
 */
export function sayMessage(text: string): string {
  const hit = mainMessageReader()?.(text);
  if (!hit) return text;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(hit.params)) params[name] = NESTED_PARAMS.has(name) ? sayMessage(value) : name === 'step' ? sayStepTitle(value) : value;
  return t(`messages.${hit.code}`, params);
}

/** A step's journal title (or one quoted in a message): a create step's in the UI's language, others as they came. */
export function sayStepTitle(title: string): string {
  const key = (Object.keys(CREATE_STEP_TITLES) as CreateStepKey[]).find((k) => CREATE_STEP_TITLES[k] === title);
  return key ? t(`drafts.stepTitles.${key}`) : title;
}

/**
 * A message made of main's sentences (a store status's `messageParts`), each said in the UI's language and joined as
 * its script joins sentences (a space, none after full-width punctuation such as "。"); `whole` (the English message)
 * when there are no parts (an older host).
 */
export function saySentences(parts: readonly string[] | undefined, whole: string | null): string | null {
  if (!parts || parts.length === 0) return whole;
  return parts.map(sayMessage).reduce((text, next) => (text === '' ? next : `${text}${/[\u3000-\u303f\uff00-\uffef]$/.test(text) ? '' : ' '}${next}`), '');
}

/** An error's message in the UI's language (`sayMessage`). */
export function errorMessage(error: Pick<AppError, 'message'>): string {
  return sayMessage(error.message);
}

/** The field issues of an error, grouped by dotted path (empty when the error carries none). */
export function fieldErrorMap(error: AppError | null | undefined): Map<string, FieldIssue[]> {
  const map = new Map<string, FieldIssue[]>();
  for (const issue of error?.fields ?? []) {
    const list = map.get(issue.path);
    if (list) list.push(issue);
    else map.set(issue.path, [issue]);
  }
  return map;
}

/**
 * The field issues that belong to one form field: its own path, or a nested path below it
 * (`caCert` also collects `caCert.pem`). Aliases let a form field own several request paths.
 */
export function issuesForField(map: ReadonlyMap<string, FieldIssue[]>, field: string, aliases: readonly string[] = []): FieldIssue[] {
  const names = [field, ...aliases];
  const out: FieldIssue[] = [];
  for (const [path, issues] of map) {
    if (names.some((n) => path === n || path.startsWith(`${n}.`))) out.push(...issues);
  }
  return out;
}

/** The field issues whose path matches none of the form's fields (shown in the form's error summary). */
export function unmatchedIssues(map: ReadonlyMap<string, FieldIssue[]>, fields: readonly string[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const [path, issues] of map) {
    if (!fields.some((n) => path === n || path.startsWith(`${n}.`))) out.push(...issues);
  }
  return out;
}

/** True for failures that mean "the network (or the app host) is not reachable". */
export function isOfflineError(error: AppError | null | undefined): boolean {
  return error?.code === 'NETWORK';
}

/** True for failures that mean the data file is not being written. */
export function isStoreError(error: AppError | null | undefined): boolean {
  return error?.code === 'STORE_WRITE' || error?.code === 'READ_ONLY';
}
