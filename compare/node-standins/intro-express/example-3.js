// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md). intro-express example-3: static files plus GET /about.
'use strict';
const path = require('path');
const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;
const www = path.join(__dirname, '..', '..', '..', 'www', 'intro-express');

app.use(express.static(www));
app.get('/about', (req, res) => {
  res.sendFile(path.join(www, 'about.html'));
});

app.listen(port, () => {
  console.log('Server is running. Point your browser to: http://localhost:' + port);
});
