import { diffResources } from '../../../core/diff';
import type { TemplateResource } from '../../../core/preflight/assembly-model';

// GIVEN a CodeDeploy ECS deployment group whose production route is the Production listener; Other is a listener
// no deployment group routes.
const listener = (port: number, certificate: string): TemplateResource => ({
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: {
    Port: port,
    Certificates: [{ CertificateArn: certificate }],
    DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Blue' } }],
  },
});
const template = (certificate: string): Record<string, TemplateResource> => ({
  Production: listener(443, certificate),
  Other: listener(8443, certificate),
  Group: {
    Type: 'AWS::CodeDeploy::DeploymentGroup',
    Properties: {
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [
          { ProdTrafficRoute: { ListenerArns: [{ Ref: 'Production' }] }, TargetGroups: [{ Name: 'blue' }] },
        ],
      },
    },
  },
});

test("a change of a deployment group's traffic listener is marked RESETS; another listener's change is not", () => {
  const changes = diffResources(template('arn:cert/1'), template('arn:cert/2'));
  const marks = Object.fromEntries(changes.map((c) => [c.logicalId, c.marks.map((m) => m.word)]));
  expect(marks).toEqual({ Other: [], Production: ['RESETS'] });
  expect(changes.find((c) => c.logicalId === 'Production')!.marks[0].reason).toContain('empty target group');
});
