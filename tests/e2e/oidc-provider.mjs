// A real OpenID provider for the tests: panva's certified `oidc-provider`,
// pinned in package.json, on a loopback port. Sustain's tests register their
// own client with it (dynamic registration, each with its exact redirect URI),
// sign in through a minimal login form, and steer it with a few `/test/`
// endpoints: the claims an account carries, a tampered ID token for one
// account's next code exchange (to see Sustain refuse it), and a key rotation.
//
// Prints one line of JSON, {"issuer": "..."}, once it listens, and stops when
// its standard input closes (the test run that started it has ended).
import Provider from 'oidc-provider';
import { createServer } from 'node:http';
import { generateKeyPairSync, createSign, randomUUID } from 'node:crypto';

const newKey = () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
};

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (header, payload, key) => {
  const input = `${b64(header)}.${b64(payload)}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign({ key, format: 'jwk' }).toString('base64url')}`;
};

// Claims each account signs in with, by login name; unknown names get a default.
const accounts = new Map();
// One tampering per account, applied to its next token response.
const tampering = new Map();
let keys = [newKey()];

// The provider's store, shared by every provider this script makes: after a
// key rotation, clients, sessions, sign-ins under way and codes carry on
// (its own in-memory store would be one per provider, and bounded).
const store = new Map();
class SharedAdapter {
  constructor(model) { this.model = model; }

  key(id) { return `${this.model}:${id}`; }

  async upsert(id, payload, expiresIn) {
    store.set(this.key(id), { payload, expires: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
    if (payload.grantId) {
      const grant = `grant-of:${payload.grantId}`;
      store.set(grant, [...(store.get(grant) || []), this.key(id)]);
    }
    if (payload.uid) store.set(`uid-of:${this.model}:${payload.uid}`, id);
  }

  async find(id) {
    const entry = store.get(this.key(id));
    return entry && entry.expires > Date.now() ? entry.payload : undefined;
  }

  async findByUid(uid) {
    const id = store.get(`uid-of:${this.model}:${uid}`);
    return id ? this.find(id) : undefined;
  }

  async findByUserCode() { return undefined; }

  async consume(id) {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) { store.delete(this.key(id)); }

  async revokeByGrantId(grantId) {
    for (const key of store.get(`grant-of:${grantId}`) || []) store.delete(key);
    store.delete(`grant-of:${grantId}`);
  }
}
let current;

const claimsFor = (login) => ({
  name: login.replace(/[._-]/g, ' '),
  email: `${login}@partner.example`,
  email_verified: true,
  roles: [],
  ...(accounts.get(login) || {}),
});

// What a provider gone wrong (or an attacker in the middle) might send
// instead of the ID token it issued: the same token, changed in one way.
const tamper = (token, kind, issuer) => {
  const [header, payload] = token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url')));
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'nonce': return sign(header, { ...payload, nonce: 'a-nonce-sustain-never-sent' }, keys[0]);
    case 'issuer': return sign(header, { ...payload, iss: `${issuer}/another-tenant` }, keys[0]);
    case 'expired': return sign(header, { ...payload, iat: now - 7200, exp: now - 3600 }, keys[0]);
    case 'kid': {
      const stranger = newKey();
      return sign({ ...header, kid: stranger.kid }, payload, stranger);
    }
    default: throw new Error(`unknown tampering ${kind}`);
  }
};

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    adapter: SharedAdapter,
    jwks: { keys },
    features: {
      registration: { enabled: true },
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    pkce: { required: () => true },
    // Roles and groups travel in the ID token, as Entra ID's app roles do.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'roles', 'groups'],
    },
    cookies: { keys: ['a-test-provider-cookie-key'] },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...claimsFor(id) }),
    }),
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // Every client here is first-party: consent is given without asking.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.body?.id_token) {
      const payload = JSON.parse(Buffer.from(ctx.body.id_token.split('.')[1], 'base64url'));
      const kind = tampering.get(payload.sub);
      if (kind) {
        tampering.delete(payload.sub);
        ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token, kind, issuer) };
      }
    }
  });
  return provider;
}

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner sign-in</title></head>
<body><main>${body}</main></body></html>`;

const readBody = (req) => new Promise((ok, fail) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => ok(data));
  req.on('error', fail);
});

const send = (res, status, type, body) => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};

async function interaction(req, res, path) {
  const uid = path.split('/')[2];
  if (req.method === 'GET') {
    await current.interactionDetails(req, res);
    return send(res, 200, 'text/html; charset=utf-8', page(`<h1>Sign in to the test provider</h1>
<form method="post" action="/interaction/${uid}/login">
<label for="login">User name</label> <input id="login" name="login" autocomplete="username">
<button type="submit">Continue</button></form>`));
  }
  const login = new URLSearchParams(await readBody(req)).get('login')?.trim();
  if (!login) return send(res, 400, 'text/plain', 'a user name is needed');
  return current.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

async function testControl(req, res, path) {
  const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
  if (path === '/test/accounts') accounts.set(body.login, body.claims);
  else if (path === '/test/tamper') tampering.set(body.login, body.kind);
  else if (path === '/test/rotate') {
    // The new key signs from now on; the old one stays published a while, as real
    // providers do. The provider is made anew over the same store.
    keys = [newKey(), keys[0]];
    current = makeProvider(current.issuer);
  } else return send(res, 404, 'text/plain', 'no such control');
  return send(res, 200, 'application/json', JSON.stringify({ kid: keys[0].kid }));
}

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://here').pathname;
  const handle = path.startsWith('/interaction/') ? interaction(req, res, path)
    : path.startsWith('/test/') ? testControl(req, res, path)
      : Promise.resolve(current.callback()(req, res));
  handle.catch((error) => send(res, 500, 'text/plain', String(error?.stack || error)));
});

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  current = makeProvider(issuer);
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// Nobody may be reading any more (the test run has ended): never stop for that.
process.stdout.on('error', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
