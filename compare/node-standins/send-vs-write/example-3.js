// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md). send-vs-write example-3: five writes, then res.end().
'use strict';
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 5000;

app.get('/', (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  for (let n = 1; n <= 5; n++) {
    res.write('<h1>This is the response #: ' + n + '</h1>');
  }
  res.end();
});

app.listen(port, () => {
  console.log('The web server is running. Please open http://localhost:' + port + '/ in your browser.');
});
