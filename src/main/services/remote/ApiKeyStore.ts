import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../../../shared/result';
import type { HandlerSlice } from '../router';
import type { ApiKeyLookup } from './runRemoteModelCases';
import { writeFileAtomically } from '../writeFileAtomically';

/**
 * Encryption by the operating system's keychain (Electron's `safeStorage` in the app: Keychain
 * on macOS, DPAPI on Windows, libsecret/kwallet on Linux). Services never import `electron`; the
 * app passes this in.
 */
export interface SecretCipher {
  /** False where no keychain is available (a Linux session without a secret service). */
  isAvailable(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

/**
 * API keys for remote endpoints, by name, encrypted with the system keychain and kept in one
 * file beside the store (`api-keys.json`, readable by the user only). A run file or a stored run
 * names a key (`apiKeyName`); the key itself is read only when a request is sent. Without a
 * keychain nothing is stored: headless, keys come from environment variables (`apiKeyEnv`).
 */
export class ApiKeyStore implements ApiKeyLookup {
  private readonly file: string;

  constructor(
    home: string,
    private readonly cipher: SecretCipher | null,
  ) {
    this.file = path.join(home, 'api-keys.json');
  }

  /** The names of the stored keys, sorted; never the keys. */
  /** The calls this service answers, for the router. */
  handlers(): HandlerSlice<'apiKeys.list' | 'apiKeys.set' | 'apiKeys.remove'> {
    return {
      'apiKeys.list': () => this.list(),
      'apiKeys.set': async ({ name, key }) => {
        await this.set(name, key);
        return null;
      },
      'apiKeys.remove': ({ name }) => {
        this.remove(name);
        return null;
      },
    };
  }

  list(): string[] {
    return Object.keys(this.read()).sort((a, b) => a.localeCompare(b));
  }

  /** The key stored under this name, decrypted; null when there is none or it cannot be decrypted here. */
  async get(name: string): Promise<string | null> {
    const encrypted = this.read()[name];
    if (encrypted === undefined || this.cipher === null || !(await this.cipher.isAvailable())) return null;
    try {
      return await this.cipher.decrypt(Buffer.from(encrypted, 'base64'));
    } catch {
      // Encrypted by another user or machine: as good as absent, and the run says which key is missing.
      return null;
    }
  }

  async set(name: string, key: string): Promise<void> {
    if (!NAME.test(name)) {
      throw new UserFacingError(
        'invalid_input',
        `"${name}" cannot name an API key.`,
        'Use up to 100 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.',
      );
    }
    if (key.trim() === '' || /[^\x21-\x7e]/.test(key.trim())) {
      throw new UserFacingError(
        'invalid_input',
        `The API key for "${name}" is empty or contains characters an HTTP header cannot carry.`,
        'Paste the key again, without spaces or line breaks.',
      );
    }
    const cipher = await this.requireCipher();
    const encrypted = await cipher.encrypt(key.trim());
    this.write({ ...this.read(), [name]: encrypted.toString('base64') });
  }

  remove(name: string): void {
    const { [name]: _removed, ...rest } = this.read();
    this.write(rest);
  }

  private async requireCipher(): Promise<SecretCipher> {
    if (this.cipher === null) {
      throw new UserFacingError(
        'unavailable',
        'API keys can be stored only in the desktop app, which keeps them in the system keychain.',
        'Headless, put the key in an environment variable and name it with apiKeyEnv.',
      );
    }
    if (!(await this.cipher.isAvailable())) {
      throw new UserFacingError(
        'unavailable',
        'The system keychain is not available, so the API key would not be stored safely; it was not stored.',
        'On Linux, start a secret service (GNOME Keyring, KWallet), or use apiKeyEnv with an environment variable.',
      );
    }
    return this.cipher;
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // Said, not swallowed: the file is left as it is, so nothing the user stored is overwritten unseen.
      throw new UserFacingError(
        'invalid_input',
        `The stored API keys in ${this.file} cannot be read: ${error instanceof Error ? error.message : String(error)}.`,
        'Move the file aside (keys in it are encrypted and cannot be recovered without this machine’s keychain) and store the keys again.',
      );
    }
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  private write(keys: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomically(this.file, `${JSON.stringify(keys, null, 2)}\n`, 0o600);
  }
}
