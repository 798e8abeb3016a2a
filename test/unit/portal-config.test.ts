import { PortalConfigError, loadPortalConfig } from '../../examples/portal/src/config';

describe('the example portal configuration', () => {
  it('defaults to port 3000 against a local Bulletin on 4000', () => {
    expect(loadPortalConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      bulletinUrl: 'http://localhost:4000',
      bulletinPublicUrl: 'http://localhost:4000',
      publicUrl: 'http://localhost:3000',
      timeZone: 'Asia/Ho_Chi_Minh',
      latestCount: 10,
      transport: 'get',
    });
  });

  it('drops a trailing slash from URLs and follows PORT in the default public URL', () => {
    const config = loadPortalConfig({ PORT: '3170', BULLETIN_URL: 'https://api.tin.example.vn/' });
    expect(config.bulletinUrl).toBe('https://api.tin.example.vn');
    expect(config.bulletinPublicUrl).toBe('https://api.tin.example.vn');
    expect(config.publicUrl).toBe('http://localhost:3170');
  });

  it('refuses every bad value at once, naming each variable', () => {
    let thrown: unknown;
    try {
      loadPortalConfig({ PORT: '70000', BULLETIN_URL: 'ftp://bulletin', PORTAL_PUBLIC_URL: 'http://x/?a=1', NEWSROOM_TIMEZONE: 'Mars/Olympus', PORTAL_LATEST_COUNT: '0', BULLETIN_TRANSPORT: 'websocket' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PortalConfigError);
    expect((thrown as PortalConfigError).problems.map((problem) => problem.split(':')[0])).toEqual([
      'PORT',
      'BULLETIN_URL',
      'PORTAL_PUBLIC_URL',
      'NEWSROOM_TIMEZONE',
      'PORTAL_LATEST_COUNT',
      'BULLETIN_TRANSPORT',
    ]);
  });
});
