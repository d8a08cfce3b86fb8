import { escapeUnsafe } from './text-checks';

/**
 * RFC 6901 JSON Pointers name the entry an error is about, so an API or UI can highlight it
 * and a clerk can find it in the stored document. Lookup-table keys are free text, hence the
 * escaping of '~' and '/'.
 */
export function pointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** One problem in a mapping document: where it is, and what is wrong. */
export interface MappingIssue {
  /** JSON Pointer into the document; '' is the document itself. */
  readonly path: string;
  readonly message: string;
}

export function formatIssue(issue: MappingIssue): string {
  return issue.path === ''
    ? `mapping document: ${issue.message}`
    : `${issue.path}: ${issue.message}`;
}

/** Collects issues; validators push to it instead of throwing so every problem is reported. */
export class IssueList {
  readonly items: MappingIssue[] = [];

  /** Escapes both parts: a key in a hostile document may hold NUL bytes, and issues get stored. */
  add(path: string, message: string): void {
    this.items.push({ path: escapeUnsafe(path), message: escapeUnsafe(message) });
  }

  get count(): number {
    return this.items.length;
  }
}
