import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Database } from '../../../../pipeline/environment/data/database';
import { testApp } from '../../../support/test-app';
import { SHAPES, databaseProps } from './database-shapes';
import { DataTestStack, logicalIdOf } from './support';

test('ecsSecrets: five variables from the secret, and the execution role may read exactly that secret', () => {
  const app = testApp();
  const stack = new DataTestStack(app, 'Service');
  const database = new Database(stack, 'Database', databaseProps(stack, 'svc', SHAPES.Postgres));
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
    secrets: database.ecsSecrets(),
  });
  const rendered = Template.fromStack(stack);
  const secretRef = { Ref: logicalIdOf(stack, 'Database/Secret/Attachment') };
  rendered.hasResourceProperties('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [
      Match.objectLike({
        Secrets: ['DB_HOST:host', 'DB_PORT:port', 'DB_NAME:dbname', 'DB_USER:username', 'DB_PASSWORD:password'].map(
          (pair) => {
            const [name, field] = pair.split(':');
            return { Name: name, ValueFrom: { 'Fn::Join': ['', [secretRef, `:${field}::`]] } };
          },
        ),
      }),
    ],
  });
  const policies = Object.values(rendered.findResources('AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p).includes('secretsmanager:GetSecretValue'),
  );
  expect(policies).toHaveLength(1);
  const statements = policies[0].Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[];
  const secretStatements = statements.filter((st) => JSON.stringify(st.Action).includes('secretsmanager'));
  expect(secretStatements.map((st) => st.Resource)).toEqual([secretRef]);
  // The secret is under the database's key: the key lets the execution role decrypt it (through Secrets Manager).
  rendered.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [logicalIdOf(stack, 'Task/ExecutionRole'), 'Arn'] } },
        }),
      ]),
    },
  });
});

test.each([
  ['Shop-Prod', "Database Database: identifier 'Shop-Prod' must be 1-63 lower-case letters"],
  ['shop--prod', "Database Database: identifier 'shop--prod' must be 1-63"],
])('a database identifier RDS would refuse is refused at synth: %s', (identifier, message) => {
  const stack = new DataTestStack(testApp(), 'Bad');
  expect(() => new Database(stack, 'Database', databaseProps(stack, identifier, SHAPES.Postgres))).toThrow(message);
});

test('serverless is refused on RDS engines, and an instance class or serverless capacity is required', () => {
  const stack = new DataTestStack(testApp(), 'Bad');
  const serverless = { minCapacity: 0.5, maxCapacity: 2 };
  expect(
    () =>
      new Database(stack, 'A', databaseProps(stack, 'a', { ...SHAPES.Postgres, serverless, instanceClass: undefined })),
  ).toThrow('Database A: serverless is only for Aurora engines (engine is postgres)');
  expect(
    () => new Database(stack, 'B', databaseProps(stack, 'b', { ...SHAPES.Postgres, instanceClass: undefined })),
  ).toThrow('Database B: set instanceClass or (Aurora) serverless');
});
