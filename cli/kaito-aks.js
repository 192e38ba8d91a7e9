#!/usr/bin/env node
'use strict';
// kaito-aks: the Day-2 CLI. The project has no build step, so this runs cli/main.ts through the
// project's TypeScript loader (transpile only). @kubernetes/client-node, which ships ES modules
// only, is loaded with import() by Node's own ES module loader.
require('../register-ts.cjs');
require('./main.ts').run();
