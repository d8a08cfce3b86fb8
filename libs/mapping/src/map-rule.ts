import type { CompiledRule } from './compiled-rule';
import { quoteValue } from './describe-value';
import { isValidEmail, normalizeEmail } from './email';
import { readField } from './source-row';
import { textProblem } from './text-checks';
import type { StepContext } from './transform-steps';

/**
 * Produces one property value, or '' to leave the property out of the upsert. A problem goes to
 * `reasons` (the record is rejected) or, for an 'omit' rule, to the notes with the property left
 * out: an unreadable phone number should not keep a new hire out of the CRM.
 */
export function mapRule(
  rule: CompiledRule,
  context: StepContext,
  reasons: string[],
  statusAlreadyReported: boolean,
): string {
  const outcome = produce(rule, context, statusAlreadyReported);
  if (outcome.problem === undefined) return outcome.value;
  if (rule.onInvalid === 'omit') {
    context.notes.push(`${outcome.problem}; ${rule.target} was not sent`);
  } else {
    reasons.push(outcome.problem);
  }
  return '';
}

type Outcome =
  { readonly value: string; readonly problem?: undefined } | { readonly problem: string };

const EMPTY: Outcome = { value: '' };

function produce(
  rule: CompiledRule,
  context: StepContext,
  statusAlreadyReported: boolean,
): Outcome {
  let value =
    rule.constant ?? (rule.source === undefined ? '' : readField(context.row, rule.source));
  // Checked before the transforms so the reason names the real fault, not "invalid phone".
  const rawProblem = textProblem(value);
  if (rawProblem !== undefined) return { problem: `${rule.label} ${rawProblem}` };
  context.invalid = undefined;
  for (let s = 0; s < rule.steps.length && context.invalid === undefined; s++) {
    value = rule.steps[s](value, context);
  }
  if (context.invalid !== undefined) return { problem: context.invalid };
  value = value.trim();
  if (value === '') return EMPTY;
  // Concat and default read further fields, which can bring their own bad characters.
  const mappedProblem = textProblem(value);
  if (mappedProblem !== undefined) return { problem: `${rule.target} ${mappedProblem}` };
  switch (rule.check) {
    case 'email': {
      const email = normalizeEmail(value);
      if (isValidEmail(email)) return { value: email };
      return { problem: `${rule.label} ${quoteValue(value)} is not a valid email address` };
    }
    case 'enumeration':
      if (rule.options?.has(value)) return { value };
      // The lifecycle check has already named the bad status code in terms a clerk knows.
      if (rule.isStatus && statusAlreadyReported) return EMPTY;
      return {
        problem: `${rule.label} ${quoteValue(value)} is not an allowed value of ${rule.target} (${[...(rule.options ?? [])].join(', ')})`,
      };
    case 'text':
      if (value.length <= rule.maxLength) return { value };
      return {
        problem: `${rule.label} is ${value.length} characters long; ${rule.target} takes at most ${rule.maxLength}`,
      };
  }
}
