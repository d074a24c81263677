/**
 * A software WebAuthn authenticator for tests, on WebCrypto alone: ES256 (P-256) passkeys,
 * "none" attestation, a signature counter. It answers the options that
 * @simplewebauthn/server produces with the JSON that @simplewebauthn/browser would send,
 * so the server's real verification runs on it.
 */

// ---------------------------------------------------------------- bytes and CBOR

export function b64url(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function cborHead(major: number, n: number): Uint8Array<ArrayBuffer> {
  if (n < 24) return Uint8Array.of((major << 5) | n);
  if (n < 256) return Uint8Array.of((major << 5) | 24, n);
  if (n < 65536) return Uint8Array.of((major << 5) | 25, n >> 8, n & 255);
  return Uint8Array.of((major << 5) | 26, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;

/** The CBOR subset WebAuthn needs: integers, text, bytes and maps (keys in the order given). */
export function cbor(value: Cbor): Uint8Array<ArrayBuffer> {
  if (typeof value === "number") return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    return concat(cborHead(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(cborHead(2, value.length), value);
  const parts: Uint8Array[] = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return concat(...parts);
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** WebCrypto's ECDSA signature is r||s; WebAuthn wants ASN.1 DER. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v: Uint8Array = bytes.slice(i);
    if (v[0]! & 0x80) v = concat(Uint8Array.of(0), v);
    return concat(Uint8Array.of(0x02, v.length), v);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(Uint8Array.of(0x30, body.length), body);
}

// ---------------------------------------------------------------- the authenticator

export interface SoftCredential {
  id: Uint8Array;
  keys: CryptoKeyPair;
  rpId: string;
  userHandle: Uint8Array;
  counter: number;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function counterBytes(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  /** Answers registration options (PublicKeyCredentialCreationOptionsJSON) as the browser would. */
  async register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, origin: string): Promise<Record<string, unknown>> {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
    const id = crypto.getRandomValues(new Uint8Array(32));
    const credential: SoftCredential = { id, keys, rpId, userHandle: fromB64url(options.user.id), counter: 0 };
    this.credentials.push(credential);
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, fromB64url(jwk.x!)],
        [-3, fromB64url(jwk.y!)],
      ]),
    );
    const authData = concat(await sha256(new TextEncoder().encode(rpId)), Uint8Array.of(FLAG_UP | FLAG_UV | FLAG_AT), counterBytes(0), new Uint8Array(16), Uint8Array.of(id.length >> 8, id.length & 255), id, coseKey);
    const clientData = new TextEncoder().encode(JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin, crossOrigin: false }));
    const attestationObject = cbor(new Map<string, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      response: { clientDataJSON: b64url(clientData), attestationObject: b64url(attestationObject), transports: ["internal"] },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** Answers sign-in options with the first credential for the RP (or `credential`). */
  async authenticate(
    options: { challenge: string; rpId?: string },
    origin: string,
    overrides: { credential?: SoftCredential; type?: string } = {},
  ): Promise<Record<string, unknown>> {
    const rpId = options.rpId ?? new URL(origin).hostname;
    const credential = overrides.credential ?? this.credentials.find((c) => c.rpId === rpId);
    if (!credential) throw new Error(`no passkey for ${rpId}`);
    credential.counter += 1;
    const authData = concat(await sha256(new TextEncoder().encode(rpId)), Uint8Array.of(FLAG_UP | FLAG_UV), counterBytes(credential.counter));
    const clientData = new TextEncoder().encode(JSON.stringify({ type: overrides.type ?? "webauthn.get", challenge: options.challenge, origin, crossOrigin: false }));
    const signed = concat(authData, await sha256(clientData));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, credential.keys.privateKey, signed));
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(derSignature(raw)), userHandle: b64url(credential.userHandle) },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
