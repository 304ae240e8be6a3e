import { Match } from 'aws-cdk-lib/assertions';
import { fixtureConfig, TEST_IMAGE_TAG } from '../../support/configs';
import { synthesized } from '../../support/synthesized';
import { ROUTE_STREAMING_TO_WORKER, STREAMING_PORT } from './support/route-streaming-to-worker';

// GIVEN the all-capabilities fixture (a public web service, a worker and a singleton beat) and the README's recipe for "Several services
// on one host name": an entry point that sends one path of the web service's host to the worker.
const { environments } = synthesized(fixtureConfig('all-capabilities'), TEST_IMAGE_TAG, ROUTE_STREAMING_TO_WORKER);
const staging = environments.staging;

test("the path rule sits on the web service's production listener and forwards to a target group of its own", () => {
  const listeners = staging.findResources('AWS::ElasticLoadBalancingV2::Listener');
  const rules = Object.values(staging.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
  const streaming = rules.filter((rule) => JSON.stringify(rule).includes('/api/v1/streaming'));
  expect(streaming).toHaveLength(1);
  const rule = streaming[0].Properties;
  expect(Object.keys(listeners)).toContain(rule.ListenerArn.Ref);
  expect(rule.Conditions).toEqual([
    { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/v1/streaming', '/api/v1/streaming/*'] } },
  ]);
  // Not one of the blue/green pair CodeDeploy swaps: its own group, registered by the worker's ECS service.
  const forwarded = rule.Actions[0].TargetGroupArn.Ref as string;
  staging.hasResource('AWS::ElasticLoadBalancingV2::TargetGroup', {
    Properties: Match.objectLike({ Port: STREAMING_PORT, HealthCheckPath: '/api/v1/streaming/health' }),
  });
  const services = Object.values(staging.findResources('AWS::ECS::Service')).map((s) => s.Properties);
  const worker = services.find((service) => service.ServiceName === 'helpdesk-staging-worker');
  // The worker keeps the ECS deployment controller (no DeploymentController: ECS's default), not CodeDeploy's.
  expect(worker).toMatchObject({
    LoadBalancers: [{ ContainerName: 'app', ContainerPort: STREAMING_PORT, TargetGroupArn: { Ref: forwarded } }],
  });
  expect(worker?.DeploymentController).toBeUndefined();
});

test("one ingress rule opens the streaming port of the worker's tasks, to the web service's load balancer only", () => {
  const ingress = Object.values(staging.findResources('AWS::EC2::SecurityGroupIngress')).filter(
    (rule) => rule.Properties.FromPort === STREAMING_PORT,
  );
  expect(ingress).toHaveLength(1);
  const worker = Object.values(staging.findResources('AWS::ECS::Service'))
    .map((service) => service.Properties)
    .find((service) => service.ServiceName === 'helpdesk-staging-worker');
  const [loadBalancer] = Object.values(staging.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
  expect(ingress[0].Properties).toMatchObject({
    ToPort: STREAMING_PORT,
    IpProtocol: 'tcp',
    GroupId: worker?.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0],
    SourceSecurityGroupId: loadBalancer.Properties.SecurityGroups[0],
  });
  expect(ingress[0].Properties.CidrIp).toBeUndefined();
});
