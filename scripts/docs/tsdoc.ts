/**
 * Reads TSDoc from the sources with the TypeScript compiler: the comment and
 * `@default` of each member of an interface or of a `const` object literal.
 * Pulumi's component analyzer keeps the descriptions but drops `@default`,
 * so the defaults come from here.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";

/** One documented member. */
export interface MemberDoc {
  readonly name: string;
  /** The comment without its tags, on one line. */
  readonly comment: string;
  /** The `@default` tag's text, when there is one. */
  readonly default?: string;
}

/** The members of `interface <name>` or `const <name> = { … }` in `file`, in source order; undefined when absent. */
export function memberDocs(file: string, name: string): readonly MemberDoc[] | undefined {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  let members: readonly ts.Node[] | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) members = node.members;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      const literal = objectLiteralOf(node.initializer);
      if (literal) members = literal.properties;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return members
    ?.filter(
      (m): m is ts.PropertySignature | ts.PropertyAssignment =>
        ts.isPropertySignature(m) || ts.isPropertyAssignment(m),
    )
    .map((m) => docOf(m));
}

function objectLiteralOf(node: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  let current = node;
  while (
    current &&
    (ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isParenthesizedExpression(current))
  )
    current = current.expression;
  return current && ts.isObjectLiteralExpression(current) ? current : undefined;
}

function docOf(member: ts.PropertySignature | ts.PropertyAssignment): MemberDoc {
  const name = member.name.getText().replace(/^["']|["']$/g, "");
  const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
  const comment = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join(" ");
  const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
  const value = tag ? ts.getTextOfJSDocComment(tag.comment) : undefined;
  return {
    name,
    comment: oneLine(comment),
    ...(value === undefined ? {} : { default: oneLine(value) }),
  };
}

function oneLine(text: string): string {
  return text
    .replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
