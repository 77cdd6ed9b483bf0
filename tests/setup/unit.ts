// Unit tests touch no network: any HTTP request that nock does not expect fails.
import nock from 'nock';

nock.disableNetConnect();
