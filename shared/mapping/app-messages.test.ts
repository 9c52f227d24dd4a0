import { describe, expect, it } from 'vitest';
import { APP_MESSAGES, appMessage, matchingCodes, readAppMessage, type AppMessageCode } from './app-messages';
import { NESTED_PARAMS } from './nested-params';

const CODES = Object.keys(APP_MESSAGES) as AppMessageCode[];

/**
 * Sample values for a template's placeholders, with text that could confuse a pattern (dots, parentheses, colons).
 * Paths of the data folder (`file`, `dir`, `files`) are paths: a path that itself holds " (" or ": " before an OS error
 * may be split at the wrong place, every character still shown.
 */
function sample(code: AppMessageCode): Record<string, string> {
  const names = [...APP_MESSAGES[code].matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
  const special: Record<string, string> = {
    httpStatus: '403', errorCode: 'ELB.1101', count: '12', rounds: '5', seconds: '7', current: '4', yours: '3', version: '3', total: '4096',
    file: '/home/op/.config/ELB Desk/elb-desk.json', dir: 'C:\\Users\\op\\ELB Desk\\drafts', files: 'elb-desk.20261205T1200.json, elb-desk.20261204T0900.json',
  };
  return Object.fromEntries(names.map((n, i) => [n, special[n] ?? `${n}-v${i} (a.b): c`]));
}

describe('main\'s messages, written and recognised', () => {
  it('every message is recognised as itself with the values it was written with, and as no other', () => {
    for (const code of CODES) {
      const params = sample(code);
      const text = appMessage(code, params);
      expect(readAppMessage(text), code).toEqual({ code, params });
      expect(matchingCodes(text), code).toEqual([code]);
    }
  });

  it('a message quoting another (its `reason` or `where`) is read with the quoted one as a value, itself a message', () => {
    // A `detail` holds why a file could not be used (the file* and draft* details); a `reason` or `where`, any message.
    const DETAILS = CODES.filter((c) => c.startsWith('file') || c === 'draftInvalid' || c === 'draftWrongName');
    for (const outer of CODES) {
      for (const name of Object.keys(sample(outer)).filter((n) => NESTED_PARAMS.has(n))) {
        for (const inner of name === 'detail' ? DETAILS : CODES) {
          const text = appMessage(outer, { ...sample(outer), [name]: appMessage(inner, sample(inner)) });
          const read = readAppMessage(text);
          // Some pairs compose both ways ("Rollback failed: {{reason}}" and "{{reason}} — checking …"): either reading
          // says the whole text, and the window says the quoted message in its language too.
          expect(read, `${outer}.${name} = ${inner}`).not.toBeNull();
          expect(appMessage(read!.code, read!.params)).toBe(text);
          expect(Object.entries(read!.params).some(([n, v]) => NESTED_PARAMS.has(n) && readAppMessage(v) !== null), `${outer}.${name} = ${inner}`).toBe(true);
        }
      }
    }
    // Before: a rollback that failed because a step's outcome stayed unknown was read as that step's message.
    const unknown = appMessage('outcomeStillUnknown', { step: 'Create TCP listener', rounds: 5 });
    expect(readAppMessage(appMessage('rollbackFailed', { reason: unknown }))).toEqual({ code: 'rollbackFailed', params: { reason: unknown } });
    const notCopied = appMessage('storeCopyNotMade', { reason: 'EACCES: permission denied' });
    expect(readAppMessage(appMessage('storeFileUnusable', { file: 'elb-desk.json', detail: 'bad JSON', where: notCopied }))).toEqual({
      code: 'storeFileUnusable',
      params: { file: 'elb-desk.json', detail: 'bad JSON', where: notCopied },
    });
  });

  it('writes numbers and the exact English a user saw before (tests and logs keep matching)', () => {
    expect(appMessage('lbNotActive', { state: 'PENDING_UPDATE' })).toBe('The load balancer is still PENDING_UPDATE; try again when it is ACTIVE.');
    expect(appMessage('draftChangedElsewhere', { current: 4, yours: 3 })).toBe('This draft was changed elsewhere (revision 4, you had 3). Reload it to continue.');
    expect(appMessage('netCancelled')).toBe('The request was cancelled.');
  });

  it('reads the cloud\'s refusals in each shape, the cloud\'s own message whole', () => {
    expect(readAppMessage('The cloud refused the request (HTTP 403 ELB.1101): not allowed: project p1')).toEqual({ code: 'cloudRefusedCodeSaid', params: { httpStatus: '403', errorCode: 'ELB.1101', cloudMessage: 'not allowed: project p1' } });
    expect(readAppMessage('The cloud refused the request (HTTP 500): (HTTP 502 x)')).toEqual({ code: 'cloudRefusedSaid', params: { httpStatus: '500', cloudMessage: '(HTTP 502 x)' } });
    expect(readAppMessage('The cloud refused the request (HTTP 404 APIGW.0101)')).toEqual({ code: 'cloudRefusedCode', params: { httpStatus: '404', errorCode: 'APIGW.0101' } });
    expect(readAppMessage('The cloud refused the request (HTTP 503)')).toEqual({ code: 'cloudRefused', params: { httpStatus: '503' } });
  });

  it('a text that is not wholly one of them is none (a cloud\'s own words; a message with more around it)', () => {
    expect(readAppMessage('The cloud refused the request (HTTP forbidden)')).toBeNull();
    expect(readAppMessage('Note: The request was cancelled.')).toBeNull();
    expect(readAppMessage('The request was cancelled. Again.')).toBeNull();
    expect(readAppMessage('')).toBeNull();
  });
});
