import { checkPipelineTemplate, windowWidth, type TemplateJson } from '../../../core/guardrails';
import { shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';
import { exampleGuardrails } from './fixtures';

// GIVEN the shipped configuration's two pipelines as synthesized (prod in 333333333333, the example's protected
// account): the delivery pipeline, which hands prod's candidate off, and the release pipeline, which deploys it.
const shipped = synthesized(shippedConfig());
const delivery = shipped.pipeline.toJSON() as TemplateJson;
const template = shipped.release!.toJSON() as TemplateJson;

interface Stage {
  Name: string;
  Actions: { Name: string; ActionTypeId: { Category: string; Provider: string } }[];
  BeforeEntry?: { Conditions: { Rules: { Configuration: { Cron: string } }[] }[] };
}

/** A copy of the template with `change` applied to its pipeline's stages. */
function withStages(change: (stages: Stage[]) => void): TemplateJson {
  const copy = structuredClone(template) as {
    Resources: Record<string, { Type: string; Properties: { Stages: Stage[] } }>;
  };
  const pipeline = Object.values(copy.Resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!;
  change(pipeline.Properties.Stages);
  return copy as TemplateJson;
}

const paths = (t: TemplateJson) => checkPipelineTemplate(t, 'sample-pipeline', exampleGuardrails()).map((v) => v.path);

describe('checkPipelineTemplate judges the synthesized pipeline by account', () => {
  test('the shipped delivery pipeline reaches no protected account, its Assets stage included (issue 21, item 7)', () => {
    expect(paths(delivery)).toEqual([]);
  });

  test("the shipped release pipeline: every action that reaches prod waits for the approval, in prod's window", () => {
    expect(paths(template)).toEqual([]);
  });

  test('a pipeline whose approval stage is gone (e.g. a changed pipeline.ts) is refused at every prod action', () => {
    const noApproval = withStages((stages) =>
      stages.splice(
        stages.findIndex((s) => s.Name === 'Approve-prod'),
        1,
      ),
    );

    const found = paths(noApproval);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\(prod\)\.Deploy$/),
        expect.stringMatching(/\(prod\)\.BlueGreen$/),
      ]),
    );
  });

  test('the prod stage moved before the approval is refused', () => {
    const moved = withStages((stages) => {
      const prod = stages.splice(
        stages.findIndex((s) => s.Name === 'prod'),
        1,
      )[0];
      stages.splice(
        stages.findIndex((s) => s.Name === 'Approve-prod'),
        0,
        prod,
      );
    });

    expect(paths(moved).some((p) => /\(prod\)\.BlueGreen$/.test(p))).toBe(true);
  });

  test('a prod stage without its window, or with a window open around the clock, is refused', () => {
    const noWindow = withStages((stages) => delete stages.find((s) => s.Name === 'prod')!.BeforeEntry);
    const allDay = withStages((stages) => {
      stages.find((s) => s.Name === 'prod')!.BeforeEntry!.Conditions[0].Rules[0].Configuration.Cron =
        '* * 0-23 ? * MON';
    });

    const result = (t: TemplateJson) =>
      checkPipelineTemplate(t, 'sample-pipeline', exampleGuardrails()).filter((v) =>
        v.path.endsWith('(prod).BeforeEntry'),
      );
    expect(result(noWindow).map((v) => v.found)).toEqual([
      'no DeploymentWindow condition on a stage that deploys to protected account 333333333333',
    ]);
    expect(result(allDay).map((v) => v.found)).toEqual([
      "DeploymentWindow '* * 0-23 ? * MON' (24 hours a day on 1 days)",
    ]);
  });

  test('an account that is not protected is not judged', () => {
    const other = { ...exampleGuardrails(), protectedAccounts: ['999999999999'] };

    expect(checkPipelineTemplate(template, 'sample-pipeline', other)).toEqual([]);
  });
});

describe('windowWidth reads the hours and days a CodePipeline cron opens for', () => {
  test.each([
    ['* * 8-15 ? * MON,TUE,WED,THU', 8, 4],
    ['* * 9 ? * MON', 1, 1],
    ['* * * ? * *', 24, 7],
    ['* * 0-23/2 ? * MON-FRI', 24, 7],
  ])('%s: %i hours on %i days (an unread form counts as always open)', (cron, hours, days) => {
    expect(windowWidth(cron)).toEqual({ hours, days });
  });
});
