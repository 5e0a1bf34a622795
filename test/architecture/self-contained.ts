/**
 * The repository explains itself: what a comment or a string cites must be in the repository or be public. These
 * checks read one file's source (its comments and string literals) against a view
 * of the repository (which files exist, which headings each document has) and list what points elsewhere:
 * - a `*.md` file that is not in the repository (a bare name is looked for in docs/ and at the root; a path starting
 *   with ./ or ../ is resolved from the citing file; another path from the root);
 * - a quoted section after a document, `docs/vendor-facts.md, "Twilio credentials"`, that is not one of its headings;
 * - a section sign whose sentence names neither the setup guide (docs/byoc-checklist.md says how it is cited), an
 *   RFC nor a document of the repository;
 * - in comments, a number of the project's tracker: the word issue or PR followed by a number, or a hash and digits.
 */
import ts from 'typescript';

export interface RepoView {
  /** Whether a repository-relative path (forward slashes) names a file. */
  exists(path: string): boolean;
  /** The heading texts of a repository-relative Markdown file. */
  headings(path: string): readonly string[];
}

export interface Finding {
  file: string;
  line: number;
  problem: string;
}

interface Piece {
  kind: 'comment' | 'string';
  text: string;
  line: number;
}

const LITERALS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

/**
 * Comments (consecutive `//` lines joined, `*` margins dropped) and string literals, as written in the source. The
 * parser finds the literals (regular expressions included); whatever `//` or `/*` starts outside them is a comment.
 */
export function textPieces(source: string): Piece[] {
  const file = ts.createSourceFile('piece.ts', source, ts.ScriptTarget.Latest, false);
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const literals: { start: number; end: number; kind: ts.SyntaxKind }[] = [];
  const visit = (node: ts.Node) => {
    if (LITERALS.has(node.kind)) literals.push({ start: node.getStart(file), end: node.end, kind: node.kind });
    ts.forEachChild(node, visit);
  };
  visit(file);
  literals.sort((a, b) => a.start - b.start);

  const pieces: Piece[] = [];
  let lastLineComment: { end: number; piece: Piece } | undefined;
  let next = 0;
  for (let i = 0; i < source.length; i++) {
    while (next < literals.length && literals[next]!.end <= i) next++;
    const literal = literals[next];
    if (literal && literal.start <= i) {
      if (literal.kind !== ts.SyntaxKind.RegularExpressionLiteral) {
        pieces.push({ kind: 'string', text: source.slice(literal.start, literal.end), line: lineOf(literal.start) });
      }
      i = literal.end - 1;
      continue;
    }
    if (source[i] !== '/' || (source[i + 1] !== '/' && source[i + 1] !== '*')) continue;
    const line = source[i + 1] === '/';
    const end = line ? source.indexOf('\n', i) : source.indexOf('*/', i + 2) + 2;
    const stop = line ? (end < 0 ? source.length : end) : end < 2 ? source.length : end;
    const raw = source.slice(i, stop);
    const text = line
      ? raw.replace(/^\/\/\s?/, '')
      : raw
          .replace(/^\/\*\*?/, '')
          .replace(/\*\/$/, '')
          .replace(/\n\s*\*(?!\/)/g, '\n');
    if (line && lastLineComment && /^[ \t]*\r?\n[ \t]*$/.test(source.slice(lastLineComment.end, i))) {
      lastLineComment.piece.text += ` ${text}`;
      lastLineComment.end = stop;
    } else {
      const piece: Piece = { kind: 'comment', text, line: lineOf(i) };
      pieces.push(piece);
      lastLineComment = line ? { end: stop, piece } : undefined;
    }
    i = stop - 1;
  }
  for (const p of pieces) if (p.kind === 'comment') p.text = p.text.replace(/\s+/g, ' ').trim();
  return pieces;
}

const URL_PATTERN = /\b[a-z][a-z+.-]*:\/\/[^\s)>'"`]+/gi;
const MD_PATTERN = /(?<![\w./-])((?:\.{1,2}\/)*(?:[\w-]+\/)*[\w.-]*[\w-]\.md)(?![\w-])/g;
const SECTIONS_AFTER = /^,?\s*("[^"]+"(?:\s*(?:,|and)\s*"[^"]+")*)/;
const ISSUE_PATTERNS = [/\bissues?\s*#?\d+\b/i, /\b(?:PR|pull request)\s*#?\d+\b/i, /(?:^|[\s([{,;:])#\d+\b/];

/** The repository path a cited `*.md` name stands for, or undefined when there is none. */
export function resolveDoc(cited: string, citingFile: string, repo: RepoView): string | undefined {
  const candidates: string[] = [];
  if (cited.startsWith('./') || cited.startsWith('../')) {
    const parts = citingFile.split('/').slice(0, -1);
    for (const part of cited.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.') parts.push(part);
    }
    candidates.push(parts.join('/'));
  } else if (cited.includes('/')) {
    candidates.push(cited);
  } else {
    candidates.push(`docs/${cited}`, cited);
  }
  return candidates.find((c) => repo.exists(c));
}

function docProblems(piece: Piece, file: string, repo: RepoView): string[] {
  const problems: string[] = [];
  const text = piece.text.replace(URL_PATTERN, (url) => ' '.repeat(url.length));
  for (const m of text.matchAll(MD_PATTERN)) {
    const cited = m[1]!;
    const doc = resolveDoc(cited, file, repo);
    if (!doc) {
      problems.push(`cites ${cited}, which is not in the repository`);
      continue;
    }
    const after = SECTIONS_AFTER.exec(text.slice((m.index ?? 0) + cited.length));
    if (!after) continue;
    const headings = repo.headings(doc);
    for (const [, section] of after[1]!.matchAll(/"([^"]+)"/g)) {
      if (!headings.includes(section!)) problems.push(`cites ${doc}, "${section}", which is not a heading of ${doc}`);
    }
  }
  for (const m of text.matchAll(/§/g)) {
    const before = text.slice(0, m.index);
    const sentence = before.slice(Math.max(before.lastIndexOf('. '), before.lastIndexOf('; ')) + 1);
    const anchored =
      /guide|\bRFC\s*\d+/i.test(sentence) ||
      [...sentence.matchAll(MD_PATTERN)].some((d) => resolveDoc(d[1]!, file, repo) !== undefined);
    if (!anchored) {
      const around = text.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + 10).trim();
      problems.push(`a \u00a7 that names neither the guide, an RFC nor a document of the repository: "…${around}…"`);
    }
  }
  return problems;
}

/** Everything in one file's comments and strings that points outside the repository. */
export function selfContainedProblems(file: string, source: string, repo: RepoView): Finding[] {
  const findings: Finding[] = [];
  for (const piece of textPieces(source)) {
    const problems = docProblems(piece, file, repo);
    if (piece.kind === 'comment') {
      for (const pattern of ISSUE_PATTERNS) {
        const m = pattern.exec(piece.text);
        if (m) problems.push(`names a tracker number ("${m[0].trim()}"); say why in words or cite a public source`);
      }
    }
    for (const problem of problems) findings.push({ file, line: piece.line, problem });
  }
  return findings;
}
