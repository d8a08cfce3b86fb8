/**
 * `npm run rotate-key`: re-encrypts every connection secret under the current ML_ENCRYPTION_KEY.
 *
 * Rotation without downtime:
 *   1. deploy every app with the NEW key in ML_ENCRYPTION_KEY and the old one in
 *      ML_PREVIOUS_ENCRYPTION_KEYS (both decrypt; new writes use the new key);
 *   2. run this script once, with the same environment (safe to run again);
 *   3. remove the old key from ML_PREVIOUS_ENCRYPTION_KEYS and deploy again.
 * It prints counts only, never a secret.
 */
import 'reflect-metadata';
import { loadConfig } from '@ml/config';
import { rotateKeysInDatabase } from './rotate-key-job';

rotateKeysInDatabase(loadConfig())
  .then((report) => {
    process.stdout.write(
      `rotate-key: ${report.rotated} of ${report.checked} connections re-encrypted under key ` +
        `'${report.keyId}'\n`,
    );
  })
  .catch((error: unknown) => {
    console.error(`rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
