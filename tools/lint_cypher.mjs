// Lint Neo4j-dialect Cypher with Neo4j's own language service (@neo4j-cypher/language-support).
// Reads a JSON list of {source, statement, schema?} on standard input; prints every error; exits 1 if any.
// A statement with a schema (a DbSchema: the GDS procedures of tools/gds_signatures.py) is linted against it,
// so that the linter checks procedure names, arity and YIELD columns.
// Undefined-$parameter diagnostics are filtered out with the package's isNotParamError, as values
// are only known at run time.
import * as ls from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));
let failures = 0;
for (const { source, statement, schema } of statements) {
  const result = ls.lintCypherQuery(statement, schema ?? {});
  const diagnostics = (Array.isArray(result) ? result : result.diagnostics ?? [])
    .filter((d) => d.severity === 1 || d.severity === 'Error' || d.severity === undefined)
    .filter((d) => ls.isNotParamError(d));
  for (const d of diagnostics) {
    failures += 1;
    console.log(`${source}: ${d.message}`);
  }
}
console.log(`cypher lint: ${statements.length} statement(s), ${failures} error(s)`);
process.exit(failures ? 1 : 0);
