import { z } from 'zod';

/** clerk: records clerks; prosecutor: case status and court orders; auditor: retention and audit;
 *  counsel: the department's lawyers, who record determinations (issue 16); admin: everything;
 *  ingest: the evidence-system feed (a service account). */
export const ROLES = ['clerk', 'prosecutor', 'auditor', 'counsel', 'admin', 'ingest'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The roles people sign in with through the identity provider (ingest is a service account: bearer tokens only). */
export const STAFF_ROLES = ['clerk', 'prosecutor', 'auditor', 'counsel', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export interface Actor {
  sub: string;
  role: Role;
}

/** The caller of a public route (health, docs): never passes a role check. */
export interface Anonymous {
  sub: 'anonymous';
  role: 'anonymous';
}
export const ANONYMOUS: Anonymous = Object.freeze({ sub: 'anonymous', role: 'anonymous' });
