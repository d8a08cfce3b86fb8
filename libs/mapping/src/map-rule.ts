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
  const value = produce(rule, context, statusAlreadyReported);
  const problem = context.invalid;
  if (problem === undefined) return value;
  if (rule.onInvalid === 'omit') {
    context.notes.push(`${problem}; ${rule.target} was not sent`);
  } else {
    reasons.push(problem);
  }
  return '';
}

/**
 * The value, or '' with `context.invalid` set to the problem. The problem travels in the
 * context rather than in a returned object so that a clean value costs no allocation.
 */
function produce(rule: CompiledRule, context: StepContext, statusAlreadyReported: boolean): string {
  context.invalid = undefined;
  let value =
    rule.constant ?? (rule.source === undefined ? '' : readField(context.row, rule.source));
  // Checked before the transforms so the reason names the real fault, not "invalid phone".
  const rawProblem = textProblem(value);
  if (rawProblem !== undefined) return fail(context, `${rule.label} ${rawProblem}`);
  for (let s = 0; s < rule.steps.length && context.invalid === undefined; s++) {
    value = rule.steps[s](value, context);
  }
  if (context.invalid !== undefined) return '';
  value = value.trim();
  if (value === '') return '';
  // Concat and default read further fields, which can bring their own bad characters.
  const mappedProblem = textProblem(value);
  if (mappedProblem !== undefined) return fail(context, `${rule.target} ${mappedProblem}`);
  switch (rule.check) {
    case 'email': {
      const email = normalizeEmail(value);
      if (isValidEmail(email)) return email;
      return fail(context, `${rule.label} ${quoteValue(value)} is not a valid email address`);
    }
    case 'enumeration':
      if (rule.options?.has(value)) return value;
      // The lifecycle check has already named the bad status code in terms a clerk knows.
      if (rule.isStatus && statusAlreadyReported) return '';
      return fail(
        context,
        `${rule.label} ${quoteValue(value)} is not an allowed value of ${rule.target} (${[...(rule.options ?? [])].join(', ')})`,
      );
    case 'text':
      if (value.length <= rule.maxLength) return value;
      return fail(
        context,
        `${rule.label} is ${value.length} characters long; ${rule.target} takes at most ${rule.maxLength}`,
      );
  }
}

function fail(context: StepContext, problem: string): '' {
  context.invalid = problem;
  return '';
}
