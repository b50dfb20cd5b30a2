import { DEMO, seedDemoWorkspace } from '../demo/demo.ts';
import { createTestApp } from './test-app.ts';

/** A listening server on a free port, for browser tests: embedded database, optional demo data. */
export async function startTestServer(options: { demo?: boolean } = {}) {
  const app = await createTestApp();
  if (options.demo !== false) await seedDemoWorkspace(app.conn, app.modules);
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    demoLogin: { email: DEMO.email, password: DEMO.password },
    close: () => app.close(),
  };
}
