import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from './loopback';
import { xmlEscape } from './xml-text';

/** One forward (or other) action as the fake keeps it. */
export interface FakeAction {
  readonly Type: string;
  readonly TargetGroupArn?: string;
  readonly Order?: number;
  /** A weighted forward: target group ARN and weight. */
  readonly weighted?: readonly { readonly arn: string; readonly weight: number }[];
}

export interface FakeListener {
  readonly arn: string;
  readonly protocol: string;
  defaultActions: FakeAction[];
  rules: { readonly arn: string; actions: FakeAction[] }[];
}

/** One request as the fake saw it: the Action and the form's other fields. */
export interface ElbCall {
  readonly action: string;
  readonly form: Record<string, string>;
}

/** An AWS error the fake answers an action with. */
export interface ElbError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * A local Elastic Load Balancing v2 (`AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2`) that speaks awsQuery as AWS does
 * (form-encoded POST, XML answer) over listeners it holds in memory: DescribeListeners, DescribeRules,
 * ModifyListener and ModifyRule, the last two changing what the next Describe returns. Any other action is refused.
 */
export class ElbServer extends LoopbackServer {
  readonly calls: ElbCall[] = [];

  private constructor(
    readonly listeners: FakeListener[],
    private readonly fail: (action: string) => ElbError | undefined,
  ) {
    super();
  }

  static async start(
    listeners: FakeListener[],
    fail: (action: string) => ElbError | undefined = () => undefined,
  ): Promise<ElbServer> {
    return new ElbServer(listeners, fail).listen();
  }

  callsOf(action: string): Record<string, string>[] {
    return this.calls.filter((c) => c.action === action).map((c) => c.form);
  }

  protected respond(req: IncomingMessage, res: ServerResponse): void {
    void this.answer(req).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(body);
    });
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const params = new URLSearchParams((await readBody(req)).toString('utf8'));
    const action = params.get('Action') ?? '';
    const form = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'Action' && k !== 'Version'));
    this.calls.push({ action, form });
    const error = this.fail(action);
    if (error) return { status: error.status, body: errorXml(error.code, error.message) };
    if (action === 'DescribeListeners') {
      const arns = Object.entries(form)
        .filter(([k]) => k.startsWith('ListenerArns.member.'))
        .map(([, v]) => v);
      const found = this.listeners.filter((l) => arns.includes(l.arn));
      if (found.length < arns.length)
        return { status: 400, body: errorXml('ListenerNotFound', 'One or more listeners not found') };
      return ok(action, `<Listeners>${found.map(listenerXml).join('')}</Listeners>`);
    }
    if (action === 'DescribeRules') {
      const listener = this.listeners.find((l) => l.arn === form.ListenerArn);
      if (!listener) return { status: 400, body: errorXml('ListenerNotFound', 'Listener not found') };
      const rules = [
        ruleXml(`${listener.arn.replace(':listener/', ':listener-rule/')}/default`, true, listener.defaultActions),
        ...listener.rules.map((r) => ruleXml(r.arn, false, r.actions)),
      ];
      return ok(action, `<Rules>${rules.join('')}</Rules>`);
    }
    if (action === 'ModifyListener') {
      const listener = this.listeners.find((l) => l.arn === form.ListenerArn);
      if (!listener) return { status: 400, body: errorXml('ListenerNotFound', 'Listener not found') };
      listener.defaultActions = actionsOf(form, 'DefaultActions');
      return ok(action, `<Listeners>${listenerXml(listener)}</Listeners>`);
    }
    if (action === 'ModifyRule') {
      const rule = this.listeners.flatMap((l) => l.rules).find((r) => r.arn === form.RuleArn);
      if (!rule) return { status: 400, body: errorXml('RuleNotFound', 'Rule not found') };
      rule.actions = actionsOf(form, 'Actions');
      return ok(action, `<Rules>${ruleXml(rule.arn, false, rule.actions)}</Rules>`);
    }
    return { status: 400, body: errorXml('InvalidAction', `no fake for ${action}`) };
  }
}

/** The actions of a Modify request: `<prefix>.member.N.Type`, `.TargetGroupArn`, `.Order`. */
function actionsOf(form: Record<string, string>, prefix: string): FakeAction[] {
  const actions: FakeAction[] = [];
  for (let n = 1; form[`${prefix}.member.${n}.Type`] !== undefined; n++) {
    const field = (name: string) => form[`${prefix}.member.${n}.${name}`];
    actions.push({
      Type: field('Type'),
      TargetGroupArn: field('TargetGroupArn'),
      Order: field('Order') === undefined ? undefined : Number(field('Order')),
    });
  }
  return actions;
}

function actionXml(action: FakeAction): string {
  const order = action.Order === undefined ? '' : `<Order>${action.Order}</Order>`;
  const single = action.TargetGroupArn ? `<TargetGroupArn>${xmlEscape(action.TargetGroupArn)}</TargetGroupArn>` : '';
  const weighted = action.weighted
    ? `<ForwardConfig><TargetGroups>${action.weighted
        .map((t) => `<member><TargetGroupArn>${xmlEscape(t.arn)}</TargetGroupArn><Weight>${t.weight}</Weight></member>`)
        .join('')}</TargetGroups></ForwardConfig>`
    : '';
  return `<member><Type>${action.Type}</Type>${order}${single}${weighted}</member>`;
}

function listenerXml(l: FakeListener): string {
  return `<member><ListenerArn>${xmlEscape(l.arn)}</ListenerArn><Protocol>${l.protocol}</Protocol><DefaultActions>${l.defaultActions.map(actionXml).join('')}</DefaultActions></member>`;
}

function ruleXml(arn: string, isDefault: boolean, actions: FakeAction[]): string {
  return `<member><RuleArn>${xmlEscape(arn)}</RuleArn><IsDefault>${isDefault}</IsDefault><Priority>${isDefault ? 'default' : '10'}</Priority><Actions>${actions.map(actionXml).join('')}</Actions></member>`;
}

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

function ok(action: string, result: string): { status: number; body: string } {
  return {
    status: 200,
    body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>local-1</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>local-1</RequestId></ErrorResponse>`;
}
