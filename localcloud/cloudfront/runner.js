// The JavaScript side of localcloud/cloudfront/function.py: one node process per CloudFront Function.
// Line protocol on stdin/stdout, one JSON object a line:
//   {"code": "..."}   -> {"ready": true} | {"error": "SyntaxError: ..."}
//   {"event": {...}}  -> {"result": <what handler returned>, "logs": [...]} | {"error": "...", "logs": [...]}
// Each event runs in a fresh V8 context holding only the language's built-ins and what CloudFront
// adds (Buffer, console.log, require of its modules), so nothing survives from one request to the next.
'use strict';
const readline = require('node:readline');
const util = require('node:util');
const vm = require('node:vm');

const TIMEOUT_MS = Number(process.argv[2]);
const MODULES = {
  buffer: require('node:buffer'),
  crypto: require('node:crypto'),
  querystring: require('node:querystring'),
};
// In the context, so an async handler's awaits settle (and count against the timeout) in there.
const RUN = new vm.Script(
  'Promise.resolve().then(() => handler(__event)).then((r) => __done({ result: r }), (e) => __done({ error: e }))'
);

let script = null;

function cloudfrontRequire(name) {
  if (Object.hasOwn(MODULES, name)) {
    return MODULES[name];
  }
  if (name === 'cloudfront') {
    throw new Error('the cloudfront module (KeyValueStore, origin helpers) is not emulated locally');
  }
  throw new Error(`Cannot find module "${name}"`);
}

// Errors come from the function's own realm, where `instanceof Error` does not hold.
function message(error) {
  if (error !== null && typeof error === 'object' && 'name' in error && 'message' in error) {
    return `${error.name}: ${error.message}`;
  }
  return `Uncaught ${String(error)}`;
}

function newContext(logs) {
  return vm.createContext(
    { Buffer, require: cloudfrontRequire, console: { log: (...args) => logs.push(util.format(...args)) } },
    // CloudFront has no eval or new Function.
    { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' }
  );
}

function load(code) {
  try {
    // Strict mode, as CloudFront runs every function; on the first line, so line numbers hold.
    script = new vm.Script(`'use strict';${code}`, { filename: 'function.js' });
  } catch (error) {
    const line = /function\.js:(\d+)/.exec(error.stack || '');
    return { error: message(error) + (line ? ` (line ${line[1]})` : '') };
  }
  const context = newContext([]);
  try {
    script.runInContext(context, { timeout: TIMEOUT_MS });
  } catch (error) {
    // Top-level code that throws fails each request, as on CloudFront; one that never ends, never.
    return error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? { timeout: true } : { ready: true };
  }
  if (vm.runInContext('typeof handler', context) !== 'function') {
    return { error: 'the code defines no handler(event) function' };
  }
  return { ready: true };
}

function invoke(line) {
  const logs = [];
  const context = newContext(logs);
  let outcome = null;
  context.__line = line;
  context.__done = (value) => {
    outcome = value;
  };
  try {
    // Parsed in the context, so the event's objects have that realm's prototypes.
    vm.runInContext('var __event = JSON.parse(__line).event;', context);
    script.runInContext(context, { timeout: TIMEOUT_MS });
    RUN.runInContext(context, { timeout: TIMEOUT_MS });
  } catch (error) {
    if (error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return { timeout: true, logs };
    }
    return { error: message(error), logs };
  }
  if (outcome === null) {
    return { error: 'the handler returned a promise that never settled', logs };
  }
  return 'error' in outcome ? { error: message(outcome.error), logs } : { result: outcome.result, logs };
}

function serialise(reply) {
  try {
    return JSON.stringify(reply);
  } catch (error) {
    return JSON.stringify({ error: `the returned value cannot be serialised: ${message(error)}`, logs: reply.logs });
  }
}

async function main() {
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const request = JSON.parse(line);
    const reply = 'code' in request ? load(request.code) : invoke(line);
    process.stdout.write(serialise(reply) + '\n');
  }
}

main();
