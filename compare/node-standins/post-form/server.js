// STAND-IN, not the original: written for this workspace from the behaviour spec
// (compare/node-behaviour.md). post-form: the form page from www/post-form, and
// POST /form (JSON or urlencoded) logged at once and answered after 1 s.
'use strict';
const path = require('path');
const express = require('express');
const bodyParser = require('body-parser');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.use(bodyParser.json());
app.use(bodyParser.urlencoded({ extended: true }));
app.use(express.static(path.join(__dirname, '..', '..', '..', 'www', 'post-form')));

app.post('/form', (req, res) => {
  const { firstName, lastName } = req.body;
  console.log('you posted: First Name: ' + firstName + ', Last Name: ' + lastName);
  // A slow network, simulated: the answer comes a second later, without blocking anyone.
  setTimeout(() => {
    res.json({ firstName: firstName || null, lastName: lastName || null });
  }, 1000);
});

app.listen(port, () => {
  console.log('Server is running. Point your browser to: http://localhost:' + port);
});
