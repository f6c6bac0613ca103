/**
 * A real OpenID provider for the tests: panva's `oidc-provider` (a certified OP) on a loopback
 * port, with one confidential test client (PKCE required, client_secret_basic, RP-initiated
 * logout back to the service) and test users. Any login works with any password (the provider's
 * own development sign-in page); the login's first word picks the user's directory groups:
 * `clerk-…` KCPD-Records-Clerks, `prosecutor-…` KCPD-Prosecutors, `auditor-…` KCPD-Records-Auditors,
 * `admin-…` KCPD-Records-Admins, anything else only KCPD-Everyone (a member of staff with no role here).
 * Its store is a Map the tests can reach into, e.g. to make an authorization code expire now.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';

export const TEST_CLIENT_ID = 'footage-release';
export const TEST_CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
export const TEST_ROLE_MAP =
  'KCPD-Records-Clerks:clerk,KCPD-Prosecutors:prosecutor,KCPD-Records-Auditors:auditor,KCPD-Records-Admins:admin';

const GROUPS: Readonly<Record<string, string>> = {
  clerk: 'KCPD-Records-Clerks',
  prosecutor: 'KCPD-Prosecutors',
  auditor: 'KCPD-Records-Auditors',
  admin: 'KCPD-Records-Admins',
};
export const groupsOf = (login: string): string[] => {
  const g = GROUPS[login.split('-')[0] ?? ''];
  return g ? ['KCPD-Everyone', g] : ['KCPD-Everyone'];
};

export interface TestProvider {
  issuer: string;
  /** Every stored artefact by model name then id (authorization codes under 'AuthorizationCode'). */
  store: Map<string, Map<string, AdapterPayload>>;
  stop(): Promise<void>;
}

function mapAdapter(store: Map<string, Map<string, AdapterPayload>>) {
  return (name: string): Adapter => {
    const items = store.get(name) ?? new Map<string, AdapterPayload>();
    store.set(name, items);
    const each = (pred: (p: AdapterPayload) => boolean) => [...items.values()].find(pred);
    return {
      upsert(id, payload) {
        items.set(id, { ...payload });
        return Promise.resolve();
      },
      find(id) {
        return Promise.resolve(items.get(id));
      },
      findByUserCode(userCode) {
        return Promise.resolve(each((p) => p.userCode === userCode));
      },
      findByUid(uid) {
        return Promise.resolve(each((p) => p.uid === uid));
      },
      consume(id) {
        const p = items.get(id);
        if (p) p.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy(id) {
        items.delete(id);
        return Promise.resolve();
      },
      revokeByGrantId(grantId) {
        for (const [id, p] of items) if (p.grantId === grantId) items.delete(id);
        return Promise.resolve();
      },
    };
  };
}

/** Starts the provider; `redirectUri` is the service's OIDC_REDIRECT_URI, `postLogoutRedirectUri` where its logout returns. */
export async function startTestProvider(opts: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  port?: number;
}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = new Map<string, Map<string, AdapterPayload>>();
  const provider = new Provider(issuer, {
    adapter: mapAdapter(store),
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        client_name: 'Footage Release & Retention Manager (test)',
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // The service is a confidential client and still must use PKCE.
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    cookies: { keys: ['oidc-provider-test-cookie-key-0123456789'] },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body><main>
<h1>Sign out of the test identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button></main></body></html>`;
          return Promise.resolve();
        },
      },
    },
    findAccount(_ctx, id) {
      return {
        accountId: id,
        claims: () => ({ sub: id, preferred_username: id, name: id, email: `${id}@kcpd.example`, groups: groupsOf(id) }),
      };
    },
    // A first-party client: the department has consented for its staff, so no consent page.
    async loadExistingGrant(ctx) {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      session.ensureClientContainer(client.clientId);
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));
  return {
    issuer,
    store,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
