/**
 * The service as an OpenID Connect confidential client (panva's certified `openid-client`):
 * discovery, the authorization URL (code flow with PKCE S256, state and nonce), the code
 * exchange with its checks (state, PKCE, ID token signature, issuer, audience, nonce, expiry,
 * all done by the library), the claims (ID token, then UserInfo when the role claim is not in
 * the ID token), and the RP-initiated logout URL. Discovery happens on first use and is retried
 * after a failure, so the service starts even while the identity provider is unreachable.
 */
import * as client from 'openid-client';
import type { OidcSettings } from '../config';
import { AppError } from '../errors';
import { claimValues } from '../domain/auth/role-mapping';

export interface OidcIdentity {
  sub: string;
  /** ID token claims, with the UserInfo claims added when the role claim was not in the ID token. */
  claims: Record<string, unknown>;
  idToken: string | null;
}

/** Why the exchange failed, in the audit trail's words (see RefusalCode). */
export class SignInError extends Error {
  constructor(
    readonly code: 'IDP_ERROR' | 'STATE_MISMATCH' | 'NONCE_MISMATCH' | 'CODE_REJECTED' | 'ID_TOKEN_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The library's error (and its cause) as one of the refusal codes the audit trail records. */
function classify(e: unknown): SignInError {
  if (e instanceof AppError) throw e;
  if (e instanceof client.AuthorizationResponseError)
    return new SignInError(
      'IDP_ERROR',
      `the identity provider answered ${e.error}${e.error_description ? `: ${e.error_description}` : ''}`,
    );
  if (e instanceof client.ResponseBodyError)
    return new SignInError(
      'CODE_REJECTED',
      `the token endpoint answered ${e.error}${e.error_description ? `: ${e.error_description}` : ''}`,
    );
  const messages: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; cur = cur.cause, depth++) messages.push(cur.message);
  const text = messages.join(' / ');
  // oauth4webapi names the parameter or claim that failed its comparison: 'unexpected "state" response parameter value',
  // 'unexpected ID Token "nonce" claim value'.
  if (/"state"/.test(text)) return new SignInError('STATE_MISMATCH', text);
  if (/"nonce"/.test(text)) return new SignInError('NONCE_MISMATCH', text);
  return new SignInError('ID_TOKEN_INVALID', text || String(e));
}

export class OidcClient {
  private config: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  private configuration(): Promise<client.Configuration> {
    if (!this.config) {
      const issuer = new URL(this.settings.issuer);
      // Plain http is accepted by configuration only for a loopback issuer (tests, a local IdP).
      const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
      this.config = client
        .discovery(issuer, this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), {
          execute,
          timeout: 10,
        })
        .catch((e: unknown) => {
          this.config = null;
          const err = new AppError(
            'IDP_UNAVAILABLE',
            `The identity provider's discovery document could not be read from ${this.settings.issuer} (${e instanceof Error ? e.message : String(e)}).`,
          );
          err.cause = e;
          throw err;
        });
    }
    return this.config;
  }

  /** The identity provider's sign-in page for a new attempt. */
  async authorizationUrl(p: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const config = await this.configuration();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(p.codeVerifier),
      code_challenge_method: 'S256',
      state: p.state,
      nonce: p.nonce,
    });
  }

  /** Exchanges the code; every check failing is a SignInError naming which. */
  async exchange(callbackUrl: URL, p: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
    const config = await this.configuration();
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: p.codeVerifier,
        expectedState: p.state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw classify(e);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new SignInError('ID_TOKEN_INVALID', 'the token endpoint returned no ID token');
    const claims: Record<string, unknown> = { ...idClaims };
    // Many providers send groups only from UserInfo (or only when asked): ask when the ID token lacks the claim.
    if (claimValues(claims, this.settings.roleClaim) === null && config.serverMetadata().userinfo_endpoint) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        for (const [k, v] of Object.entries(info)) if (!(k in claims)) claims[k] = v;
      } catch (e) {
        throw new SignInError('ID_TOKEN_INVALID', `UserInfo could not be read: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return { sub: idClaims.sub, claims, idToken: tokens.id_token ?? null };
  }

  /** The identity provider's logout URL (RP-initiated logout), or null when it has none. */
  async endSessionUrl(idToken: string | null): Promise<URL | null> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
      client_id: this.settings.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }

  static randomState = () => client.randomState();
  static randomNonce = () => client.randomNonce();
  static randomCodeVerifier = () => client.randomPKCECodeVerifier();
}
