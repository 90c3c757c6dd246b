// OAuth2 authorization server for the tests: oidc-provider with the client-credentials grant
// (client_secret_basic) and token introspection, both under /api/oauth/ as Atlas has them.
//
//   node oauth.mjs <http port> <https port> <cert.pem> <key.pem>
//
// Environment: TOKEN_TTL (seconds, default 600). Prints `ready` once listening and
// `token issued` on every access token it hands out, so tests can count them.
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import Provider from 'oidc-provider';

const [httpPort, httpsPort, certFile, keyFile] = process.argv.slice(2);
const ttl = Number(process.env.TOKEN_TTL || 600);

const provider = new Provider(`http://127.0.0.1:${httpPort}`, {
  clients: [
    {
      // The service account the generated client uses.
      client_id: 'mdb_sa_id_test',
      client_secret: 'mdb_sa_sk_test-secret',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      // Apache (mod_auth_openidc), which introspects the tokens it is shown.
      client_id: 'apache-resource-server',
      client_secret: 'apache-introspection-secret',
      grant_types: [],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    devInteractions: { enabled: false },
  },
  routes: {
    token: '/api/oauth/token',
    introspection: '/api/oauth/introspect',
    revocation: '/api/oauth/revoke',
    jwks: '/api/oauth/jwks',
  },
  ttl: { ClientCredentials: ttl },
});

provider.on('grant.success', () => console.log('token issued'));
provider.on('server_error', (ctx, err) => console.log('server error', err));

const handler = provider.callback();
let listening = 0;
const ready = () => {
  listening += 1;
  if (listening === 2) console.log('ready');
};
http.createServer(handler).listen(Number(httpPort), '127.0.0.1', ready);
https
  .createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, handler)
  .listen(Number(httpsPort), '127.0.0.1', ready);
