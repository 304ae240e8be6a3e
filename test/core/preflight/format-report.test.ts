import { formatReport } from '../../../core/preflight/format-report';
import type { PreflightReport } from '../../../core/preflight/run-preflight';

describe('formatReport', () => {
  test('prints each finding with its place, the places of the same problem elsewhere, and the summary', () => {
    const report: PreflightReport = {
      rules: [],
      stackCount: 2,
      findings: [
        {
          ruleId: 'docker-hub-base-image',
          severity: 'error',
          stackName: 'app-pipeline',
          artifactId: 'app-pipeline',
          logicalId: 'WebBuild',
          message: 'Dockerfile:1: FROM node pulls from Docker Hub',
          alsoAt: ['app-pipeline WorkerBuild'],
        },
      ],
      errorCount: 1,
      warningCount: 0,
    };
    expect(formatReport(report, 'cdk.out').split('\n')).toEqual([
      'preflight: 0 rules over 2 stacks in cdk.out',
      '',
      'errors (1):',
      '  ✗ [docker-hub-base-image] app-pipeline WebBuild',
      '    Dockerfile:1: FROM node pulls from Docker Hub',
      '    also at: app-pipeline WorkerBuild',
      '',
      '1 error, 0 warnings: AWS would reject or mishandle this deployment',
      '',
    ]);
  });
});
