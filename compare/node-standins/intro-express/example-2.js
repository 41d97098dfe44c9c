// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md). intro-express example-2: static files only. It serves
// the workspace's own www/intro-express, so both servers send the same bytes.
'use strict';
const path = require('path');
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;
const www = path.join(__dirname, '..', '..', '..', 'www', 'intro-express');

app.use(express.static(www));

app.listen(port, () => {
  console.log('Server is running. Point your browser to: http://localhost:' + port);
});
