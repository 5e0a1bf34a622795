/**
 * Someone who clones the repository has only the repository: every document a comment or a string cites must be in
 * it, every quoted section of a document must be one of its headings, and no comment may lean on the project's
 * tracker. This reads every TypeScript file on disk, so a new file is checked without anyone listing it; the second
 * half feeds the same checks sources that break each rule, to show each one fails. Those sources are built from
 * pieces (the section sign written as an escape, the Markdown extension in its own constant) so that this file
 * itself passes the check it runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type RepoView, resolveDoc, selfContainedProblems, textPieces } from './self-contained.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['src', 'test', 'bench', 'chaos', 'scripts', 'commands', 'jobs', 'bin'];

function typeScriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return /\.(ts|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

function markdownHeadings(text: string): string[] {
  const headings: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) headings.push(m[1]!);
  }
  return headings;
}

const disk: RepoView = {
  exists: (path) => {
    const full = join(ROOT, path);
    return existsSync(full) && statSync(full).isFile();
  },
  headings: (path) => markdownHeadings(readFileSync(join(ROOT, path), 'utf8')),
};

describe('the repository speaks for itself', () => {
  const files = FOLDERS.flatMap((folder) => typeScriptFiles(join(ROOT, folder)));

  it('no comment or string cites a document, a section or a tracker number from outside the repository', () => {
    expect(files.length).toBeGreaterThan(300);
    const findings = files.flatMap((file) => {
      const path = relative(ROOT, file).split(sep).join('/');
      return selfContainedProblems(path, readFileSync(file, 'utf8'), disk);
    });
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.problem}`)).toEqual([]);
  });

  it('reads the citations the code does make, so the check above has something to check', () => {
    const rules = readFileSync(join(ROOT, 'src/byoc/doctor/rules-genesys-trunk.ts'), 'utf8');
    const cited = textPieces(rules).filter((p) => p.text.includes('docs/vendor-facts.md, "'));
    expect(cited.length).toBeGreaterThan(5);
    expect(disk.headings('docs/vendor-facts.md')).toContain('Twilio REST conventions');
  });
});

describe('the check fails when a citation points outside', () => {
  const MD = '.md';
  const SECTION = '\u00a7';
  const FACTS = `docs/vendor-facts${MD}`;
  const repo: RepoView = {
    exists: (path) => ['docs/vendor-facts.md', 'docs/byoc-checklist.md', 'README.md'].includes(path),
    headings: (path) => (path === 'docs/vendor-facts.md' ? ['Vendor facts', 'Twilio credentials'] : []),
  };
  const problems = (source: string, file = 'src/twilio/example.ts') =>
    selfContainedProblems(file, source, repo).map((f) => `${f.line}: ${f.problem}`);

  it('a document that is not in the repository, in a comment or in a string', () => {
    expect(problems(`// The fake follows twilio${MD} ${SECTION}3.\nconst a = 1;\n`)).toEqual([
      `1: cites twilio${MD}, which is not in the repository`,
      `1: a ${SECTION} that names neither the guide, an RFC nor a document of the repository: "…The fake follows twilio${MD} ${SECTION}3.…"`,
    ]);
    expect(problems(`export const rule = { enforces: 'Vendor genesys-cloud${MD}: connected' };\n`)).toEqual([
      `1: cites genesys-cloud${MD}, which is not in the repository`,
    ]);
    expect(problems(`const doc = new URL('../nope${MD}', import.meta.url);\n`, 'test/x/a.test.ts')).toEqual([
      `1: cites ../nope${MD}, which is not in the repository`,
    ]);
  });

  it('a bare section sign, while the guide, an RFC and the repository documents may be cited by section', () => {
    expect(problems(`/** Retries a 429 (${SECTION}12). */\nexport const a = 1;\n`)).toEqual([
      `1: a ${SECTION} that names neither the guide, an RFC nor a document of the repository: "…Retries a 429 (${SECTION}12).…"`,
    ]);
    expect(problems(`/** Ok. Vendor ${SECTION}8: every edge. */\nexport const a = 1;\n`)).toHaveLength(1);
    expect(
      problems(`/** Guide, Trunk ${SECTION}1 and Twilio ${SECTION}2.3: the identifier. */\nexport const a = 1;\n`),
    ).toEqual([]);
    expect(problems(`// SIP reason phrases (RFC 3261 ${SECTION}21).\nexport const a = 1;\n`)).toEqual([]);
  });

  it('a section that is not a heading of the document it names', () => {
    expect(problems(`// Write-only (${FACTS}, "Twilio credentials").\nexport const a = 1;\n`)).toEqual([]);
    expect(
      problems(
        `/**\n * Write-only (${FACTS}, "Twilio\n * passwords", "Twilio credentials").\n */\nexport const a = 1;\n`,
      ),
    ).toEqual([
      `1: cites docs/vendor-facts${MD}, "Twilio passwords", which is not a heading of docs/vendor-facts${MD}`,
    ]);
  });

  it('a tracker number in a comment, but not a public repository reference or a colour in a string', () => {
    expect(problems('// Fixed for issue 6.\nexport const a = 1;\n')).toEqual([
      '1: names a tracker number ("issue 6"); say why in words or cite a public source',
    ]);
    expect(problems('export const a = 1; // see #12\n')).toEqual([
      '1: names a tracker number ("#12"); say why in words or cite a public source',
    ]);
    expect(problems('/** Moved here by PR 3. */\nexport const a = 1;\n')).toHaveLength(1);
    expect(problems('// MyPureCloud/terraform-provider-genesyscloud#150 describes it.\nexport const a = 1;\n')).toEqual(
      [],
    );
    expect(problems("export const colour = '#123456'; // issue-free\n")).toEqual([]);
  });

  it('finds a bare document name in docs/ or at the root, and a relative path from the citing file', () => {
    expect(resolveDoc(`vendor-facts${MD}`, 'src/a.ts', repo)).toBe('docs/vendor-facts.md');
    expect(resolveDoc(`README${MD}`, 'src/a.ts', repo)).toBe('README.md');
    expect(resolveDoc(`../../docs/byoc-checklist${MD}`, 'test/doctor/rules.test.ts', repo)).toBe(
      'docs/byoc-checklist.md',
    );
    expect(resolveDoc(`twilio${MD}`, 'src/a.ts', repo)).toBeUndefined();
    expect(problems(`// https://github.com/twilio/twilio-node/blob/main/CHANGES${MD}\nexport const a = 1;\n`)).toEqual(
      [],
    );
  });
});
