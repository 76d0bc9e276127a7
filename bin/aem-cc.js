#!/usr/bin/env node
'use strict';
// The handler's entry point: compiled code in dist/, nothing heavy loaded before the command is known.
require('../dist/src/cli')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
