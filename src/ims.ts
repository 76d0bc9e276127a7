/**
 * Adobe IMS client: the client-credentials token, the identity's organizations and profile, and token
 * validation. Endpoints and shapes are Adobe's public ones (docs/contract.md, "Adobe IMS").
 */
import { AemCcError } from './errors';
import { describeEndpoint, Http, HttpRequest, HttpResponse } from './http';
import { ErrorBody, ImsOrg, OrganizationsResponse, ProfileResponse, type Schema, TokenResponse, ValidateResponse } from './schemas';

export interface ImsOrgSummary {
  id: string;
  name: string;
}

export class ImsClient {
  constructor(
    private readonly http: Http,
    private readonly endpoint: string,
  ) {}

  async clientCredentialsToken(clientId: string, clientSecret: string, scopes: string): Promise<TokenResponse> {
    const req: HttpRequest = {
      method: 'POST',
      url: `${this.endpoint}/ims/token/v3`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopes }).toString(),
      idempotent: true, // asking for a token twice is harmless
      what: 'IMS token request',
      schema: TokenResponse,
    };
    const res = await this.http.send(req);
    if (res.status === 400 || res.status === 401) {
      const body = errorBody(res);
      const detail = body.error_description ? `: ${body.error_description}` : '';
      throw new AemCcError(
        'invalid_credentials',
        `IMS refused the client credentials (${res.status} ${body.error ?? 'error'}${detail}) ` +
          `at ${describeEndpoint(req.url)}; checked: AEM_CC_CLIENT_ID, AEM_CC_CLIENT_SECRET and AEM_CC_SCOPES against ` +
          `--ims-endpoint. Check them in the Adobe Developer Console project, and that the endpoint is the right IMS (prod or stage).`,
      );
    }
    expectOk(req, res);
    return this.http.parse(req, res, TokenResponse);
  }

  async organizations(token: string): Promise<ImsOrgSummary[]> {
    const req = this.get('/ims/organizations/v6', token, 'IMS organizations', OrganizationsResponse);
    const res = await this.http.send(req);
    this.expectAuthorized(req, res);
    const orgs = this.http.parse(req, res, OrganizationsResponse);
    return orgs.map(toSummary);
  }

  async profile(token: string): Promise<ProfileResponse> {
    const req = this.get('/ims/profile/v1', token, 'IMS profile', ProfileResponse);
    const res = await this.http.send(req);
    this.expectAuthorized(req, res);
    return this.http.parse(req, res, ProfileResponse);
  }

  async validate(token: string, clientId: string): Promise<ValidateResponse> {
    const path = `/ims/validate_token/v1?type=access_token&client_id=${encodeURIComponent(clientId)}`;
    const req = this.get(path, token, 'IMS token validation', ValidateResponse);
    const res = await this.http.send(req);
    expectOk(req, res);
    return this.http.parse(req, res, ValidateResponse);
  }

  private get(path: string, token: string, what: string, schema: Schema): HttpRequest {
    return {
      schema,
      method: 'GET',
      url: `${this.endpoint}${path}`,
      bearer: token,
      headers: { accept: 'application/json' },
      idempotent: true,
      what,
    };
  }

  private expectAuthorized(req: HttpRequest, res: HttpResponse): void {
    if (res.status === 401) {
      const body = errorBody(res);
      const { checked, fix } = this.http.explainRefusal();
      throw new AemCcError(
        'invalid_credentials',
        `IMS refused the access token (401 ${body.error ?? 'invalid_token'}) at ${describeEndpoint(req.url)}; checked: ${checked}. ` +
          `${fix}, and check that --ims-endpoint is the IMS that issued it (prod or stage).`,
      );
    }
    expectOk(req, res);
  }
}

function toSummary(o: ImsOrg): ImsOrgSummary {
  return { id: `${o.orgRef.ident}@${o.orgRef.authSrc}`, name: o.orgName };
}

export function errorBody(res: HttpResponse): ErrorBody {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(res.text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function expectOk(req: HttpRequest, res: HttpResponse): void {
  if (res.status >= 200 && res.status < 300) return;
  const body = errorBody(res);
  const detail = body.error_description ?? body.message ?? body.error;
  throw new AemCcError(
    'remote_error',
    `${req.what} (${req.method} ${describeEndpoint(req.url)}) answered ${res.status}${detail ? ` (${detail})` : ''}; ` +
      `this answer was not expected. Check the URL and endpoint settings; if they are right, retry later.`,
  );
}
