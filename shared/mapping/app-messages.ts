/**
 * The messages main writes into errors a user sees (an AppError's `message`, a cloud failure's message and hint), as
 * English templates with `{{name}}` placeholders. Main builds each of them here (`appMessage`); the window recognises
 * one in a message it receives (`readAppMessage`: the whole text must be exactly one template with its values) and says
 * it in its own language (renderer/src/lib/errors.ts, catalogues `errors.messages`). A message that is none of them —
 * a cloud's own `error_msg`, a file system error — is shown as it came. Logs, files and the journal keep the English.
 * No zod and no Node here: the renderer imports it.
 */
import { NESTED_PARAMS } from './nested-params';

export const APP_MESSAGES = {
  // A submit, an edit, a delete and what they wait for.
  lbNotActive: 'The load balancer is still {{state}}; try again when it is ACTIVE.',
  outcomeStillUnknown: '{{step}}: the outcome stayed unknown after {{rounds}} checks. Submit again to reconcile.',
  submitRunning: 'A submit of this draft is running; wait for it to end.',
  noSubmissionToRollBack: 'This draft has no submission to roll back.',
  noSuchOrphan: 'This submission lists no such backend server group to remove.',
  groupNowUsedNotRemoved: 'The backend server group {{group}} is now used by listener {{listener}}; it was not removed.',
  groupNowUsedNotDeleted: 'The backend server group is now used by listener {{listeners}}; it was not deleted.',
  listenerDeletedMeanwhile: 'The listener {{id}} was deleted meanwhile. You can create it anew from this draft (it becomes a new-listener draft).',
  someoneChanged: 'Someone changed {{fields}} since this draft was made; choose base, theirs or mine for each before submitting.',
  severalNewGroups: 'Several new backend server groups ({{groups}}) could be the one this edit created; check them in the console.',
  // Accounts: Test connection.
  connectedOne: 'Connected to {{region}}: {{count}} load balancer visible.',
  connectedMany: 'Connected to {{region}}: {{count}} load balancers visible.',
  // What a step of a submit says while it waits or after it stopped (a step's `error`; `reason` is the error it quotes).
  recheckCreated: '{{reason}} — checking whether it was created before trying again.',
  recheckLive: '{{reason}} — checking the live state before trying again.',
  lbBusy: 'The load balancer is busy; waiting until it is ACTIVE.',
  notCreated: 'Not created (checked by name and creation time).',
  rollbackFailed: 'Rollback failed: {{reason}}',
  // Drafts.
  draftSubmittingNoEdit: 'This draft is being submitted and cannot be edited now.',
  draftSubmittedNoEdit: 'This draft was submitted already; duplicate it to make a new listener.',
  draftChangedElsewhere: 'This draft was changed elsewhere (revision {{current}}, you had {{yours}}). Reload it to continue.',
  draftSubmittingNoDiscard: 'This draft is being submitted; wait for the submit to finish before discarding it.',
  // Things that are not there (any more).
  noAccount: 'There is no account with ID {{id}}.',
  noDraft: 'There is no draft with ID {{id}}.',
  noFleetPlan: 'There is no fleet plan with ID {{id}}.',
  noFleetRun: 'There is no fleet run with ID {{id}}.',
  noBackup: 'There is no backup named {{file}}.',
  listenerNotCached: 'Listener {{id}} is not in the cached inventory; sync to refresh it.',
  noCachedInventory: 'There is no cached inventory of {{region}} for this account; sync first.',
  noChosenListenerCached: 'None of the chosen listeners is in the cached inventory; sync to refresh it.',
  // Fleet runs and IP address groups.
  fleetPlanSavedElsewhere: 'The fleet plan was saved elsewhere (revision {{current}}, this edit was based on {{yours}}); reload it.',
  fleetPlanChanged: 'The fleet plan changed; reload it before moving ports.',
  fleetPlanRunGoing: 'A run of this plan is still going ({{run}}); wait for it to end or cancel it before applying the plan again.',
  fleetRunGoing: 'This fleet run is still going; wait for it to end (or cancel it) before retrying.',
  fleetRunNothingToRetry: 'This fleet run has no failed or cancelled target to retry.',
  ipGroupGone: 'The IP address group no longer exists.',
  ipGroupCreateInFlight: 'An earlier request to create "{{name}}" may still be in progress; try again in {{seconds}} s.',
  ipGroupPlanChanged: 'The IP address group or its listeners changed since the plan was shown. Review the new plan and apply again.',
  // The data folder: what the store's status says (its sentences: StoreStatus.messageParts) and its refusals. A value
  // named `reason` or `where` may be a message itself (said in the window's language too); an OS error is kept as it came.
  storeFolderReadOnly: 'The data folder {{dir}} is not writable ({{reason}}); opened read-only. Fix its permissions and restart ELB Desk.',
  storeFileUnreadable: "Cannot read {{file}} ({{reason}}); opened read-only with no data. Fix the file's permissions and restart ELB Desk.",
  storeFileUnusable: 'The data file {{file}} could not be used: {{detail}}. It was not changed, and a copy of its bytes is kept as {{where}}.',
  storeCopyNotMade: '(a copy could not be made: {{reason}}; the file itself is left untouched)',
  storeRestoreOrEmpty: 'Restore a backup ({{files}}) or start with empty data.',
  storeNoBackupToRestore: 'No backup is available: start with empty data, or repair the file by hand.',
  storeFileNewer: 'The data file was written by a newer ELB Desk (schema {{version}}); opened read-only. Update ELB Desk to edit it.',
  storeDraftLogUnreadable: 'Cannot read {{file}} ({{reason}}), which holds the latest saved edits of drafts.',
  storeDraftLogUnreadableNoChange: 'Cannot read {{file}} ({{reason}}), which holds the latest saved edits of drafts. Nothing was changed.',
  storeOpenedReadOnlyFix: "Opened read-only; fix the file's permissions and restart ELB Desk.",
  storeDraftLogNewer: '{{file}} holds edits saved by a newer ELB Desk (record format {{version}}); opened read-only. Update ELB Desk to edit these drafts.',
  storeDraftLogNewerRefused: '{{file}} holds edits saved by a newer ELB Desk; update ELB Desk to open this data folder.',
  storeStartedEmpty: 'Started with empty data.',
  storeRestored: 'Restored the backup {{file}}.',
  storeNewerKept: 'The newer file was kept in {{dir}}/.',
  storeDraftKeptOne: 'The {{count}} draft in {{dir}}/ was kept.',
  storeDraftsKeptMany: 'The {{count}} drafts in {{dir}}/ were kept.',
  storeSaveFailed: "Could not save {{file}}: {{reason}}. Your changes are kept in memory; free disk space or fix the folder's permissions, then retry.",
  storeSaveFailedKept: 'Could not save {{file}}: {{reason}}. Your changes are kept in memory until a save succeeds.',
  storeSaved: 'Saved.',
  storeNeedsRecovery: 'The data file needs recovery first: restore a backup or start with empty data.',
  storeReadOnly: 'The data file is open read-only.',
  storeFolderOpenReadOnly: 'The data folder is open read-only.',
  storeCopyBeforeReplaceFailed: 'Could not keep a copy of {{file}} before replacing it: {{reason}}. Nothing was changed.',
  draftsFolderUnreadable: 'The drafts folder {{dir}} could not be read ({{reason}}).',
  draftFileUnreadable: 'The draft file {{file}} could not be read ({{reason}}); it is not shown.',
  // Why a data file could not be used (a `detail` above); the JSON parser's and the schema check's own words as they came.
  fileEmpty: 'the file is empty',
  fileNulOne: 'the file holds {{count}} NUL byte out of {{total}}',
  fileNulMany: 'the file holds {{count}} NUL bytes out of {{total}}',
  fileNulOneCrash: 'the file holds {{count}} NUL byte out of {{total}} (typical of a crash or power loss during a write)',
  fileNulManyCrash: 'the file holds {{count}} NUL bytes out of {{total}} (typical of a crash or power loss during a write)',
  fileNotJson: 'it is not valid JSON, probably cut short ({{reason}})',
  fileSchemaVersion: 'its schemaVersion is not a whole number',
  fileNewerInvalid: 'it was written by a newer ELB Desk (schema {{version}}) and its known fields do not validate ({{issues}})',
  fileMigrationFailed: 'upgrading it from schema {{version}} failed ({{reason}})',
  fileStructureInvalid: 'its content does not match the expected structure ({{issues}})',
  draftInvalid: 'it is not a valid draft ({{issues}})',
  draftWrongName: 'it holds the draft {{id}}, whose file would be {{file}}',
  draftUnusableLeft: 'The draft file {{file}} could not be used: {{detail}}. It was left in place and is not shown.',
  draftUnusableSetAside: 'The draft file {{file}} could not be used: {{detail}}. It was set aside as {{where}}; the other drafts loaded normally.',
  draftUnusableNotSetAside: 'The draft file {{file}} could not be used: {{detail}}. It could not be set aside ({{cause}}); it was left in place and is not shown.',
  // The cloud answered with an error (its own error_msg is quoted as it came).
  cloudRefused: 'The cloud refused the request (HTTP {{httpStatus}})',
  cloudRefusedCode: 'The cloud refused the request (HTTP {{httpStatus}} {{errorCode}})',
  cloudRefusedSaid: 'The cloud refused the request (HTTP {{httpStatus}}): {{cloudMessage}}',
  cloudRefusedCodeSaid: 'The cloud refused the request (HTTP {{httpStatus}} {{errorCode}}): {{cloudMessage}}',
  // The cloud could not be reached or did not answer (a cloud failure's message).
  netConnectTimeout: 'The connection to the cloud timed out.',
  netNoAnswer: 'The cloud did not answer in time.',
  netDns: 'The cloud endpoint cannot be resolved (DNS): you may be offline.',
  netUnreachable: 'The cloud cannot be reached ({{code}}): you may be offline.',
  netUnreachableBecause: 'The cloud cannot be reached: {{reason}}',
  netTls: 'The TLS connection could not be verified ({{code}}).',
  netDropped: 'The connection was dropped before the reply arrived.',
  netCancelled: 'The request was cancelled.',
  netTooLarge: 'The reply was too large.',
  // What to do next (a cloud failure's hint).
  hintKeysRejected: 'The access key was rejected: check the AK/SK (and the security token for temporary keys).',
  hintForbidden: 'The IAM user is not allowed to do this: check its ELB permissions and the project.',
  hintEndpoint: 'Check the endpoint and region of the account.',
  hintThrottled: 'The API is throttling requests; try again in a few seconds.',
  hintServer: 'The cloud had a temporary problem; try again later.',
  hintMayHaveRun: 'The request may still have been carried out; the app checks before sending it again.',
  hintNetwork: 'Check the network connection and proxy settings.',
  hintNetworkRegion: 'Check the network connection, the region and the endpoint.',
  hintTryLater: 'Try again later.',
  hintCa: 'If a corporate proxy or private CA is in the way, add its CA certificate to the account.',
  hintProxy: 'Check the proxy address and its credentials.',
  hintTokenExpired: 'The temporary credentials (security token) have expired: enter fresh ones for this account.',
  hintClock: 'Check the system clock: requests are signed with the local time and the server allows 15 minutes of difference.',
} as const;

