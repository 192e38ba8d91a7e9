#!/usr/bin/env node
'use strict';
// kaito-aks: the Day-2 CLI. The project has no build step, so this runs cli/main.ts through tsx's
// CommonJS loader. @kubernetes/client-node, which ships ES modules only, is loaded with import()
// by Node's own ES module loader.
require('tsx/cjs/api').register();
require('./main.ts').run();
