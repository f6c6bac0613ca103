// Placeholder root hook file; the foundation replaces it with the FerretDB lifecycle.
export const mochaHooks = {};
