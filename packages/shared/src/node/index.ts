// Server-only helpers (node:crypto) shared by the control plane and the proxy. Browser code
// imports "@gatehouse/shared", never this entry.
export { decryptText, encryptText, parseEncryptionKey } from "./envelope.ts";
export { API_KEY_PREFIX, DISPLAY_PREFIX_LENGTH, TOKEN_PREFIX, generateSecret, sha256Hex } from "./secrets.ts";
export { type LogFields, type LogLevel, type Logger, createLogger, errorFields, errorMessage } from "./log.ts";
export {
  type AddressPolicy,
  type AddressVerdict,
  checkUpstreamUrl,
  guardedLookup,
  isPrivateAddress,
  judgeAddress,
  judgeLiteralHost,
  UpstreamAddressError,
  upstreamConnector,
  upstreamDispatcher,
} from "./upstream-address.ts";
export {
  type AccessToken,
  type ClientCredentialsConfig,
  ClientCredentialsTokenCache,
  TokenRequestError,
  type TokenFetch,
  bearerHeader,
  readClientCredentials,
  requestClientCredentialsToken,
} from "./oauth-token.ts";
