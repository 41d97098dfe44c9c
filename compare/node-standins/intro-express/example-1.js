// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md) to measure and compare against Express 4.14 when the
// original repository is not at hand. intro-express example-1: one route that returns HTML.
'use strict';
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/', (req, res) => {
  res.send('<h1>This is example # 1</h1>');
});

app.listen(port, () => {
  console.log('Server is running. Point your browser to: http://localhost:' + port);
});
