/*
 * post-form page: posts the form to /form with fetch and shows the server's answer.
 *
 * Stable hooks (browser tests rely on them; keep them when changing the page):
 *   #form       the form; submitting it POSTs firstName and lastName to /form as
 *               application/x-www-form-urlencoded
 *   #firstName  text input
 *   #lastName   text input
 *   #submit     the submit button; disabled while a request is in flight
 *   #loading    the loading indicator; visible (no `hidden` attribute) only while waiting
 *   #answer     the section around the results; visible after a successful answer
 *   #results    <dl>: one <dt> (key) and one <dd> (value) per key of the JSON answer, in order;
 *               a null value is the text "null" (class value-null), an empty string is
 *               "(empty string)" (class value-empty)
 *   #error      the error message; visible only when the server answered an error status
 *               or could not be reached
 *   body[data-state]  "idle", "loading", "done" or "error"
 *
 * Everything the server sends is inserted with textContent, never as HTML.
 */
'use strict';

(function () {
  var form = document.getElementById('form');
  var firstName = document.getElementById('firstName');
  var lastName = document.getElementById('lastName');
  var submit = document.getElementById('submit');
  var loading = document.getElementById('loading');
  var answer = document.getElementById('answer');
  var results = document.getElementById('results');
  var errorBox = document.getElementById('error');

  document.body.dataset.state = 'idle';

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send();
  });

  async function send() {
    startWaiting();
    var body = new URLSearchParams();
    body.append('firstName', firstName.value);
    body.append('lastName', lastName.value);
    var response;
    try {
      response = await fetch('/form', { method: 'POST', body: body });
    } catch (networkError) {
      showError([
        text('p', 'The server could not be reached. Is it still running? Start it again and resubmit.')
      ]);
      return;
    }
    var detail = await readAnswer(response);
    if (response.ok && detail.json !== undefined && isObject(detail.json)) {
      showResults(detail.json);
    } else {
      showError(explain(response, detail));
    }
  }

  /* The body as JSON when it is JSON, and as text in any case. */
  async function readAnswer(response) {
    var raw = '';
    try {
      raw = await response.text();
    } catch (readError) {
      return { text: '' };
    }
    var isJson = (response.headers.get('Content-Type') || '').indexOf('application/json') === 0;
    if (isJson) {
      try {
        return { text: raw, json: JSON.parse(raw) };
      } catch (parseError) {
        // Not JSON after all: fall back to the text.
      }
    }
    return { text: raw };
  }

  /* A friendly explanation of an error answer, as a list of elements. */
  function explain(response, detail) {
    var status = response.status + (response.statusText ? ' ' + response.statusText : '');
    var said = detail.json && typeof detail.json.error === 'string'
      ? detail.json.error
      : detail.text.trim().slice(0, 300);

    if (response.status === 404 && said.indexOf('Cannot POST /form') === 0) {
      return [
        sentence('The server answered ', code(status), ': ', code(said), '.'),
        text('p', 'That is expected in example-1. The server serves this page, but no route ' +
          'handles POST /form yet, so the request falls through to the same "not found" ' +
          'answer as any unknown path.'),
        sentence('Stop the server and run ', code('cargo run -p post-form --bin example-2'),
          ': it adds the body parsers and the POST /form route.')
      ];
    }
    if (response.ok) {
      return [sentence('The server answered ', code(status),
        ' but not with a JSON object, so there is nothing to list.')];
    }
    var parts = [sentence('The server answered ', code(status), (said ? ':' : '.'))];
    if (said) {
      parts.push(text('p', said));
    }
    if (response.status === 413) {
      parts.push(text('p', 'Shorten the names and try again.'));
    }
    return parts;
  }

  function startWaiting() {
    document.body.dataset.state = 'loading';
    submit.disabled = true;
    loading.hidden = false;
    answer.hidden = true;
    errorBox.hidden = true;
    results.replaceChildren();
    errorBox.replaceChildren();
  }

  function stopWaiting(state) {
    loading.hidden = true;
    submit.disabled = false;
    document.body.dataset.state = state;
  }

  function showResults(object) {
    Object.keys(object).forEach(function (key) {
      var value = object[key];
      var shown = text('dd', describe(value));
      if (value === null) {
        shown.className = 'value-null';
      } else if (value === '') {
        shown.className = 'value-empty';
      }
      results.append(text('dt', key), shown);
    });
    answer.hidden = false;
    stopWaiting('done');
  }

  function showError(parts) {
    errorBox.replaceChildren.apply(errorBox, parts);
    errorBox.hidden = false;
    stopWaiting('error');
  }

  function describe(value) {
    if (value === null) {
      return 'null';
    }
    if (value === '') {
      return '(empty string)';
    }
    if (typeof value === 'string') {
      return value;
    }
    return JSON.stringify(value);
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /* An element whose only content is `content`, as text. */
  function text(tag, content) {
    var element = document.createElement(tag);
    element.textContent = content;
    return element;
  }

  function code(content) {
    return text('code', content);
  }

  /* A paragraph of strings (added as text) and elements. */
  function sentence() {
    var paragraph = document.createElement('p');
    paragraph.append.apply(paragraph, Array.prototype.slice.call(arguments));
    return paragraph;
  }
})();
