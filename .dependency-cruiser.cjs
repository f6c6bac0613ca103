/**
 * Layering, checked by `npm run depcheck` (dependency-cruiser):
 * - engine is pure: it imports only zod, luxon and other engine files (no node built-ins, no db, no http);
 * - domain owns its store interfaces and never reaches for persistence, http, mongoose or koa;
 * - http talks to the domain only, never to persistence or mongoose.
 * Type-only imports count too (tsPreCompilationDeps), so a port cannot quietly borrow a mongoose type.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment: 'src/engine may import only zod, luxon and other engine files.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { pathNot: ['^src/engine/', '(^|/)node_modules/(zod|luxon)/'] },
    },
    {
      name: 'domain-not-to-infrastructure',
      comment: 'src/domain defines ports; persistence implements them. No persistence, http, mongoose or koa here.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^src/persistence/', '^src/http/', '(^|/)node_modules/(mongoose|mongodb|bson|koa|@koa)/'] },
    },
    {
      name: 'http-not-to-persistence',
      comment: 'src/http calls the domain; the composition root (src/deps.ts) wires persistence in.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/persistence/', '(^|/)node_modules/(mongoose|mongodb|bson)/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo would otherwise slip past the rules above).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
