// Integration tests reach only loopback (Redis, PostgreSQL, the app under test);
// WeCom and every other outside API must be mocked with nock.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

if (!process.env.TEST_REDIS_URL || !process.env.TEST_POSTGRES_URL) {
  throw new Error('Integration tests need TEST_REDIS_URL and TEST_POSTGRES_URL: run them with `npm test`, which starts both');
}
