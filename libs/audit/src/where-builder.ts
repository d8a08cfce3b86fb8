/** Collects SQL conditions with numbered parameters; a filter left undefined adds nothing. */
export class WhereBuilder {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql` with every `?` replaced by the parameter for `value`, unless it is undefined. */
  add(sql: string, value: unknown): this {
    if (value === undefined) return this;
    const placeholder = this.param(value);
    this.conditions.push(sql.replaceAll('?', placeholder));
    return this;
  }

  /** Adds a condition whose parameters were made with `param`. */
  raw(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get isEmpty(): boolean {
    return this.conditions.length === 0;
  }

  /** The conditions joined with AND, or TRUE when there are none. */
  get sql(): string {
    return this.conditions.length === 0 ? 'TRUE' : this.conditions.join(' AND ');
  }
}
