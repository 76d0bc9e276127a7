/** Cloud Manager ids and the author URL derived from them (src/cloud-manager.ts), as the CLI would use them. */
import { cloudManagerAuthorUrl, parseCloudManagerId } from '../../src/cloud-manager';
import { thrownBy } from '../helpers/errors';

test.each<[unknown, unknown]>([
  ['p14', 'e128'],
  ['14', '128'],
  [14, 128],
])('program %p and environment %p name https://author-p14-e128.adobeaemcloud.com', (program, environment) => {
  expect(cloudManagerAuthorUrl(program, environment)).toBe('https://author-p14-e128.adobeaemcloud.com');
});

test('ids of any length are accepted: Adobe documents none', () => {
  expect(parseCloudManagerId('program', 'p123456', 'programId')).toBe('123456');
  expect(parseCloudManagerId('environment', 'e23423423', 'environmentId')).toBe('23423423');
  expect(parseCloudManagerId('environment', 7, 'environmentId')).toBe('7');
});

test('a bad id is invalid_input (exit 2), named as the caller names it', () => {
  const e = thrownBy(() => cloudManagerAuthorUrl('p1234', 'e56x8', { program: '--program-id', environment: '--environment-id' }));
  expect([e.code, e.exitCode]).toEqual(['invalid_input', 2]);
  expect(e.message).toBe(
    '--environment-id "e56x8" is not a Cloud Manager environment id: digits without leading zeros, optionally prefixed with e, e.g. ' +
      'e5678 or 5678. Copy it from Cloud Manager (the environment in its URL, or in the author URL author-p<program>-e<environment>).',
  );
});

test('a number beyond the safe integers is refused: JavaScript may already have rounded it into another id', () => {
  expect(thrownBy(() => parseCloudManagerId('program', 2 ** 53 + 1, 'programId')).message).toMatch(/^programId "9007199254740992" is not/);
});
