/**
 * One error type (src/byoc/coded-error.ts): `CodedError` is the only class that extends `Error`, and a class that
 * extends `CodedError` is listed here with the reason a catch site needs its type. Everything else is a
 * `CodedError` with a code from ERROR_CODES, told apart by `hasCode`. Pure: file texts in, problems out, so the test
 * can feed it the real tree and a fixture that breaks each rule.
 */
import ts from 'typescript';

/** The file that defines the one error class. */
export const CODED_ERROR_FILE = 'src/byoc/coded-error.ts';

/** Subclasses of `CodedError` that may exist, each with why a plain `CodedError` will not do. */
export const CODED_ERROR_SUBCLASSES: readonly { file: string; name: string; why: string }[] = [
  {
    file: 'src/vendors/vendor-error.ts',
    name: 'VendorError',
    why: "a vendor's answer always has a vendor and a status, and the retry backoff reads its Retry-After",
  },
];

/** Every class in `source` with the expression after its `extends`, class expressions included. */
export function classesIn(fileName: string, source: string): { name: string; base: string }[] {
  const kind = /\.m?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind);
  const found: { name: string; base: string }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const extended = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (extended) found.push({ name: node.name?.text ?? '(anonymous)', base: extended.expression.getText(file) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** An `extends` naming an error class by its name: `Error`, `TypeError`, `bullmq.UnrecoverableError`, `CodedError`. */
const isErrorName = (base: string) => /(^|\.)\w*Error$/.test(base);

/** Every error class in `files` (path -> text) that breaks the rule, one line each. */
export function errorClassProblems(files: Record<string, string>): string[] {
  const classes = Object.entries(files).flatMap(([path, source]) =>
    // Parsing is the slow part: a file without the word `class` has none.
    /\bclass\b/.test(source) ? classesIn(path, source).map((c) => ({ path, ...c })) : [],
  );
  // An error class may be named like anything (`class NotPending extends ApprovalRefusal`): follow the bases.
  const errorNames = new Set<string>();
  for (let grown = true; grown; ) {
    grown = false;
    for (const { name, base } of classes) {
      const baseName = base.split('.').pop() ?? base;
      if (!errorNames.has(name) && (isErrorName(base) || errorNames.has(baseName))) {
        errorNames.add(name);
        grown = true;
      }
    }
  }
  const problems: string[] = [];
  const seen = new Set<(typeof CODED_ERROR_SUBCLASSES)[number]>();
  for (const { path, name, base } of classes) {
    if (!errorNames.has(name)) continue;
    if (path === CODED_ERROR_FILE && name === 'CodedError' && base === 'Error') continue;
    const listed = CODED_ERROR_SUBCLASSES.find((s) => s.file === path && s.name === name);
    if (listed && base === 'CodedError') {
      seen.add(listed);
      continue;
    }
    problems.push(
      `${path}: class ${name} extends ${base}; throw a CodedError with a code from ERROR_CODES (src/coded-error.ts)`,
    );
  }
  // A listed subclass that is gone (or no longer a CodedError) is taken off the list, so the list cannot rot.
  for (const s of CODED_ERROR_SUBCLASSES) {
    if (files[s.file] !== undefined && !seen.has(s)) problems.push(`${s.file}: ${s.name} is listed but not found`);
  }
  return problems;
}
