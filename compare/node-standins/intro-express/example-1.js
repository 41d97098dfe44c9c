// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md) to measure and compare against Express 4.14 when the
// original repository is not at hand. intro-express example-1: one route that sends a small HTML
// document (the same text as the Rust example's, so that only the servers differ).
'use strict';
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;

const page = [
  '<!DOCTYPE html>',
  '<html lang="en">',
  '<head>',
  '<meta charset="utf-8">',
  '<title>Introduction to Express, example 1</title>',
  '</head>',
  '<body>',
  '<h1>This is example # 1</h1>',
  '</body>',
  '</html>',
  '',
].join('\n');

app.get('/', (req, res) => {
  res.send(page);
});

app.listen(port, () => {
  console.log('Server is running. Point your browser to: http://localhost:' + port);
});