export type AppMessageCode = keyof typeof APP_MESSAGES;
export type AppMessageParams = Record<string, string | number>;

/** The message's English text with its values. */
export function appMessage(code: AppMessageCode, params: AppMessageParams = {}): string {
  return APP_MESSAGES[code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** What a placeholder's value can be, where it is narrower than any text (so no two templates read the same text). */
const VALUE_PATTERNS: Readonly<Record<string, string>> = {
  httpStatus: '(\\d{3})',
  errorCode: '(\\S+)',
  count: '(\\d+)',
  rounds: '(\\d+)',
  seconds: '(\\d+)',
  current: '(\\d+)',
  yours: '(\\d+)',
  version: '(\\d+)',
  total: '(\\d+)',
};

/** A template as a whole-text pattern: its placeholders (in order) and a regex capturing each value. */
interface Matcher {
  code: AppMessageCode;
  names: string[];
  re: RegExp;
}

let matchers: Matcher[] | null = null;

function matchersOf(): Matcher[] {
  return (matchers ??= (Object.keys(APP_MESSAGES) as AppMessageCode[]).map((code) => {
    const names: string[] = [];
    const parts = APP_MESSAGES[code].split(/\{\{(\w+)\}\}/);
    let source = '';
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        names.push(part);
        source += VALUE_PATTERNS[part] ?? '(.+?)';
      } else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    return { code, names, re: new RegExp(`^${source}$`, 's') };
  }));
}

/**
 * Which message `text` is, with its values — or null when it is none of them (shown as it came). A text two templates
 * read (one message quoting another: "Rollback failed: <a step's message>") is the one whose quoted value is itself a
 * message.
 */
export function readAppMessage(text: string): { code: AppMessageCode; params: Record<string, string> } | null {
  let first: { code: AppMessageCode; params: Record<string, string> } | null = null;
  for (const m of matchersOf()) {
    const hit = m.re.exec(text);
    if (!hit) continue;
    const params: Record<string, string> = {};
    m.names.forEach((name, i) => (params[name] = hit[i + 1]!));
    const read = { code: m.code, params };
    if (m.names.some((name) => NESTED_PARAMS.has(name) && readAppMessage(params[name]!) !== null)) return read;
    first ??= read;
  }
  return first;
}

/** Every message whose pattern matches `text` (one at most, for main's own texts: tests check that). */
export function matchingCodes(text: string): AppMessageCode[] {
  return matchersOf()
    .filter((m) => m.re.test(text))
    .map((m) => m.code);
}
