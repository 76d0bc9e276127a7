/**
 * Cloud Manager program and environment ids, and the author URL of the environment they name: the one
 * place that derives it. Teams know their environments by these ids (Cloud Manager shows them as
 * `p1234` and `e5678`, and its URLs carry them), so the construct accepts them instead of an author URL.
 *
 * Sources:
 * - The author URL: `https://author-p{PROGRAM_ID}-e{ENVIRONMENT_ID}.adobeaemcloud.com` (Adobe Experience
 *   League, "Configuring Advanced Networking", table "Useful Domains for Configuration";
 *   AdobeDocs/experience-manager-cloud-service.en, help/security/configuring-advanced-networking.md).
 * - The ids: digit strings of no documented fixed length (Cloud Manager API examples: program '14' and
 *   '2351', environment '128'; AdobeDocs/cloudmanager-api-docs, swagger-specs/api.yaml). Adobe's
 *   `aio cloudmanager` CLI takes an environment id with a leading `e` as found in Cloud Manager URLs (it
 *   strips it); the author host name writes the program id after a `p`. So each id is accepted bare or with
 *   its letter, in lower case as Adobe writes it.
 * - Our reading, not Adobe's words: the ids are whole numbers written without leading zeros (every example
 *   is), so `p01234` is refused as a typo: it would name another host than `p1234`, one that does not exist.
 */
import { invalidInput } from './errors';
import { show } from './log';

/** What each id is called in messages, and its letter. */
const KINDS = {
  program: { prefix: 'p', example: 'p1234 or 1234' },
  environment: { prefix: 'e', example: 'e5678 or 5678' },
} as const;

/**
 * A Cloud Manager id as its bare digits: `1234`, `'1234'` or `'p1234'` (program) / `'e1234'` (environment).
 * @param what how the id is named in the message, e.g. `programId`
 * @throws AemCcError `invalid_input` naming the id as given, what an id looks like, and where to copy it from
 */
export function parseCloudManagerId(kind: keyof typeof KINDS, raw: unknown, what: string): string {
  const { prefix, example } = KINDS[kind];
  const text = typeof raw === 'number' ? String(raw) : raw;
  const m = typeof text === 'string' ? new RegExp(`^${prefix}?([1-9][0-9]*)$`).exec(text) : null;
  if (m && (typeof raw !== 'number' || Number.isSafeInteger(raw))) return m[1];
  const given = typeof text === 'string' ? show(text) : `(${raw === null ? 'null' : `a ${typeof raw}`})`;
  throw invalidInput(
    `${what} ${given} is not a Cloud Manager ${kind} id: digits without leading zeros, optionally prefixed with ${prefix}, e.g. ${example}. ` +
      `Copy it from Cloud Manager (the ${kind} in its URL, or in the author URL author-p<program>-e<environment>).`,
  );
}

/**
 * The author URL of the environment a Cloud Manager program and environment id name:
 * `https://author-p<program>-e<environment>.adobeaemcloud.com` (see the sources above).
 * @throws AemCcError `invalid_input` from `parseCloudManagerId` for either id, named `programId` / `environmentId`
 *   unless `names` says otherwise
 */
export function cloudManagerAuthorUrl(
  programId: unknown,
  environmentId: unknown,
  names: { program: string; environment: string } = { program: 'programId', environment: 'environmentId' },
): string {
  const program = parseCloudManagerId('program', programId, names.program);
  const environment = parseCloudManagerId('environment', environmentId, names.environment);
  return `https://author-p${program}-e${environment}.adobeaemcloud.com`;
}
