// The reference the local engine is compared with: each event through each function in node's V8,
// one fresh vm context per event, the code in strict mode as CloudFront runs it.
// stdin: {"functions": {name: code}, "events": [event, ...]}
// stdout: {name: [{"result": ...} | {"error": "..."}, ...]}
'use strict';
const vm = require('node:vm');

const MODULES = { crypto: require('node:crypto'), querystring: require('node:querystring'), buffer: require('node:buffer') };

function cloudfrontRequire(name) {
  if (name in MODULES) {
    return MODULES[name];
  }
  throw new Error(`Cannot find module "${name}"`);
}

async function run(code, event) {
  const context = vm.createContext({
    require: cloudfrontRequire,
    console: { log() {} },
    Buffer,
    __json: JSON.stringify(event),
  });
  try {
    vm.runInContext(`'use strict';${code}`, context, { timeout: 1000 });
    // Parsed inside the context, so the event's objects have that realm's prototypes.
    const result = await vm.runInContext('handler(JSON.parse(__json))', context, { timeout: 1000 });
    return JSON.parse(JSON.stringify({ result }));
  } catch (error) {
    return { error: String(error) };
  }
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const { functions, events } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const out = {};
  for (const [name, code] of Object.entries(functions)) {
    out[name] = [];
    for (const event of events) {
      out[name].push(await run(code, event));
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main();
