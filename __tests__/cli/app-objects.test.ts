import { deployedBackend, describeBackend } from '../../cli/app-objects';
import { synthesize } from '../stacks/helpers';

describe('the CLI reads back what the constructs create', () => {
  const { kaito } = synthesize();

  test('the backend the construct configures is the backend the CLI reads back', () => {
    expect(deployedBackend(kaito.aiService.environment)).toEqual({
      kind: 'local-llm',
      endpoint: 'http://workspace-falcon-7b-instruct.pets.svc/v1',
      model: 'falcon-7b-instruct',
    });
    const azure = synthesize({ DEPLOY_AZURE_OPENAI: 'true' }).kaito.aiService.environment;
    expect(deployedBackend(azure).kind).toBe('azure-openai');
  });
});

test('describeBackend', () => {
  expect(describeBackend(deployedBackend({}))).toBe('unknown (neither USE_LOCAL_LLM nor USE_AZURE_OPENAI is True)');
  expect(describeBackend(deployedBackend({ USE_AZURE_OPENAI: 'true', AZURE_OPENAI_ENDPOINT: 'https://x/' }))).toBe(
    'Azure OpenAI https://x/',
  );
});
