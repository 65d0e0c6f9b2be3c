// A real OpenID Provider for the `auth` e2e project (npm oidc-provider, dev interactions:
// any password). Accounts: "shopper" in group shop, "carter" in group cart, "olga" in ops.
//   node e2e/auth/op.mjs <port> <sightline origin>
import Provider from "oidc-provider";

const port = Number(process.argv[2] ?? 3355);
const rp = process.argv[3] ?? "http://127.0.0.1:3354";
const GROUPS = { shopper: ["shop"], carter: ["cart"], olga: ["ops"] };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "sightline",
      client_secret: "sightline-e2e-client-secret-0123456789",
      redirect_uris: [`${rp}/auth/callback`],
      post_logout_redirect_uris: [`${rp}/auth/signed-out`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["preferred_username", "name"], email: ["email"], groups: ["groups"] },
  scopes: ["openid", "profile", "email", "groups"],
  pkce: { required: () => true },
  cookies: { keys: ["e2e-op-cookie-key-0123456789abcdef"] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: id, email: `${id}@example.test`, groups: GROUPS[id] ?? [] };
      },
    };
  },
});
provider.listen(port, "127.0.0.1", () => console.log(`OP on http://127.0.0.1:${port}`));
