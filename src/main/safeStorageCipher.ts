import { safeStorage } from 'electron';
import type { SecretCipher } from './services/remote/ApiKeyStore';

/** Desktop cipher for stored API keys: Electron's safeStorage, backed by the system keychain. */
export const safeStorageCipher: SecretCipher = {
  // On Linux, safeStorage falls back to a hard-coded password when no secret service runs: not safe.
  isAvailable: async () =>
    (await safeStorage.isAsyncEncryptionAvailable()) &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
};
