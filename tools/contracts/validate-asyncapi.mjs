// Validates an AsyncAPI document with the reference parser (@asyncapi/parser), resolving its relative $refs
// (schemas/*.json) from the file's own folder. Prints every diagnostic; exits 1 on any error, 2 on bad usage.
import { Parser, fromFile } from '@asyncapi/parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate-asyncapi.mjs <asyncapi.yaml>');
  process.exit(2);
}

const { document, diagnostics } = await fromFile(new Parser(), file).parse();
const severities = ['error', 'warning', 'info', 'hint'];
for (const d of diagnostics) {
  console.log(`${severities[d.severity] ?? d.severity}: ${d.code}: ${d.message} at /${d.path.join('/')}`);
}
const errors = diagnostics.filter(d => d.severity === 0).length;
if (!document || errors > 0) {
  console.log(`INVALID: ${errors} error(s)`);
  process.exit(1);
}
console.log(`VALID: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations, ${document.components().messages().length} messages`);
