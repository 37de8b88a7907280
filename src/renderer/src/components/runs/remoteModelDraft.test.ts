import { describe, expect, it } from 'vitest';
import { calls } from '../../../../shared/api';
import { runDetail } from '../compare/testing/runFixtures';
import { draftFromRun, draftToRequest, EMPTY_DRAFT, nextRemoteId, type DraftModel } from './newRunDraft';
import { emptyEndpoint, type RemoteModelDraft } from './remoteModelDraft';

const endpoint = {
  ...emptyEndpoint('e1'),
  baseUrl: ' http://gpu-box:8080/v1 ',
  model: 'qwen',
  keySource: 'env' as const,
  apiKeyEnv: 'VLLM_KEY',
  concurrency: '4',
  timeoutSeconds: '1.5',
};
const remote = (draft: Partial<RemoteModelDraft> = {}): DraftModel => ({
  modelId: 'remote-1',
  remote: { label: 'vLLM BF16', api: 'chat', endpoints: [endpoint], ...draft },
});
const base = { ...EMPTY_DRAFT, testSetPath: '/sets/a.yaml' };

describe('remote models in the New run draft', () => {
  it('builds a remote model beside library ones, in run order, with the key named and never held', () => {
    const { request, remoteProblems } = draftToRequest({ ...base, models: [{ modelId: 'q8' }, remote(), { modelId: 'q4' }] });
    expect(remoteProblems).toEqual({});
    expect(request?.models.map((m) => m.modelId)).toEqual(['q8', 'remote:vLLM BF16', 'q4']);
    expect(request?.models[1]).toEqual({
      modelId: 'remote:vLLM BF16',
      label: 'vLLM BF16',
      remote: {
        api: 'chat',
        endpoints: [
          {
            baseUrl: 'http://gpu-box:8080/v1',
            model: 'qwen',
            dialect: 'openai',
            apiKeyEnv: 'VLLM_KEY',
            concurrency: 4,
            timeoutMs: 1500,
            retries: 3,
          },
        ],
      },
    });
    expect(request?.models[1]).not.toHaveProperty('load');
    expect(calls['runs.start'].input.safeParse(request).success).toBe(true);
  });

  it('says what is wrong, field by field, and starts nothing', () => {
    const bad = remote({
      label: ' ',
      endpoints: [
        { ...endpoint, baseUrl: '', model: '', apiKeyEnv: 'sk-123', concurrency: '0', timeoutSeconds: 'soon', retries: '21' },
        { ...emptyEndpoint('e2'), baseUrl: 'ftp://box/v1', model: 'm' },
        { ...emptyEndpoint('e3'), baseUrl: 'http://me:secret@box/v1', model: 'm', keySource: 'env' },
      ],
    });
    const { request, remoteProblems } = draftToRequest({ ...base, models: [bad] });
    expect(request).toBeNull();
    expect(Object.keys(remoteProblems).sort()).toEqual(
      [
        'remote-1-label',
        'remote-1-e1-baseUrl',
        'remote-1-e1-model',
        'remote-1-e1-apiKeyEnv',
        'remote-1-e1-concurrency',
        'remote-1-e1-timeoutSeconds',
        'remote-1-e1-retries',
        'remote-1-e3-apiKeyEnv',
      ].sort(),
    );
    expect(remoteProblems['remote-1-e1-apiKeyEnv']).toMatch(/name of an environment variable.*not the key itself/);
    // The form's own checks first; the shared schema's (scheme, credentials in the URL) once they pass.
    const schema = draftToRequest({
      ...base,
      models: [
        remote({
          endpoints: [
            { ...emptyEndpoint('e2'), baseUrl: 'ftp://box/v1', model: 'm' },
            { ...emptyEndpoint('e3'), baseUrl: 'http://me:secret@box/v1', model: 'm' },
          ],
        }),
      ],
    });
    expect(Object.keys(schema.remoteProblems)).toEqual(['remote-1-e2-baseUrl', 'remote-1-e3-baseUrl']);
    expect(schema.remoteProblems['remote-1-e2-baseUrl']).toMatch(/http:\/\/ or https:\/\//);
    expect(schema.remoteProblems['remote-1-e3-baseUrl']).toMatch(/must not contain a user name or password/);
  });

  it('refuses two remote models of one label, and a stored key that is not stored or cannot be read here', () => {
    const twins = draftToRequest({
      ...base,
      models: [remote(), { modelId: 'remote-2', remote: { label: 'vLLM BF16', api: 'auto', endpoints: [endpoint] } }],
    });
    expect(twins.remoteProblems['remote-2-label']).toMatch(/Another model in this run is labelled “vLLM BF16”/);
    const stored = remote({ endpoints: [{ ...endpoint, keySource: 'stored', apiKeyName: 'prod' }] });
    expect(
      draftToRequest({ ...base, models: [stored] }, { storedKeys: ['prod'], canStoreKeys: true }).request?.models[0]?.remote?.endpoints[0],
    ).toMatchObject({ apiKeyName: 'prod' });
    expect(draftToRequest({ ...base, models: [stored] }, { storedKeys: ['other'], canStoreKeys: true }).remoteProblems).toEqual({
      'remote-1-e1-apiKeyName': 'No key named “prod” is stored; add it under Models → API keys.',
    });
    expect(
      draftToRequest({ ...base, models: [stored] }, { storedKeys: null, canStoreKeys: false }).remoteProblems['remote-1-e1-apiKeyName'],
    ).toMatch(/desktop app.*environment variable/);
  });

  it('re-runs a run with remote models: each keeps its label, API and endpoints', () => {
    const detail = runDetail(['c1'], ['q8']);
    const spec = calls['runs.get'].output.shape.spec.parse({
      ...detail.spec,
      models: [
        {
          modelId: 'remote:served',
          label: 'served',
          remote: {
            api: 'completion',
            endpoints: [
              { baseUrl: 'http://a:1/v1', model: 'm', apiKeyName: 'prod', concurrency: 2, timeoutMs: 90_000, dialect: 'vllm' },
              { baseUrl: 'http://b:1/v1', model: 'm' },
            ],
          },
        },
        ...detail.spec.models,
      ],
    });
    const draft = draftFromRun({ ...detail, spec }, '/sets/a.yaml');
    expect(draft.models[0]).toMatchObject({ modelId: 'remote-1', remote: { label: 'served', api: 'completion' } });
    expect(draft.models[0]?.remote?.endpoints[0]).toMatchObject({
      keySource: 'stored',
      apiKeyName: 'prod',
      timeoutSeconds: '90',
      concurrency: '2',
      dialect: 'vllm',
    });
    const { request } = draftToRequest(draft, { storedKeys: ['prod'], canStoreKeys: true });
    expect(request?.models.map((m) => m.modelId)).toEqual(['remote:served', 'q8']);
    expect(request?.models[0]).toEqual({ modelId: 'remote:served', label: 'served', remote: spec.models[0]?.remote });
    expect(nextRemoteId(draft.models)).toBe('remote-2');
  });
});
