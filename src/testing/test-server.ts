import { DEMO, seedDemoWorkspace } from '../demo/demo.ts';
import type { ConfigOverrides } from '../platform/config.ts';
import { createTestApp } from './test-app.ts';

/**
 * A listening server for browser tests: embedded database, optional demo data. It listens on a
 * free port, or on `config.port` when links it mails out (publicUrl) must reach it.
 */
export async function startTestServer(options: { demo?: boolean; config?: ConfigOverrides } = {}) {
  const app = await createTestApp({ config: options.config });
  if (options.demo !== false) await seedDemoWorkspace(app.conn, app.modules);
  await app.http.listen({ port: app.config.port, host: '127.0.0.1' });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    demoLogin: { email: DEMO.email, password: DEMO.password },
    close: () => app.close(),
  };
}
