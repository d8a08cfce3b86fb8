import type { CountryCode } from 'libphonenumber-js/min';
import type { EntitySpec } from './entity-specs';
import { maxLengthOf } from './hubspot-limits';
import type { FieldRule, InvalidValuePolicy } from './mapping-document';
import { enumerationValues } from './property-definitions';
import { compileTransform } from './transform-steps';
import type { TransformStep } from './transform-steps';

export type ValueCheck = 'email' | 'enumeration' | 'text';

/** A rule with every parameter resolved, so mapping a row does no lookups by name. */
export interface CompiledRule {
  readonly target: string;
  readonly source: string | undefined;
  readonly constant: string | undefined;
  readonly steps: readonly TransformStep[];
  readonly onInvalid: InvalidValuePolicy;
  /** Names the value in reasons: the PeopleSoft field a clerk can correct, else the property. */
  readonly label: string;
  readonly check: ValueCheck;
  readonly options: ReadonlySet<string> | undefined;
  readonly maxLength: number;
  readonly isStatus: boolean;
}

export function compileRule(
  spec: EntitySpec,
  rule: FieldRule,
  defaultRegion: CountryCode,
): CompiledRule {
  const label = rule.source ?? rule.target;
  const options = enumerationValues(spec.objectType, rule.target);
  const isEmail = rule.checkAs === 'email' || rule.target === 'email';
  return {
    target: rule.target,
    source: rule.source,
    constant: rule.constant,
    steps: rule.transforms.map((transform) =>
      compileTransform(transform, { defaultRegion, label }),
    ),
    onInvalid: rule.onInvalid,
    label,
    check: isEmail ? 'email' : options !== undefined ? 'enumeration' : 'text',
    options,
    maxLength: maxLengthOf(rule.target),
    isStatus: rule.target === spec.statusProperty,
  };
}
