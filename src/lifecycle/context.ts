/**
 * The seam between the lifecycle commands and the outside world. The CLI builds one from the real IMS
 * and AEM clients (src/cli/context.ts); unit tests build one from fakes. Only the methods the commands
 * call are part of it, so a fake needs nothing else.
 */
import type { AemClient } from '../aem';
import type { TokenProvider } from '../credentials';
import type { ImsClient } from '../ims';
import type { Logger } from '../log';

export interface Context {
  ims: Pick<ImsClient, 'organizations' | 'profile'>;
  aem: Pick<AemClient, 'currentUser' | 'getBinding' | 'putBinding' | 'notAdmin'>;
  tokens: Pick<TokenProvider, 'token'>;
  logger: Logger;
  /** The environment's author URL, for messages. */
  authorUrl: string;
  /**
   * What the command acts with: a user token, or client credentials (a technical account, which can
   * read but cannot switch: identity.ts).
   */
  credential: 'user' | 'client';
}
