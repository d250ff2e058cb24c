// Main entry of @photostation/node-red-photostation: a flat list of re-exports.
export * from './photostation';
