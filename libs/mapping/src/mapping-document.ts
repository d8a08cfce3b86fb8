import type { SourceEntity } from './mapping-result';

/** The fixed, safe set of transforms; nothing a document says is ever evaluated as code. */
export type TransformSpec =
  | { readonly op: 'trim' }
  | { readonly op: 'lower' }
  | { readonly op: 'upper' }
  | { readonly op: 'title' }
  | { readonly op: 'country' }
  /** Replaces an empty value with a constant or with another field's value. */
  | { readonly op: 'default'; readonly value?: string; readonly field?: string }
  /** Unmatched values pass through unless `otherwise` is given. */
  | {
      readonly op: 'lookup';
      readonly table: Readonly<Record<string, string>>;
      readonly caseInsensitive?: boolean;
      readonly otherwise?: string;
    }
  /** Appends the fields' values to the current value, skipping empty parts. */
  | {
      readonly op: 'concat';
      readonly fields: readonly string[];
      readonly separator: string;
      readonly distinct?: boolean;
    }
  | { readonly op: 'date'; readonly format: string }
  /** region: fixed ISO alpha-2; regionField: a 3-letter COUNTRY column; else the connection's. */
  | {
      readonly op: 'phone';
      readonly region?: string;
      readonly regionField?: string;
      readonly extension?: 'drop' | 'append';
    }
  | { readonly op: 'truncate'; readonly length: number };

export type TransformOp = TransformSpec['op'];

/** What happens when a transform cannot produce a value: fail the record, or leave it out. */
export type InvalidValuePolicy = 'reject' | 'omit';

/** One target property of the resolved mapping, defaults and overrides merged. */
export interface FieldRule {
  readonly target: string;
  readonly source?: string;
  readonly constant?: string;
  readonly transforms: readonly TransformSpec[];
  readonly onInvalid: InvalidValuePolicy;
  /**
   * Value checks that travel with the rule when it is renamed, so moving the work email to a
   * custom property still lower-cases and validates it. Any rule targeting `email` gets them.
   */
  readonly checkAs?: 'email';
}

export type FieldOverride =
  | {
      readonly kind: 'map';
      readonly target: string;
      readonly source?: string;
      readonly transforms: readonly TransformSpec[];
      readonly onInvalid: InvalidValuePolicy;
    }
  | { readonly kind: 'constant'; readonly target: string; readonly value: string }
  | { readonly kind: 'drop'; readonly target: string }
  | { readonly kind: 'rename'; readonly target: string; readonly to: string };

export interface EntityOverrides {
  readonly fields: readonly FieldOverride[];
}

/** A connection's overrides, one optional section per entity, as validateMappingDocument returns. */
export type MappingDocument = { readonly [E in SourceEntity]?: EntityOverrides };
