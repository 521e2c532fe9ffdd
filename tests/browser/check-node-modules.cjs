// Exit 0 if HERE/node_modules holds the packages at the versions pinned in
// HERE/package-lock.json, 1 otherwise. Usage: node check-node-modules.cjs HERE
'use strict';
const fs = require('fs');
const path = require('path');

const here = process.argv[2] || __dirname;
let lock;
try {
  lock = JSON.parse(fs.readFileSync(path.join(here, 'package-lock.json'), 'utf8'));
} catch (e) {
  console.error(`check-node-modules: cannot read package-lock.json: ${e.message}`);
  process.exit(1);
}
for (const [where, pkg] of Object.entries(lock.packages || {})) {
  if (!where.startsWith('node_modules/')) continue;
  let installed;
  try {
    installed = JSON.parse(fs.readFileSync(path.join(here, where, 'package.json'), 'utf8')).version;
  } catch {
    process.exit(1);
  }
  if (installed !== pkg.version) process.exit(1);
}
process.exit(0);
