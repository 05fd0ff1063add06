// Validates an OpenAPI document with @readme/openapi-parser (an independent reference parser, not the generator that
// wrote it): node tools/contracts/validate-openapi.mjs docs/openapi.json. Prints "valid" or the errors; exit 0 or 1.
import { validate } from '@readme/openapi-parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate-openapi.mjs <openapi.json>');
  process.exit(2);
}

const result = await validate(file);
if (result.valid) {
  console.log(`valid (${result.warnings?.length ?? 0} warnings)`);
  for (const warning of result.warnings ?? []) console.log(`warning: ${warning.message}`);
} else {
  for (const error of result.errors) console.log(`error: ${error.message}`);
  process.exit(1);
}
