/**
 * Tests clean up after themselves (issue 28, kind 10): every temporary file of a run goes into the
 * run's own folder (`__tests__/temp-folder.js`), which the run removes at its end.
 */
import { basename, dirname } from 'node:path';
import { tmpdir } from 'node:os';

test("GIVEN a jest run WHEN a test asks for the temporary folder THEN it gets the run's own, which teardown removes", () => {
  expect(basename(tmpdir())).toMatch(/^kaito-aks-jest-/);
  expect(process.env.KAITO_AKS_JEST_TMPDIR).toBe(tmpdir());
  // the run's folder sits in the user's temporary folder, not in the project
  expect(dirname(tmpdir())).not.toContain('kaito-aks-jest-');
});
