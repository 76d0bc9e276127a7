// ESLint (flat config): typescript-eslint's recommended rules for the TypeScript, the recommended
// JavaScript rules for the few .js scripts, Prettier for layout (eslint-config-prettier turns off what
// it owns), and the one length rule Prettier cannot enforce: no line over 150 characters in what users
// run and read (src/, constructs/), long strings included.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'constructs-cdktn/',
      'providers/',
      '.engine/',
      '.tools/',
      'tools/',
      'coverage/',
      'bench/tmp/',
      'test/.tmp/',
      '**/cdktf.out/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused parameters named with a leading underscore are deliberate (callbacks with a fixed shape).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // CommonJS scripts and configs: require() is how they load things.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts', 'constructs/**/*.ts'],
    rules: { 'max-len': ['error', { code: 150, ignoreUrls: false, ignoreStrings: false, ignoreTemplateLiterals: false, ignoreComments: false }] },
  },
  {
    // Tests and the bench assert on loosely typed JSON (synthesized stacks, answers) and load built code.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
