import { Client } from '@opensearch-project/opensearch';
import { isolatedConfig } from '../support/integration';

/**
 * patches/@opensearch-project+opensearch+*.patch, applied by npm's postinstall (patch-package). The client
 * defined a `warnings` getter on each result; that getter's scope (the response, its body, the caller's
 * continuation) then outlived every young-generation collection until the next full one, which doubled what
 * the service's scavenges copied (README "Performance"). An install that skipped the patch fails here.
 */
describe('the OpenSearch client as patched', () => {
  it('answers with results whose warnings come from a shared getter, not one defined on each result', async () => {
    const config = await isolatedConfig('client-patch');
    if (config.SEARCH_ENGINE !== 'opensearch') return;
    const client = new Client({ node: config.SEARCH_URL });
    try {
      const result = await client.info();
      expect(result.statusCode).toBe(200);
      expect(Object.getOwnPropertyDescriptor(result, 'warnings')).toBeUndefined();
      expect(result.warnings).toBeNull();
      expect(Object.keys(result)).toEqual(['body', 'statusCode', 'headers', 'meta']);
    } finally {
      await client.close();
    }
  });
});
