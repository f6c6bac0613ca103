import { expect } from 'chai';
import { parseRoleMap } from '../../src/config';
import { mapRole } from '../../src/domain/auth/role-mapping';

describe('role mapping from identity-provider claims', () => {
  const map = parseRoleMap('KCPD-Records-Clerks:clerk, KCPD-Prosecutors:prosecutor,urn:kcpd:groups:auditors:auditor');

  it('gives the role of the first mapping the claim holds, in ROLE_MAP order', () => {
    expect(mapRole({ groups: ['KCPD-Prosecutors', 'KCPD-Records-Clerks'] }, 'groups', map)).to.deep.include({ role: 'clerk' });
    expect(mapRole({ groups: 'KCPD-Prosecutors' }, 'groups', map)).to.deep.include({ role: 'prosecutor' });
  });

  it('splits a mapping at its last colon, so claim values may be URNs', () => {
    expect(mapRole({ groups: ['urn:kcpd:groups:auditors'] }, 'groups', map)).to.deep.include({ role: 'auditor' });
  });

  it('reads nested claims by a dotted path (Keycloak realm roles)', () => {
    expect(mapRole({ realm_access: { roles: ['offline_access', 'auditor'] } }, 'realm_access.roles', null)).to.deep.include({
      role: 'auditor',
    });
  });

  it('gives no role when the claim is missing, maps nothing, or names an unknown or non-staff role', () => {
    expect(mapRole({}, 'groups', map)).to.deep.include({ role: null, why: 'claim-missing' });
    expect(mapRole({ groups: ['KCPD-Everyone'] }, 'groups', map)).to.deep.include({ role: null, why: 'not-mapped' });
    expect(mapRole({ roles: ['superuser', 'ingest'] }, 'roles', null)).to.deep.include({ role: null, why: 'not-mapped' });
  });
});
