// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md). send-vs-write example-1: res.send() five times; the
// first ends the response, the second throws (Express logs it and drops the connection).
'use strict';
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 5000;

app.get('/', (req, res) => {
  for (let n = 1; n <= 5; n++) {
    res.send('<h1>This is the response #: ' + n + '</h1>');
  }
});

app.listen(port, () => {
  console.log('The web server is running. Please open http://localhost:' + port + '/ in your browser.');
});
