/**
 * IAM's condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html),
 * each also with `IfExists` and behind `ForAllValues:` / `ForAnyValue:`. Anything else is an operator this check
 * cannot judge.
 */
const OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

export function isConditionOperator(operator: string): boolean {
  const bare = operator.replace(/^For(All|Any)Values:/, '').replace(/IfExists$/, '');
  return OPERATORS.has(bare);
}

/**
 * The operators that narrow `aws:PrincipalArn` to the values they list: exact ones only. `…IfExists`, the negated
 * ones and the set operators admit principals the values do not name.
 */
export const NARROWING_OPERATORS: readonly string[] = ['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike'];
