/**
 * AEM author client: the current user (public Granite endpoint) and the Creative Cloud binding
 * setting. Adobe does not publish the endpoint behind the settings page; ours is configurable
 * (`settingsPath`) and its semantics are the contract's (docs/contract.md, "AEM author").
 */
import { type ApiKey, apiKeyRefusal } from './api-key';
import { AemCcError } from './errors';
import { describeEndpoint, Http, HttpRequest, HttpResponse } from './http';
import { errorBody, expectOk } from './ims';
import { BindingState, CurrentUserResponse } from './schemas';

export type PutResult =
  { kind: 'ok'; state: BindingState } | { kind: 'precondition_failed' } | { kind: 'rejected'; status: number; error?: string; message?: string };

export class AemClient {
  constructor(
    private readonly http: Http,
    private readonly authorUrl: string,
    private readonly settingsPath: string,
    /** The `X-Api-Key` every request carries (none when it has no value); see api-key.ts. */
    private readonly apiKey: ApiKey,
  ) {}

  async currentUser(token: string): Promise<CurrentUserResponse> {
    const req: HttpRequest = {
      method: 'GET',
      url: `${this.authorUrl}/libs/granite/security/currentuser.json?props=memberOf`,
      bearer: token,
      headers: this.headers(),
      idempotent: true,
      what: 'AEM current user',
      schema: CurrentUserResponse,
    };
    const res = await this.send(req);
    this.expectAuthorized(req, res);
    this.expectFound(req, res, 'an AEM author at --author-url');
    expectOk(req, res);
    return this.http.parse(req, res, CurrentUserResponse);
  }

  async getBinding(token: string): Promise<BindingState> {
    const req = this.settingsRequest('GET', token);
    const res = await this.send(req);
    this.expectAuthorized(req, res);
    if (res.status === 403) throw this.notAdmin(req, res);
    this.expectFound(req, res, 'the Creative Cloud settings endpoint (--settings-path) on this author');
    expectOk(req, res);
    return this.http.parse(req, res, BindingState);
  }

  async putBinding(token: string, orgId: string, generation: number): Promise<PutResult> {
    const req = this.settingsRequest('PUT', token, { 'if-match': `"${generation}"`, 'content-type': 'application/json' }, JSON.stringify({ orgId }));
    const res = await this.send(req);
    this.expectAuthorized(req, res);
    if (res.status === 412) return { kind: 'precondition_failed' };
    if (res.status === 403 || res.status === 422) {
      const body = errorBody(res);
      return { kind: 'rejected', status: res.status, error: body.error, message: body.message ?? body.error_description };
    }
    this.expectFound(req, res, 'the Creative Cloud settings endpoint (--settings-path) on this author');
    expectOk(req, res);
    return { kind: 'ok', state: this.http.parse(req, res, BindingState) };
  }

  /**
   * `not_admin`: the current user is not in `administrators`, or AEM answered a 403 (`req`, `res`) that is
   * not about the client (those are `apiKeyRefusal`'s). AEM's own words are quoted when it gave any,
   * since a real AEM may mean something else by a 403 (e.g. "The access token is missing required scopes").
   */
  notAdmin(req?: HttpRequest, res?: HttpResponse): AemCcError {
    const body = res ? errorBody(res) : {};
    const said = body.detail ?? body.message ?? body.error_description;
    const saying = typeof said === 'string' && said ? `: ${JSON.stringify(said.length > 200 ? `${said.slice(0, 197)}...` : said)}` : '';
    return new AemCcError(
      'not_admin',
      `the acting identity is not an AEM Assets administrator of ${this.authorUrl}` +
        `${req ? ` (${req.method} ${describeEndpoint(req.url)} answered 403${saying})` : ''}; checked: membership of the ` +
        `"administrators" group in currentuser.json. Only an AEM Assets administrator may switch the Creative Cloud org: ` +
        `add this user to "administrators" in that environment (the "AEM Administrators" product profile of the environment, ` +
        `docs/going-live.md), or use the credentials of one who is.`,
    );
  }

  private settingsRequest(method: 'GET' | 'PUT', token: string, extra: Record<string, string> = {}, body?: string): HttpRequest {
    return {
      method,
      url: `${this.authorUrl}${this.settingsPath}`,
      bearer: token,
      headers: this.headers(extra),
      body,
      schema: BindingState,
      // The PUT carries If-Match: repeating it can never apply a stale change, so it is safe to retry.
      idempotent: true,
      what: method === 'GET' ? 'AEM Creative Cloud binding read' : 'AEM Creative Cloud binding write',
    };
  }

  /**
   * Sends a request; a 403 that refuses the client (the API key, or the environment's client allow
   * list) becomes its `invalid_credentials` error here, before any caller reads a 403 as "not an admin".
   */
  private async send(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.http.send(req);
    const refused = apiKeyRefusal(req, res, this.apiKey);
    if (refused) throw refused;
    return res;
  }

  /** The headers of every request: JSON, the API key when there is one, and `extra`. */
  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.apiKey.value !== undefined) headers['x-api-key'] = this.apiKey.value;
    return headers;
  }

  private expectAuthorized(req: HttpRequest, res: HttpResponse): void {
    if (res.status !== 401) return;
    const { checked, fix } = this.http.explainRefusal();
    throw new AemCcError(
      'invalid_credentials',
      `AEM refused the access token (401) at ${describeEndpoint(req.url)}; checked: ${checked}, sent in the Authorization ` +
        `header. ${fix}. Its identity must also be a user of this environment: check --author-url.`,
    );
  }

  private expectFound(req: HttpRequest, res: HttpResponse, what: string): void {
    if (res.status !== 404) return;
    throw new AemCcError(
      'remote_error',
      `${req.what}: ${req.method} ${describeEndpoint(req.url)} answered 404; checked: ${what}. ` +
        `Check --author-url (the author service of the environment) and --settings-path.`,
    );
  }
}
