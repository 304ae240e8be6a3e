import { IMAGE_PLACEHOLDER, IMAGE_PLACEHOLDER_NAME, TASK_DEFINITION_PLACEHOLDER } from '../../core/render';

describe('placeholders', () => {
  test('the image placeholder in taskdef.json is the name the CodeDeployToECS action is given, in angle brackets', () => {
    expect(IMAGE_PLACEHOLDER_NAME).toBe('IMAGE1_NAME');
    expect(IMAGE_PLACEHOLDER).toBe(`<${IMAGE_PLACEHOLDER_NAME}>`);
  });

  test('the task definition placeholder is the one the action fills in', () => {
    expect(TASK_DEFINITION_PLACEHOLDER).toBe('<TASK_DEFINITION>');
  });
});
