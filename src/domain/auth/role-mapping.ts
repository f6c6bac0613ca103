/**
 * From the identity provider's claims to one staff role. ROLE_CLAIM names the claim (dotted for
 * nested ones, e.g. Keycloak's `realm_access.roles`); its value may be a string or a list of
 * strings. With ROLE_MAP, the first mapping (in ROLE_MAP's order) whose value the claim holds
 * gives the role; without it, the first of the claim's values that is a staff role name gives the role. Anything else
 * (claim missing, no value mapped, an unknown role name) gives no role: no access.
 */
import { STAFF_ROLES, type StaffRole } from '../../auth/roles';

export type RoleMap = ReadonlyArray<{ value: string; role: StaffRole }>;

export type RoleMapping = { role: StaffRole; values: string[] } | { role: null; values: string[]; why: 'claim-missing' | 'not-mapped' };

/** The claim at a dotted path (`groups`, `realm_access.roles`); an exact key with dots wins (URIs as claim names). */
function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (path in claims) return claims[path];
  let cur: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function claimValues(claims: Readonly<Record<string, unknown>>, path: string): string[] | null {
  const raw = claimAt(claims, path);
  if (raw === undefined || raw === null) return null;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string');
}

export function mapRole(claims: Readonly<Record<string, unknown>>, claimPath: string, roleMap: RoleMap | null): RoleMapping {
  const values = claimValues(claims, claimPath);
  if (values === null) return { role: null, values: [], why: 'claim-missing' };
  if (roleMap) {
    const hit = roleMap.find((m) => values.includes(m.value));
    return hit ? { role: hit.role, values } : { role: null, values, why: 'not-mapped' };
  }
  const direct = values.find((v): v is StaffRole => (STAFF_ROLES as readonly string[]).includes(v));
  return direct ? { role: direct, values } : { role: null, values, why: 'not-mapped' };
}
